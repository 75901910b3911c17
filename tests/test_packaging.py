"""An installed wheel must carry every subpackage and the templates (offices install from a wheel)."""
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib", reason="tomllib comes with Python 3.11")

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_and_the_templates_are_packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "huiwu_xl").rglob("__init__.py")}
    assert on_disk | {"huiwu_xl.templates"} == set(config["packages"])
    assert config["package-dir"] == {"huiwu_xl.templates": "templates"}
    templates = {p.suffix for p in (ROOT / "templates").iterdir()}
    assert templates <= {".docx", ".txt"}  # what package-data ships


def test_no_text_file_keeps_a_merge_conflict_marker():
    markers = ("<<<<<<< ", ">>>>>>> ")
    suffixes = {".py", ".md", ".toml", ".txt", ".cfg", ".bas", ".cls", ".html", ".js", ".css", ""}
    found = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or path.suffix not in suffixes or parts[0].startswith((".git", ".hypothesis", "mutants")):
            continue
        if path.stat().st_size > 2_000_000 or "egg-info" in parts[0]:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}:{n}" for n, line in enumerate(text.splitlines(), 1)
                  if line.startswith(markers) or line == "======="]
    assert not found, found
