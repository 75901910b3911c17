"""Writing generated files so that nothing is lost: a file open in Word or Excel is not
overwritten; the new one goes under the next free name, 名称(2).docx, 名称(3).docx, …"""
from __future__ import annotations

import errno
from pathlib import Path

MAX_ALTERNATIVES = 99
_LOCKED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EISDIR, errno.EBUSY, errno.ETXTBSY, errno.EROFS}


def candidate_paths(target: Path):
    yield target
    for n in range(2, MAX_ALTERNATIVES + 1):
        yield target.with_name(f"{target.stem}({n}){target.suffix}")


def write_unlocked(target: Path, data: bytes) -> Path:
    """Write `data` to `target`, or to `target(2)`, `target(3)`… when a file is locked or in the way."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    last_error: OSError | None = None
    for path in candidate_paths(target):
        try:
            with open(path, "wb") as fh:
                fh.write(data)
            return path
        except OSError as exc:  # PermissionError on Windows when Word holds the file
            if exc.errno not in _LOCKED_ERRNOS and not isinstance(exc, PermissionError):
                raise
            last_error = exc
    raise PermissionError(f"无法写入 {target}（文件被占用，已尝试 {MAX_ALTERNATIVES} 个备用文件名）") from last_error
