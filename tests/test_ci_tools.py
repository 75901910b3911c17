"""HUIWU_REQUIRE_TOOLS=1 (what .ci/run sets): a skip for a missing LibreOffice, poppler or font fails instead."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIPPING = '''
import pytest
from conftest import needs_soffice

@pytest.mark.skipif(True, reason="LibreOffice (soffice) is not installed")
def test_marker(): pass

def test_call(): pytest.skip("no Chinese font installed (fonts-noto-cjk)")

def test_other_reason(): pytest.skip("tomllib comes with Python 3.11")
'''


def _pytest(folder: Path, require: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HUIWU_REQUIRE_TOOLS"}
    if require is not None:
        env["HUIWU_REQUIRE_TOOLS"] = require
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", str(folder)],
                          capture_output=True, text=True, env=env, cwd=folder, timeout=120)


def test_missing_tools_fail_the_run_when_required_and_skip_otherwise(tmp_path):
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_tools.py").write_text(SKIPPING, encoding="utf-8")

    relaxed = _pytest(tmp_path, None)
    assert relaxed.returncode == 0 and "3 skipped" in relaxed.stdout

    strict = _pytest(tmp_path, "1")
    assert strict.returncode != 0
    assert "test_marker - HUIWU_REQUIRE_TOOLS=1" in strict.stdout and "test_call - HUIWU_REQUIRE_TOOLS=1" in strict.stdout
    assert "SKIPPED [1] test_tools.py" in strict.stdout  # a skip for another reason stays a skip


def test_ci_script_requires_the_tools():
    script = (HERE.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "HUIWU_REQUIRE_TOOLS=1 python -m pytest" in script
