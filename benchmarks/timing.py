"""What every benchmark here measures with: the median wall time of repeated runs."""
from __future__ import annotations

import statistics
import time


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def median_times(fns: list, runs: int) -> list[float]:
    """Medians for several functions run in turn (a, b, a, b, …), so that a drifting machine
    weighs on each alike: the ratios between them are what a comparison needs."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]
