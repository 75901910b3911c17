"""Start-up: a command imports what it uses. xlwings only where Excel calls, python-docx only for
a document, the sign-in server only for `huiwu serve` (issue 13: each press is a fresh Python)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from huiwu_xl.demo import write_demo_workbook

ROOT = Path(__file__).resolve().parents[1]


def imported(*args: str) -> set[str]:
    """The modules `python -m huiwu_xl.cli ARGS` imported (from -X importtime)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "huiwu_xl.cli", *args],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:") and "|" in line}


def test_help_loads_neither_pandas_nor_any_adapter():
    modules = imported("--help")
    assert not {"pandas", "xlwings", "docx", "huiwu_xl.desk.serve", "huiwu_xl.port.excel"} & modules


def test_a_press_on_the_command_line_loads_no_excel_adapter_and_no_document_library(tmp_path):
    workbook = write_demo_workbook(tmp_path / "会议.xlsx", out_dir=str(tmp_path / "输出"))
    modules = imported("points", str(workbook), "--read-only")
    assert "pandas" in modules and "python_calamine" in modules  # what it does use
    assert not {"xlwings", "huiwu_xl.port.excel", "docx", "docxtpl", "pymupdf", "huiwu_xl.desk.service"} & modules


def test_a_document_press_loads_python_docx_but_not_xlwings(tmp_path):
    workbook = write_demo_workbook(tmp_path / "会议.xlsx", out_dir=str(tmp_path / "输出"))
    modules = imported("attendance", str(workbook), "--read-only")
    assert {"docx", "docxtpl"} <= modules
    assert not {"xlwings", "huiwu_xl.port.excel", "pymupdf"} & modules
