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
