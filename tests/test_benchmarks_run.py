"""The benchmarks still run (tiny sizes, no timing asserted: timings live in benchmarks/, not tests)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from huiwu_xl.documents.fonts import SERIF_FALLBACKS, find_font

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_attendance_benchmark_runs():
    out = run("bench_attendance.py", "--sizes", "100", "--runs", "1", "--end-to-end-max", "0")
    assert "| 100 |" in out and "calamine alone" in out


@pytest.mark.skipif(find_font(*SERIF_FALLBACKS) is None, reason="no Chinese font installed (fonts-noto-cjk)")
def test_plates_benchmark_runs():
    out = run("bench_plates.py", "--plates", "10", "--cards", "20", "--runs", "1")
    assert "10 plates" in out and "20 seat cards" in out


def test_desk_benchmark_runs():
    out = run("bench_desk.py", "--people", "300", "--seconds", "2", "--names", "5")
    assert "| sign-in at 20/s | 40 |" in out and "| search as you type |" in out
