"""Plates and seat cards benchmark: 1,000 plates (座签.pdf) and 2,000 seat cards.

    python benchmarks/bench_plates.py [--plates 1000] [--cards 2000] [--runs 5]

Target (issue 7, this machine): each ≤ 3 s. Reported: the median of `--runs` renders in one
process (fonts found and PyMuPDF imported once), and the median of `--runs` cold runs in a fresh
Python each (imports, font scan and render: what one button press costs).
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_time  # noqa: E402

from huiwu_xl.core.seating import Hall, seat_cards  # noqa: E402
from huiwu_xl.demo import GIVEN, MONGOLIAN, SURNAMES, UNITS  # noqa: E402
from huiwu_xl.documents.plates import Plate, PlateTemplate, render_plates  # noqa: E402
from huiwu_xl.documents.seat_cards import render_seat_cards  # noqa: E402


def roster_plates(n: int, seed: int = 7) -> list[Plate]:
    """Names of 2–4 characters, a few ·-names, one in ten bilingual Mongolian–Chinese."""
    rng = random.Random(seed)
    units = [u for group in UNITS.values() for u in group]
    plates = []
    for i in range(n):
        if i % 10 == 3:
            name, mn = rng.choice(MONGOLIAN)
        elif i % 50 == 7:
            name, mn = "阿卜杜热合曼·买买提", ""
        else:
            name, mn = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 3)))), ""
        plates.append(Plate(name, rng.choice(units), mn))
    return plates


def cold(snippet: str, runs: int) -> float:
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); {snippet}"
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plates", type=int, default=1000)
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huiwu-bench-plates-") as tmp:  # removed afterwards, also on failure
        run_all(args, Path(tmp))


def run_all(args, out: Path) -> None:
    plates = roster_plates(args.plates)
    rows = -(-args.cards // 20)
    labels = seat_cards(Hall(rows, 20, 0))[: args.cards]

    render_plates(plates[:5], out / "warm")  # import PyMuPDF and scan the fonts once
    warm_plates = median_time(lambda: render_plates(plates, out / "plates", PlateTemplate(show_unit=True)), args.runs)
    warm_cards = median_time(lambda: render_seat_cards(labels, out / "cards", "全旗经济工作会议"), args.runs)
    pdf = out / "plates" / "座签.pdf"
    print(f"{args.plates} plates (PDF {pdf.stat().st_size / 1e6:.1f} MB), median of {args.runs} in one process: {warm_plates:.2f} s")
    print(f"{args.cards} seat cards (docx), median of {args.runs} in one process: {warm_cards:.3f} s")

    cold_plates = cold(
        "from benchmarks.bench_plates import roster_plates; from huiwu_xl.documents.plates import render_plates, PlateTemplate; "
        f"render_plates(roster_plates({args.plates}), __import__('pathlib').Path({str(out / 'cold')!r}), PlateTemplate(show_unit=True))",
        args.runs,
    )
    cold_cards = cold(
        "from huiwu_xl.core.seating import Hall, seat_cards; from huiwu_xl.documents.seat_cards import render_seat_cards; "
        f"render_seat_cards(seat_cards(Hall({rows}, 20, 0))[:{args.cards}], __import__('pathlib').Path({str(out / 'cold')!r}), '会议')",
        args.runs,
    )
    print(f"{args.plates} plates, fresh Python each (imports + font scan + render), median of {args.runs}: {cold_plates:.2f} s")
    print(f"{args.cards} seat cards, fresh Python each, median of {args.runs}: {cold_cards:.2f} s")
    worst = max(warm_plates, warm_cards, cold_plates, cold_cards)
    print("target ≤ 3 s each:", "met" if worst <= 3 else "MISSED")


if __name__ == "__main__":
    main()
