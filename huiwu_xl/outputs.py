"""Writing generated files so that nothing is lost: a file open in Word or Excel is not
overwritten; the new one goes under the next free name, 名称(2).docx, 名称(3).docx, …
Every name is cleaned on the way (clean.path_name), whoever composed it."""
from __future__ import annotations

import errno
from pathlib import Path

from .clean import path_name
from .problems import InputError, Problem

MAX_ALTERNATIVES = 99
_LOCKED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EISDIR, errno.EBUSY, errno.ETXTBSY, errno.EROFS}


def candidate_paths(target: Path):
    yield target
    for n in range(2, MAX_ALTERNATIVES + 1):
        yield target.with_name(f"{target.stem}({n}){target.suffix}")


def ensure_folder(folder: Path) -> Path:
    """Creates the output folder; a file, or a name no file system takes, in its place is bad input."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), folder)
        raise InputError(Problem(str(folder), f"“{blocker}”是一个文件，不是文件夹：请在“会议信息”的“输出目录”（或命令行 --out）"
                                 "中另指定一个文件夹", place="输出文件夹")) from None
    except ValueError:  # a NUL in the path
        raise InputError(Problem(repr(str(folder)), "路径中含有不可见的控制字符，请重新填写“输出目录”", place="输出文件夹")) from None
    except OSError as exc:
        if exc.errno in (errno.ENAMETOOLONG, errno.EINVAL, errno.EILSEQ):
            raise InputError(Problem(str(folder), f"无法创建这个文件夹（{exc.strerror}）：请在“会议信息”的“输出目录”中改用较短、"
                                     "不含特殊字符的路径", place="输出文件夹")) from None
        raise
    return folder


def usable_folder(folder: Path, where: Problem | None = None) -> Path:
    """`folder` made absolute, or InputError if no file can go there: a control character in the
    path, or a file where a folder must be. `where` names the cell it was typed in, if any."""
    def refuse(message: str) -> InputError:
        if where is not None:
            return InputError(Problem(where.sheet, f"“输出目录”{message}", row=where.row, column=where.column))
        return InputError(Problem(str(folder), message, place="输出文件夹"))

    text = str(folder)
    if any(ord(ch) < 32 for ch in text):
        raise refuse("中含有不可见的控制字符，请重新填写")
    try:
        folder = Path(folder).resolve()
    except (OSError, ValueError, RuntimeError):
        raise refuse("无法识别，请填写一个存在的文件夹或可以新建的文件夹路径") from None
    blocker = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise refuse(f"指向的“{blocker}”是一个文件，不是文件夹：请另指定一个文件夹")
    return folder


def new_path(target: Path) -> Path:
    """`target` cleaned, or `target(2)`, `target(3)`… when that name is taken: for files never overwritten (archives)."""
    target = Path(target)
    for path in candidate_paths(target.parent / path_name(target.name, folder=target.parent)):
        path = path.parent / path_name(path.name, folder=path.parent)
        if not path.exists() and not path.is_symlink():
            return path
    raise FileExistsError(f"{target}：已有 {MAX_ALTERNATIVES} 个同名文件")


def write_unlocked(target: Path, data: bytes) -> Path:
    """Write `data` to `target`, or to `target(2)`, `target(3)`… when a file is locked or in the way."""
    target = Path(target)
    ensure_folder(target.parent)
    target = target.parent / path_name(target.name, folder=target.parent)
    last_error: OSError | None = None
    for path in candidate_paths(target):
        path = path.parent / path_name(path.name, folder=path.parent)
        try:
            if path.is_symlink():  # a link planted in the output folder: replace it, never write through it
                path.unlink()
            with open(path, "wb") as fh:
                fh.write(data)
            return path
        except OSError as exc:  # PermissionError on Windows when Word holds the file
            if exc.errno not in _LOCKED_ERRNOS and not isinstance(exc, PermissionError):
                raise
            last_error = exc
    raise PermissionError(f"无法写入 {target}（文件被占用，已尝试 {MAX_ALTERNATIVES} 个备用文件名）") from last_error
