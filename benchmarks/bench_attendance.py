"""Attendance benchmark: reading, the core and the whole command, 100 to 100,000 roster rows.

    python benchmarks/bench_attendance.py [--sizes 1000 10000 100000] [--runs 5]

Targets (issue 2, this machine): core ≤ 1 s at 100,000; command end to end ≤ 1.5 s at 1,000
and ≤ 3 s at 10,000; reading no slower than 1.3× python-calamine alone.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time, median_times  # noqa: E402

from python_calamine import CalamineWorkbook  # noqa: E402

from huiwu_xl.core.attendance import reconcile  # noqa: E402
from huiwu_xl.demo import write_demo_workbook  # noqa: E402
from huiwu_xl.port import FileWorkbook  # noqa: E402
from huiwu_xl.services import attendance  # noqa: E402

SHEETS = ["会议信息", "参会名单", "请假", "签到"]


def calamine_only(path: Path) -> None:
    book = CalamineWorkbook.from_path(str(path))
    for s in SHEETS:
        book.get_sheet_by_name(s).to_python(skip_empty_area=False)


def huiwu_read(path: Path):
    return attendance.load(FileWorkbook(path))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000, 100000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--end-to-end-max", type=int, default=100000, help="largest size for the whole command")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = write_demo_workbook(Path(tmp) / f"roster-{n}.xlsx", people=n)
            meeting, roster, leave, signins, cats = huiwu_read(path)
            rules = attendance.rules_of(meeting)
            calamine, read = median_times([lambda: calamine_only(path), lambda: huiwu_read(path)], args.runs)
            core = median_time(lambda: reconcile(roster, leave, signins, rules, cats), args.runs)
            e2e = None
            if n <= args.end_to_end_max:
                out = Path(tmp) / f"out-{n}"
                cmd = [sys.executable, "-m", "huiwu_xl.cli", "attendance", str(path), "--out", str(out)]
                e2e = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True), args.runs)
            rows.append((n, len(signins), calamine, read, core, e2e))
            print(f"{n:>7} people: calamine {calamine:.3f}s | huiwu read {read:.3f}s ({read / calamine:.2f}×) | "
                  f"core {core:.3f}s | command {'-' if e2e is None else f'{e2e:.2f}s'}", flush=True)
    print("\n| people | sign-ins | calamine alone | huiwu read | ratio | core | command end to end |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, s, c, r, core, e in rows:
        print(f"| {n:,} | {s:,} | {c * 1000:.0f} ms | {r * 1000:.0f} ms | {r / c:.2f}× | {core * 1000:.0f} ms | "
              f"{'-' if e is None else f'{e:.2f} s'} |")


if __name__ == "__main__":
    main()
