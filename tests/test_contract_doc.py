"""docs/workbook-contract.md is generated from huiwu_xl.contract and must not drift from it."""
from pathlib import Path

from huiwu_xl.describe import markdown


def test_committed_contract_page_matches_the_code():
    page = Path(__file__).resolve().parents[1] / "docs" / "workbook-contract.md"
    assert page.read_text(encoding="utf-8") == markdown(), "run: python -m huiwu_xl.describe > docs/workbook-contract.md"
