"""Replacing the workbook file so that it is never half written, never lost, never clobbered.

The new version goes to a temporary file beside the workbook, is flushed to disk and checked,
the previous version is kept in `.huiwu备份`, and only then does one rename put the new one in
place. A commit lock serialises two commands writing the same workbook; a workbook open in
Excel, WPS or LibreOffice (their owner files) is refused, because the program holding it would
overwrite our changes or refuse to save its own.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ...problems import InputError, Problem

BACKUP_FOLDER = ".huiwu备份"
KEEP_BACKUPS = 10
TEMP_PREFIX = ".~huiwu-"


def owner_files(path: Path) -> list[Path]:
    """Owner (lock) files that Excel, WPS and LibreOffice leave beside a workbook they have open."""
    name = path.name
    candidates = {f"~${name}", f".~lock.{name}#"}
    if len(name) > 2:
        candidates.add(f"~${name[2:]}")  # Word-style owner names drop the first two characters
    return [path.with_name(c) for c in sorted(candidates) if path.with_name(c).exists()]


def refuse_if_open(path: Path) -> None:
    found = owner_files(path)
    if found:
        raise InputError(Problem(path.name, f"工作簿正在 Excel 或 WPS 中打开（{found[0].name}），为免改动互相覆盖，本次未写入。"
                                 "请先保存并关闭工作簿再运行；或在 Excel 中直接点按钮。", place="文件"))


class WorkbookChanged(Exception):
    pass


def fingerprint(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def backup_folder(path: Path) -> Path:
    folder = path.parent / BACKUP_FOLDER
    if not folder.is_dir():
        folder.mkdir(exist_ok=True)
        _hide(folder)
    return folder


def _hide(folder: Path) -> None:
    if sys.platform == "win32":
        try:
            import ctypes

            ctypes.windll.kernel32.SetFileAttributesW(str(folder), 0x2)  # FILE_ATTRIBUTE_HIDDEN
        except Exception:  # a cosmetic touch: never a reason to fail
            pass


@contextmanager
def commit_lock(path: Path):
    """An OS lock on `.huiwu备份/<name>.lock`: released by the OS even when the process is killed."""
    folder = backup_folder(path)
    handle = open(folder / f"{path.name}.lock", "a+b")
    try:
        _lock(handle)
        yield
    finally:
        _unlock(handle)
        handle.close()


def _lock(handle) -> None:
    import time

    deadline = time.monotonic() + 30
    while True:
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise InputError(Problem(handle.name, "另一个 huiwu 命令正在写入这个工作簿，请稍后再试。", place="文件"))
            time.sleep(0.05)


def _unlock(handle) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass


def temp_path(path: Path) -> Path:
    return path.with_name(f"{TEMP_PREFIX}{os.getpid()}-{path.name}")


def remove_stale_temps(path: Path) -> None:
    """Temporary files of a write-back that was killed (only called while holding the commit lock)."""
    for stale in path.parent.glob(f"{TEMP_PREFIX}*-{path.name}"):
        try:
            stale.unlink()
        except OSError:
            pass


def keep_backup(path: Path, now: datetime | None = None) -> Path:
    """Copies the current workbook into .huiwu备份 (a hard link where the file system allows it) and
    prunes the oldest beyond KEEP_BACKUPS."""
    folder = backup_folder(path)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    try:
        os.link(path, target)  # the old inode lives on under this name after the replace
    except OSError:
        import shutil

        shutil.copy2(path, target)
    backups = sorted(folder.glob(f"{path.stem}-*{path.suffix}"), key=lambda p: p.name)
    for old in backups[:-KEEP_BACKUPS]:
        try:
            old.unlink()
        except OSError:
            pass
    return target


def fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace(path: Path, write, verify, expected: tuple[int, int]) -> Path:
    """Writes the new version with `write(fh)`, checks it with `verify(temp)`, keeps a backup and
    renames it over `path`. Returns the backup's path."""
    with commit_lock(path):
        refuse_if_open(path)
        if fingerprint(path) != expected:
            raise WorkbookChanged(path)
        remove_stale_temps(path)
        temp = temp_path(path)
        try:
            with open(temp, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            verify(temp)
            backup = keep_backup(path)
            os.replace(temp, path)
        except BaseException:
            try:
                temp.unlink()
            except OSError:
                pass
            raise
        fsync_folder(path.parent)
        return backup
