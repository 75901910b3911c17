"""`huiwu serve` under a meeting morning's load, over HTTP on 127.0.0.1.

    python benchmarks/bench_desk.py                     # 10,000 people, 20 sign-ins/s from 6 desks for 30 s
    python benchmarks/bench_desk.py --people 2000 --seconds 10

Sign-in: six desks together send a steady `--rate` sign-ins a second (each desk on its own clock,
spaced evenly), as a busy door does; the latency is from sending to the answer (committed with
synchronous=FULL). Search: every keystroke of typing a name's pinyin initials, its full pinyin
and its characters, as the desk page asks while the clerk types. Targets: sign-in p99 ≤ 50 ms,
search p99 ≤ 30 ms.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402
from deskserver import Server, hall_workbook, nonce  # noqa: E402

from huiwu_xl.core.desk import person_id, person_key  # noqa: E402
from huiwu_xl.desk.search import readings  # noqa: E402
from huiwu_xl.text import name_key  # noqa: E402

DESKS = 6


def pid(p: dict) -> str:
    return person_id(person_key(name_key(p["姓名"]), name_key(p["单位"])))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def line(label: str, ms: list[float], target: float) -> str:
    p50, p99 = statistics.median(ms), percentile(ms, 0.99)
    verdict = "ok" if p99 <= target else "OVER TARGET"
    return f"| {label} | {len(ms)} | {p50:.1f} | {percentile(ms, 0.9):.1f} | {p99:.1f} | {max(ms):.1f} | ≤ {target:.0f} | {verdict} |"


def sign_in_load(base: str, people: list[dict], rate: float, seconds: float) -> tuple[list[float], list[float]]:
    total = int(rate * seconds)
    chosen = people[:total]
    interval = DESKS / rate  # each desk's spacing
    start = time.perf_counter() + 0.2
    latencies: list[float] = []
    inside: list[float] = []  # the server's own time for the transaction (Server-Timing)
    lock = threading.Lock()

    def desk(number: int) -> None:
        mine = chosen[number::DESKS]
        with httpx.Client(timeout=10) as client:
            for k, p in enumerate(mine):
                due = start + number * (interval / DESKS) + k * interval
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                sent = time.perf_counter()
                response = client.post(base + "/api/sign-in", json={"nonce": nonce(), "desk": f"门{number + 1}", "person": pid(p)})
                took = (time.perf_counter() - sent) * 1000
                answer = response.json()
                assert answer["ok"], answer
                with lock:
                    latencies.append(took)
                    inside.append(float(response.headers["server-timing"].split("dur=")[1]))

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(DESKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, inside


def keystrokes(p: dict) -> list[str]:
    """What the search box holds after each key: initials, then full pinyin, then the characters."""
    syllables = [s[0] for s in readings(p["姓名"])]
    initials = "".join(s[0] for s in syllables)
    full = "".join(syllables)
    return ([initials[:i] for i in range(1, len(initials) + 1)] + [full[:i] for i in range(2, len(full) + 1)]
            + [p["姓名"][:i] for i in range(1, len(p["姓名"]) + 1)])


def search_load(base: str, people: list[dict], names: int) -> list[float]:
    rng = random.Random(3)
    latencies = []
    with httpx.Client(timeout=10) as client:
        for p in rng.sample(people, names):
            for text in keystrokes(p):
                sent = time.perf_counter()
                found = client.get(base + "/api/search", params={"q": text}).json()
                latencies.append((time.perf_counter() - sent) * 1000)
                assert len(found["results"]) <= 8
    return latencies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=20.0, help="sign-ins a second, all desks together")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--names", type=int, default=300, help="names typed key by key for the search")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        seats = 110
        rows = max(10, -(-args.people // seats) + 1)
        workbook, roster = hall_workbook(Path(folder) / "会议.xlsx", people=args.people, rows=rows, seats=seats)
        floor = [p for p in roster if p["座区"] != "主席台"]
        with Server(workbook) as server:
            began = time.perf_counter()
            signing, transactions = sign_in_load(server.base, floor, args.rate, args.seconds)
            spent = time.perf_counter() - began
            searching = search_load(server.base, roster, min(args.names, len(roster)))
    print(f"huiwu serve, {args.people:,} people, {DESKS} desks; {len(signing)} sign-ins in {spent:.1f} s "
          f"({len(signing) / spent:.1f}/s sustained)\n")
    print("| what | requests | median ms | p90 ms | p99 ms | max ms | target p99 | |")
    print("|---|---|---|---|---|---|---|---|")
    print(line(f"sign-in at {args.rate:g}/s", signing, 50))
    print(line("… of which the transaction (commit with fsync)", transactions, 50))
    print(line("search as you type", searching, 30))
    return 0


if __name__ == "__main__":
    sys.exit(main())
