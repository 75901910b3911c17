"""Writing generated files so that nothing is lost.

- A file open in Word or Excel is not overwritten: the new one goes under the next free name,
  名称(2).docx, 名称(3).docx, …
- An output never replaces the workbook being worked on (however its path is spelled: another
  case, `..`, a symbolic link), never writes through a link, and never replaces a file the
  program did not write or that someone changed after it was written. Which files huiwu wrote,
  and with what content, is kept in a small record in each output folder.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .problems import InputError, Problem

MAX_ALTERNATIVES = 99
RECORD_NAME = ".huiwu输出记录.json"
_LOCKED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EISDIR, errno.EBUSY, errno.ETXTBSY, errno.EROFS}
_protected: ContextVar[tuple[Path, ...]] = ContextVar("huiwu_protected_inputs", default=())


@contextmanager
def protecting(*paths: Path | None):
    """While a command runs, its workbook is an input that no output may replace."""
    token = _protected.set(tuple(Path(p) for p in paths if p))
    try:
        yield
    finally:
        _protected.reset(token)


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    # a case-insensitive file system (Windows, macOS) sees 会议.XLSM and 会议.xlsm as one file
    return os.path.normcase(os.path.realpath(a)).casefold() == os.path.normcase(os.path.realpath(b)).casefold()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(folder: Path) -> dict[str, str]:
    try:
        return json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remember(path: Path, data: bytes) -> None:
    record = _record(path.parent)
    record[path.name] = _digest(data)
    temp = path.parent / f"{RECORD_NAME}.{os.getpid()}.tmp"
    temp.write_text(json.dumps(record, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    os.replace(temp, path.parent / RECORD_NAME)


def written_by_huiwu(path: Path) -> bool:
    """True if `path` holds exactly what huiwu last wrote there."""
    expected = _record(path.parent).get(path.name)
    if expected is None:
        return False
    try:
        return _digest(path.read_bytes()) == expected
    except OSError:
        return False


def check_target(path: Path) -> None:
    """Refuses (exit code 2) an output path that would destroy something: see the module's docstring."""
    for protected in _protected.get():
        if _same_file(path, protected):
            raise InputError(Problem(path.name, f"输出文件 {path} 就是正在处理的工作簿，写入会毁掉工作簿，本次未写入。"
                                     "请换一个输出文件夹（--out 或 会议信息的“输出目录”），或给工作簿改个名。", place="文件"))
    if path.is_symlink():
        raise InputError(Problem(path.name, f"输出文件夹中的 {path.name} 是一个链接（快捷方式），写入会改动别处的文件，本次未写入。"
                                 "请删除该链接后重试。", place="文件"))
    if path.exists() and not path.is_dir() and not written_by_huiwu(path):
        raise InputError(Problem(path.name, f"输出文件夹中已有 {path.name}，它不是 huiwu 生成的，或生成后被修改过。"
                                 f"为免覆盖，本次未写入：请把它改名或移到别处后重试（文件夹：{path.parent}）。", place="文件"))


def candidate_paths(target: Path):
    yield target
    for n in range(2, MAX_ALTERNATIVES + 1):
        yield target.with_name(f"{target.stem}({n}){target.suffix}")


def write_unlocked(target: Path, data: bytes) -> Path:
    """Write `data` to `target`, or to `target(2)`, `target(3)`… when a file is locked by Word or Excel."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    last_error: OSError | None = None
    for path in candidate_paths(target):
        if path != target and path.exists() and not written_by_huiwu(path):
            continue  # someone else's file under the alternative name: try the next one
        check_target(path)
        try:
            with open(path, "wb") as fh:
                fh.write(data)
        except OSError as exc:  # PermissionError on Windows when Word holds the file
            if exc.errno not in _LOCKED_ERRNOS and not isinstance(exc, PermissionError):
                raise
            last_error = exc
            continue
        _remember(path, data)
        return path
    raise PermissionError(errno.EACCES, f"无法写入 {target}（文件被占用，已尝试 {MAX_ALTERNATIVES} 个备用文件名）") from last_error
