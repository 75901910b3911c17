"""Write-back benchmark: the command line's changes going into the workbook itself.

    python benchmarks/bench_writeback.py [--sizes 1000 10000] [--runs 5]

Targets (issue 10, this machine, medians): signing in one person on a 1,000-person workbook
≤ 0.3 s beyond the command's start-up; the generated sheets of a 10,000-person attendance
≤ 2 s of write-back. Workbooks are the real macro workbook (会议示例.xlsm, buttons and VBA).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from huiwu_xl.demo import write_demo_workbook  # noqa: E402
from huiwu_xl.port import FileWorkbook  # noqa: E402
from huiwu_xl.services.attendance import check_attendance  # noqa: E402
from huiwu_xl.services.seating import sign_in_desk  # noqa: E402

QUIET = open(os.devnull, "w")


def sign_in_once(path: Path, k: list[int]) -> tuple[float, float]:
    """(whole press in process, of which write-back) for one new arrival."""
    k[0] += 1
    started = time.perf_counter()
    port = FileWorkbook(path, stream=QUIET)
    sign_in_desk(port, name=f"来宾{k[0]}", unit="市里", at="8:10")
    before_commit = time.perf_counter()
    port.commit()
    done = time.perf_counter()
    return done - started, done - before_commit


def attendance_once(path: Path, out: Path) -> tuple[float, float]:
    started = time.perf_counter()
    port = FileWorkbook(path, out, stream=QUIET)
    check_attendance(port)
    before_commit = time.perf_counter()
    port.commit()
    done = time.perf_counter()
    return done - started, done - before_commit


def medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    import statistics

    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            source = write_demo_workbook(Path(tmp) / f"会议-{n}.xlsm", people=n, out_dir=str(Path(tmp) / f"out-{n}"))
            path = Path(tmp) / f"工作-{n}.xlsm"
            shutil.copy2(source, path)
            counter = [0]
            sign = medians([sign_in_once(path, counter) for _ in range(args.runs)])
            attend = medians([attendance_once(path, Path(tmp) / f"out-{n}") for _ in range(args.runs)])
            floor = median_time(lambda: subprocess.run([sys.executable, "-c", "import pandas"], check=True), args.runs)
            cmd = [sys.executable, "-m", "huiwu_xl.cli", "sign-in", str(path), "--name", "来宾", "--unit", "市里", "--time", "8:10"]
            process = median_time(lambda: subprocess.run(cmd, check=True, capture_output=True), args.runs)
            size = path.stat().st_size / 1e6
            table.append((n, size, sign, attend, floor, process))
            print(f"{n:>6} people ({size:.1f} MB): sign-in {sign[0] * 1000:.0f} ms (write-back {sign[1] * 1000:.0f} ms) | "
                  f"attendance {attend[0]:.2f} s (write-back {attend[1]:.2f} s) | sign-in process {process:.2f} s, "
                  f"floor {floor:.2f} s", flush=True)
    print("\n| people | workbook | sign-in in process | of which write-back | sign-in as a process | `import pandas` floor "
          "| attendance in process | of which write-back |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, size, sign, attend, floor, process in table:
        print(f"| {n:,} | {size:.1f} MB | {sign[0] * 1000:.0f} ms | {sign[1] * 1000:.0f} ms | {process:.2f} s | {floor:.2f} s "
              f"| {attend[0]:.2f} s | {attend[1]:.2f} s |")


if __name__ == "__main__":
    main()
