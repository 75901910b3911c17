"""Every button as a whole process (`huiwu <command> WORKBOOK`), on a calm and a bad morning.

    python benchmarks/bench_buttons.py [--sizes 1000 10000] [--workloads calm bad] [--runs 5]
                                       [--big 100000] [--commands attendance podium ...]

Each run is a meeting day: the import floor (`python -c "import pandas"`) is timed, then every
button is pressed once, in the 操作 sheet's order, on a fresh copy of the workbook with a fresh
output folder (a machine that slows down weighs on all of them alike; later buttons find what
earlier ones wrote, as in the office). The table gives each button's median and its ratio to the
floor's median. `--big` adds 核对考勤 on that many people, with its reading and its core timed in
this process.

Budgets (issue 13, this machine, medians): every button ≤ 1.0 s at 1,000 people and ≤ 3 s at
10,000 on both workloads; core reconciliation of 100,000 ≤ 1 s; `huiwu attendance` at 100,000
≤ 10 s. The workloads are described in workloads.py.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time, median_times  # noqa: E402
from workloads import WORKLOADS, latecomer, tables, write_workbook  # noqa: E402

from huiwu_xl.contract import BUTTONS  # noqa: E402

FLOOR = "import floor"
# 同步签到 copies sign-ins from a running `huiwu serve` (its SQLite file): timed by bench_desk.py.
NEEDS_SERVER = {"sync"}
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
BUDGETS = {1000: 1.0, 10000: 3.0, 100000: 10.0}


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=ROOT)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr or done.stdout}")
    return elapsed


def button_key(button) -> str:
    return f"{button.command} {button.flag}".strip()


def command_line(button, workbook: Path, out: Path, here: Path, data: dict) -> list[str]:
    """The press as a command: what a clerk gives besides the workbook (the button's own flag too)."""
    argv = [sys.executable, "-m", "huiwu_xl.cli", button.command, str(workbook)]
    if button.command == "replies" and not button.flag:
        argv.append(str(here / "回执"))  # a positional argument: right after the workbook
    extra = ["--out", str(out)] + ([button.flag] if button.flag else [])
    if button.command == "sign-in":
        extra += ["--name", latecomer(data)]
    elif button.command == "mail":
        extra.append("--dry-run")
    return argv + extra


def bench_mix(tmp: Path, people: int, workload: str, buttons: list, runs: int) -> dict[str, float]:
    """{button: median seconds} for one workbook, the floor included. Each run is a meeting day:
    every button pressed once in the 操作 sheet's order on a fresh copy of the workbook, into a
    fresh output folder, so later presses find what earlier ones wrote (回执 after the notice)."""
    from huiwu_xl.demo import send_back_replies

    folder = tmp / f"{workload}-{people}"
    pristine = write_workbook(folder / "pristine.xlsm", people, workload)
    data = tables(people, workload)
    times: dict[str, list[float]] = {name: [] for name in [FLOOR, *map(button_key, buttons)]}
    for run in range(runs):
        here = folder / f"run{run}"
        here.mkdir()
        workbook, out = here / "会议.xlsm", here / "输出"
        shutil.copyfile(pristine, workbook)
        times[FLOOR].append(timed([sys.executable, "-c", "import pandas"]))
        for button in buttons:
            if button.command == "replies" and not button.flag:  # the units' answers arrive (not timed)
                send_back_replies(out, here / "回执", data)
            times[button_key(button)].append(timed(command_line(button, workbook, out, here, data)))
        shutil.rmtree(here)
    return {name: statistics.median(t) for name, t in times.items()}


def bench_big(tmp: Path, people: int, workload: str, runs: int) -> dict[str, float]:
    """核对考勤 on a big meeting: the whole process, and in this process the reading and the core."""
    from python_calamine import CalamineWorkbook

    from huiwu_xl.core.attendance import reconcile
    from huiwu_xl.port import FileWorkbook
    from huiwu_xl.services import attendance

    folder = tmp / f"{workload}-{people}"
    # A plain .xlsx of the input sheets: filling 100,000 rows into huiwu.xlsm through write-back
    # takes longer than the whole benchmark.
    pristine = write_workbook(folder / "pristine.xlsx", people, workload)

    def calamine_only() -> None:
        book = CalamineWorkbook.from_path(str(pristine))
        for sheet in ("会议信息", "参会名单", "请假", "签到"):
            book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)

    def huiwu_read():
        return attendance.load(FileWorkbook(pristine))

    meeting, roster, leave, signins, categories = huiwu_read()
    rules = attendance.rules_of(meeting)
    calamine, read = median_times([calamine_only, huiwu_read], runs)
    core = median_time(lambda: reconcile(roster, leave, signins, rules, categories), runs)
    floor, command = [], []
    for run in range(runs):
        workbook = folder / f"run{run}.xlsx"
        shutil.copyfile(pristine, workbook)
        floor.append(timed([sys.executable, "-c", "import pandas"]))
        command.append(timed([sys.executable, "-m", "huiwu_xl.cli", "attendance", str(workbook), "--out", str(folder / f"输出{run}")]))
    return {FLOOR: statistics.median(floor), "attendance": statistics.median(command),
            "calamine alone": calamine, "huiwu read": read, "core": core}


def seconds(t: float) -> str:
    return f"{t:.2f} s" if t >= 0.1 else f"{t * 1000:.0f} ms"


def mark(t: float, people: int) -> str:
    budget = BUDGETS.get(people)
    return " ✗" if budget is not None and t > budget else ""


def table(results: dict[tuple[int, str], dict[str, float]], buttons: list) -> str:
    mixes = list(results)
    head = "| button | command | " + " | ".join(f"{w} {n:,} | ratio" for n, w in mixes) + " |"
    lines = [head, "|---|---|" + "---:|---:|" * len(mixes)]
    floor = "| （基线） | `python -c \"import pandas\"` | " + " | ".join(
        f"{seconds(results[m][FLOOR])} | 1.0×" for m in mixes) + " |"
    lines.append(floor)
    for button in buttons:
        cells = []
        for m in mixes:
            t = results[m][button_key(button)]
            cells.append(f"{seconds(t)}{mark(t, m[0])} | {t / results[m][FLOOR]:.1f}×")
        lines.append(f"| {button.caption} | `{button_key(button)}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def big_table(results: dict[tuple[int, str], dict[str, float]]) -> str:
    lines = ["| people | workload | floor | `huiwu attendance` | ratio | calamine alone | huiwu read | read ratio | core |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (n, w), r in results.items():
        core_mark = " ✗" if r["core"] > 1.0 else ""
        lines.append(f"| {n:,} | {w} | {seconds(r[FLOOR])} | {seconds(r['attendance'])}{mark(r['attendance'], n)} | "
                     f"{r['attendance'] / r[FLOOR]:.1f}× | {seconds(r['calamine alone'])} | {seconds(r['huiwu read'])} | "
                     f"{r['huiwu read'] / r['calamine alone']:.2f}× | {seconds(r['core'])}{core_mark} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="people per workbook; none: only --big")
    parser.add_argument("--workloads", nargs="+", choices=WORKLOADS, default=list(WORKLOADS))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", type=int, default=100000, help="people for 核对考勤 and the readers; 0: none")
    parser.add_argument("--commands", nargs="+", default=[b.command for b in BUTTONS if b.command not in NEEDS_SERVER],
                        metavar="COMMAND", help="default: every button's command but " + ", ".join(sorted(NEEDS_SERVER)))
    args = parser.parse_args()
    unknown = set(args.commands) - {b.command for b in BUTTONS}
    if unknown:
        parser.error(f"unknown commands: {', '.join(sorted(unknown))}")
    buttons = [b for b in BUTTONS if b.command in args.commands]
    results: dict[tuple[int, str], dict[str, float]] = {}
    big: dict[tuple[int, str], dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="huiwu-bench-buttons-") as tmp:
        for n in args.sizes:
            for w in args.workloads:
                results[(n, w)] = r = bench_mix(Path(tmp), n, w, buttons, args.runs)
                slowest = max(map(button_key, buttons), key=r.get)
                print(f"{w} {n:,}: floor {seconds(r[FLOOR])}, slowest {slowest} {seconds(r[slowest])}", flush=True)
        if args.big:
            for w in args.workloads:
                big[(args.big, w)] = r = bench_big(Path(tmp), args.big, w, args.runs)
                print(f"{w} {args.big:,}: attendance {seconds(r['attendance'])}, core {seconds(r['core'])}", flush=True)
    print(f"\nMedians of {args.runs} runs; ratio = the command's median over the floor's median in the same run.")
    print("✗ = over budget (≤ 1.0 s at 1,000 people, ≤ 3 s at 10,000, ≤ 10 s for 核对考勤 at 100,000; core ≤ 1 s).\n")
    if results:
        print(table(results, buttons))
    if big:
        print()
        print(big_table(big))


if __name__ == "__main__":
    main()
