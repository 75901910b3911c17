"""The benchmarks still run (tiny sizes, no timing asserted: timings live in benchmarks/, not tests)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from huiwu_xl.documents.fonts import SERIF_FALLBACKS, find_font

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def run(script: str, *args: str, env: dict | None = None) -> str:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_attendance_benchmark_runs():
    out = run("bench_attendance.py", "--sizes", "100", "--runs", "1", "--end-to-end-max", "0")
    assert "| 100 |" in out and "calamine alone" in out


@pytest.mark.skipif(find_font(*SERIF_FALLBACKS) is None, reason="no Chinese font installed (fonts-noto-cjk)")
def test_plates_benchmark_runs_and_removes_its_temporary_folder(tmp_path):
    import os

    out = run("bench_plates.py", "--plates", "10", "--cards", "20", "--runs", "1", env={**os.environ, "TMPDIR": str(tmp_path)})
    assert "10 plates" in out and "20 seat cards" in out
    assert list(tmp_path.iterdir()) == []


def test_buttons_benchmark_runs_every_button_on_both_mornings():
    from huiwu_xl.contract import BUTTONS

    commands = [b.command for b in BUTTONS if b.command != "sync"  # needs a running sign-in server
                and (b.command != "plates" or find_font(*SERIF_FALLBACKS) is not None)]
    out = run("bench_buttons.py", "--sizes", "100", "--runs", "1", "--big", "150", "--commands", *dict.fromkeys(commands))
    assert "| button | command | calm 100 | ratio | bad 100 | ratio |" in out
    assert '`python -c "import pandas"`' in out
    for b in BUTTONS:
        if b.command in commands:
            key = f"{b.command} {b.flag}".strip()
            row = next(line for line in out.splitlines() if line.startswith(f"| {b.caption} | `{key}` |"))
            assert row.count("×") == 2  # a ratio to the floor for each workload
    assert "| 150 | calm |" in out and "| 150 | bad |" in out


def test_desk_benchmark_runs():
    out = run("bench_desk.py", "--people", "300", "--seconds", "2", "--names", "5")
    assert "| sign-in at 20/s | 40 |" in out and "| search as you type |" in out
