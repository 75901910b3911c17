"""A progress bar for the long runs on the command line (plates, mail, archive).

Shown on stderr only when stderr is a terminal: Excel's pythonw, pipes, log files and tests see
nothing, so output stays exactly what it was. One line, redrawn in place, cleared at the end.
"""
from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, TextIO, TypeVar

T = TypeVar("T")
WIDTH = 30
MIN_SECONDS = 0.5  # a run shorter than this never shows a bar
REDRAW_SECONDS = 0.1


def track(items: Iterable[T], total: int, label: str, stream: TextIO | None = None) -> Iterator[T]:
    """Yields `items`; on a terminal draws "label [#####.....] 12/40" while they are worked through."""
    stream = stream if stream is not None else sys.stderr
    if total <= 1 or not _is_terminal(stream):
        yield from items
        return
    start = last = time.monotonic()
    shown = False
    done = 0
    try:
        for item in items:
            yield item
            done += 1
            now = time.monotonic()
            if now - start >= MIN_SECONDS and (now - last >= REDRAW_SECONDS or done == total):
                stream.write("\r" + bar(label, done, total))
                stream.flush()
                shown, last = True, now
    finally:
        if shown:
            stream.write("\r" + " " * (len(bar(label, total, total)) + 8) + "\r")
            stream.flush()


def bar(label: str, done: int, total: int) -> str:
    filled = WIDTH * done // max(total, 1)
    return f"{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
