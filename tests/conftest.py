"""Shared fixtures: demo workbooks, and xlwings' remote engine for macro tests (excel.md)."""
from __future__ import annotations

import os
import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # the remote engine, tests only
# No test may read or write the keyring of the machine it runs on (a desktop's could prompt or hold a password).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# Failure logs (errors.log_folder) go to a folder of the test run, not the user's cache.
os.environ["XDG_CACHE_HOME"] = __import__("tempfile").mkdtemp(prefix="huiwu-test-cache-")

# HUIWU_REQUIRE_TOOLS=1 (set by .ci/run): a test skipped because LibreOffice, poppler, a font or
# chromium is missing fails instead, so CI can never pass by skipping what it was meant to check.
REQUIRE_TOOLS = os.environ.get("HUIWU_REQUIRE_TOOLS", "") not in ("", "0")
TOOL_WORDS = ("LibreOffice", "soffice", "poppler", "pdftotext", "pdftoppm", "pdffonts", "font", "chromium", "chromedriver")


def missing_tool(reason: str) -> bool:
    return any(word.lower() in reason.lower() for word in TOOL_WORDS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_TOOLS and report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if missing_tool(reason):
            report.outcome = "failed"
            report.longrepr = f"HUIWU_REQUIRE_TOOLS=1 but a required tool is missing: {reason}"


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                   reason="LibreOffice (soffice) is not installed")
def _cjk_font_installed() -> bool:
    from huiwu_xl.documents.fonts import SERIF_FALLBACKS, find_font

    return find_font(*SERIF_FALLBACKS) is not None


needs_cjk_font = pytest.mark.skipif(not _cjk_font_installed(), reason="no Chinese font installed (fonts-noto-cjk)")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")


def _json_cell(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}T00:00:00.000Z"
    if isinstance(value, time):
        return f"1899-12-30T{value:%H:%M:%S}.000Z"
    if value == "":
        return None
    return value


def payload_from_values(sheets: dict[str, list[list]], name: str = "huiwu.xlsm") -> dict:
    """The JSON xlwings' VBA client (Remote.bas) would send for a workbook with these sheets."""
    import xlwings as xw

    out = []
    for sheet_name, values in sheets.items():
        width = max((len(r) for r in values), default=1) or 1
        rows = [[_json_cell(v) for v in r] + [None] * (width - len(r)) for r in values] or [[None]]
        out.append({"name": sheet_name, "values": rows, "pictures": [], "tables": []})
    return {"client": "VBA", "version": xw.__version__,
            "book": {"name": name, "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": out}


def payload_from_file(path: Path, name: str = "huiwu.xlsm") -> dict:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheets = {s: book.get_sheet_by_name(s).to_python(skip_empty_area=False) for s in book.sheet_names}
    return payload_from_values(sheets, name)


def remote_book(payload: dict):
    import xlwings as xw

    return xw.Book(json=payload)


def actions(book, func: str | None = None) -> list[dict]:
    acts = book.json()["actions"]
    return [a for a in acts if func is None or a["func"] == func]


def sheet_values(book, name: str) -> list[list]:
    """A sheet's values as the payload brought them: the remote engine does NOT apply a macro's
    writes to what it reads back; use written_values() for those."""
    ws = book.sheets[name]
    last = ws.used_range.last_cell
    return ws.range((1, 1), (last.row, last.column)).options(ndim=2).value


@pytest.fixture
def demo_path(tmp_path) -> Path:
    from huiwu_xl.demo import write_demo_workbook

    return write_demo_workbook(tmp_path / "会议示例.xlsx", out_dir=str(tmp_path / "输出"))


@pytest.fixture(scope="session")
def demo_outputs(tmp_path_factory) -> Path:
    """The output folder of one `huiwu demo` run, shared by the tests that only look at outputs."""
    import io
    from contextlib import redirect_stdout

    from huiwu_xl.cli import main

    folder = tmp_path_factory.mktemp("demo")
    with redirect_stdout(io.StringIO()):
        assert main(["demo", str(folder)]) == 0
    return folder / "输出"


@pytest.fixture
def demo_book(demo_path):
    """The demo workbook as a real xlwings Book on the remote engine (output goes to tmp)."""
    return remote_book(payload_from_file(demo_path))


def written_values(book, sheet_name: str) -> list[list]:
    """The grid a macro wrote to a sheet, rebuilt from the remote engine's setValues actions."""
    positions = {s.name: i for i, s in enumerate(book.sheets)}
    acts = book.json()["actions"]
    for a in acts:
        if a["func"] == "addSheet" and a["args"][1] == sheet_name:
            positions[sheet_name] = a["args"][0]
    pos = positions[sheet_name]
    grid: dict[tuple[int, int], object] = {}
    for a in acts:
        if a["func"] == "setValues" and a["sheet_position"] == pos:
            for r, row in enumerate(a["values"]):
                for c, v in enumerate(row):
                    grid[(a["start_row"] + r, a["start_column"] + c)] = v
        elif a["func"] in ("sheetClear", "sheetClearContents") and a["sheet_position"] == pos:
            grid.clear()
    if not grid:
        return []
    rows = max(r for r, _ in grid) + 1
    cols = max(c for _, c in grid) + 1
    return [[grid.get((r, c)) for c in range(cols)] for r in range(rows)]


def apply_writes(payload: dict, book) -> dict:
    """The payload as Excel would hold it after the macro ran on `book`.

    The remote engine records writes as actions (addSheet, sheetClear, setValues) and does not
    apply them to what it reads back; this applies them, so a test can press the next button.
    """
    sheets = payload["sheets"]
    for a in book.json()["actions"]:
        if a["func"] == "addSheet":
            sheets.insert(a["args"][0], {"name": a["args"][1], "values": [[None]], "pictures": [], "tables": []})
        elif a["func"] in ("sheetClear", "sheetClearContents"):
            sheets[a["sheet_position"]]["values"] = [[None]]
        elif a["func"] == "setValues":
            _set_values(sheets[a["sheet_position"]]["values"], a)
    return payload


def _set_values(grid: list[list], action: dict) -> None:
    for r, row in enumerate(action["values"]):
        for c, value in enumerate(row):
            y, x = action["start_row"] + r, action["start_column"] + c
            while len(grid) <= y:
                grid.append([None] * len(grid[0]))
            for line in grid:
                line.extend([None] * (x + 1 - len(line)))
            grid[y][x] = None if value == "" else value


def sheet_after(book, name: str) -> list[list]:
    """An existing sheet's cells after the macro: what it held, with the macro's writes applied."""
    grid = [list(r) for r in sheet_values(book, name)]
    position = [s.name for s in book.sheets].index(name)
    for a in book.json()["actions"]:
        if a["func"] == "setValues" and a["sheet_position"] == position:
            _set_values(grid, a)
    return grid


def sheet_in(payload: dict, name: str) -> list[list]:
    return next(s for s in payload["sheets"] if s["name"] == name)["values"]


def sections(path) -> dict[str, list[str]]:
    """A rendered .docx as heading text → the body paragraphs under it, in document order."""
    from docx import Document

    from huiwu_xl.documents.linebreak import plain

    out, current = {}, None
    for para in Document(path).paragraphs:
        if para.style.name.startswith("Heading"):
            current = plain(para.text)
            out[current] = []
        elif current is not None:
            out[current].append(plain(para.text))
    return out


def alerts(book) -> list[str]:
    return [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
