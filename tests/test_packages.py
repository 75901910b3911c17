"""Every .docx and .xlsx the demo writes is a complete package: openxml-audit (the Open XML SDK's
schema and semantic rules, in Python) finds no error in any of them."""
from __future__ import annotations

from conftest import needs_cjk_font


@needs_cjk_font  # the demo presses 生成座签 too
def test_openxml_audit_finds_no_error_in_any_demo_output(demo_outputs):
    from openxml_audit import FileFormat, OpenXmlValidator

    files = sorted([*demo_outputs.glob("*.docx"), *demo_outputs.glob("*.xlsx"), *demo_outputs.parent.glob("*.xls[xm]")])
    kinds = {p.suffix for p in files}
    assert {".docx", ".xlsx"} <= kinds and len(files) >= 15
    validator = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365)
    failures = {}
    for path in files:
        result = validator.validate(path)
        if result.errors:
            failures[path.name] = [f"{e.part_uri}: {e.description}" for e in result.errors[:5]]
    assert not failures, failures
