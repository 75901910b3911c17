"""会议归档: one zip with every generated file, a snapshot of the input sheets and an index.

The zip goes into the output folder as 归档_<会议名称>_<时间>.zip, never over an earlier one.
Earlier archives, Office lock files (~$…) and the index/snapshot of earlier runs in that folder
are not packed again. Links (symlinks) in the folder are skipped with a warning: packing their
target would put a file from elsewhere into the archive. Entry names use "/" only, with no "..".
Archiving is refused while copies that must be recovered (材料, 须清退密级) are outstanding,
unless 会议信息 sets 未回收涉密材料仍归档 = 是.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
import tempfile
from pathlib import Path
import io
import os
import re
import zipfile

import pandas as pd

from ..contract import INPUT_SHEETS, MEETING, PREP_TASKS, STAFF
from ..core import copies as copies_core
from ..clean import path_name
from ..outputs import RECORD_NAME, ensure_folder, new_path, write_unlocked
from ..port.layout import Block, Sheet
from ..port.values_xlsx import write_values_xlsx
from ..port.xlsx import write_xlsx
from ..progress import track
from ..problems import InputError, Problem
from . import inputs
from .copies import levels_of, load_register

SNAPSHOT_FILE = "输入表快照.xlsx"
INDEX_FILE = "归档目录.xlsx"
ARCHIVE_PREFIX = "归档_"
INDEX_COLUMNS = ["序号", "文件", "大小（字节）", "修改时间", "经办人", "说明"]
INDEX_WIDTHS = {"序号": 6, "文件": 40, "大小（字节）": 12, "修改时间": 17, "经办人": 24, "说明": 30}
OVERRIDE_KEY = "未回收涉密材料仍归档"


@dataclass
class Archive:
    path: Path
    index: pd.DataFrame
    files: list[str]  # names inside the zip
    links: list[str] = ()  # links in the output folder, not packed


def snapshot_sheet_names(available: list[str]) -> list[str]:
    """Input sheets of the contract present in the workbook, in contract order, plus 筹备任务."""
    wanted = [s.name for s in INPUT_SHEETS] + [PREP_TASKS.name]
    return [n for n in dict.fromkeys(wanted) if n in available]


def is_packed(path: Path, out_dir: Path) -> bool:
    """Whether a file in the output folder belongs in the archive."""
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock") or name == RECORD_NAME:
        return False
    if name.startswith(ARCHIVE_PREFIX) and name.endswith(".zip"):
        return False
    if path.parent == out_dir and (name == SNAPSHOT_FILE or name == INDEX_FILE):
        return False
    return True


def write_snapshot(sheets: dict[str, list[list]], path: Path) -> Path:
    """The input sheets' raw values as an .xlsx (values only, dates as dates)."""
    return write_values_xlsx(sheets, path, title="输入表快照")


def build_archive(
    out_dir: Path,
    snapshot: dict[str, list[list]],
    prepared_by: str,
    meeting_name: str,
    now: datetime,
    outstanding: pd.DataFrame | None = None,
) -> Archive:
    ensure_folder(out_dir)
    found, links = files_to_pack(out_dir)
    rows = []
    for p, entry in found:
        st = p.stat()
        rows.append({"文件": entry, "大小（字节）": st.st_size,
                     "修改时间": datetime.fromtimestamp(st.st_mtime).replace(microsecond=0), "经办人": prepared_by, "说明": ""})
    with tempfile.TemporaryDirectory() as tmp:
        snap = write_snapshot(snapshot, Path(tmp) / SNAPSHOT_FILE)
        rows.append({"文件": SNAPSHOT_FILE, "大小（字节）": snap.stat().st_size, "修改时间": now.replace(microsecond=0),
                     "经办人": prepared_by, "说明": f"工作簿输入表快照：{'、'.join(snapshot)}"})
        rows.append({"文件": INDEX_FILE, "大小（字节）": None, "修改时间": now.replace(microsecond=0),
                     "经办人": prepared_by, "说明": "本目录"})
        index = pd.DataFrame(rows, columns=INDEX_COLUMNS[1:])
        index.insert(0, "序号", range(1, len(index) + 1))
        index["修改时间"] = pd.to_datetime(index["修改时间"])
        index_path = write_xlsx(index_sheets(index, meeting_name, outstanding), Path(tmp) / INDEX_FILE, now)

        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
            for p, entry in track(found, len(found), "归档"):
                z.write(p, entry, compress_type=_compression(p))
            z.write(snap, SNAPSHOT_FILE, compress_type=zipfile.ZIP_STORED)
            z.write(index_path, INDEX_FILE, compress_type=zipfile.ZIP_STORED)
        target = write_unlocked(archive_path(out_dir, meeting_name, now), packed.getvalue())
    return Archive(target, index, [*(r["文件"] for r in rows)], links)


def archive_path(out_dir: Path, meeting_name: str, now: datetime) -> Path:
    """归档_<会议名称>_<日期-时分>.zip, or …(2).zip: a second run in the same minute never replaces the first."""
    stamp = f"_{now:%Y%m%d-%H%M}.zip"
    name = path_name(meeting_name, folder=out_dir, reserve=len(ARCHIVE_PREFIX) + len(stamp) + 4, fallback="会议")
    return new_path(out_dir / f"{ARCHIVE_PREFIX}{name}{stamp}")


def files_to_pack(out_dir: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """(file, entry name) of every file to pack, by entry name; and the links found (not followed)."""
    found: dict[str, Path] = {}
    links: list[str] = []
    for folder, dirs, files in os.walk(out_dir, followlinks=False):
        here = Path(folder)
        for d in list(dirs):
            if (here / d).is_symlink():
                links.append((here / d).relative_to(out_dir).as_posix())
                dirs.remove(d)
        for f in files:
            p = here / f
            if p.is_symlink():
                links.append(p.relative_to(out_dir).as_posix())
            elif p.is_file() and is_packed(p, out_dir):
                entry = entry_name(p.relative_to(out_dir).parts)
                while entry in found:  # two odd names cleaned alike
                    stem, dot, ext = entry.rpartition(".")
                    entry = f"{stem}_.{ext}" if dot else entry + "_"
                found[entry] = p
    return sorted(((p, e) for e, p in found.items()), key=lambda item: item[1]), sorted(links)


def entry_name(parts) -> str:
    """A zip entry name from path parts: "/" between parts only, no "..", each part a clean name."""
    pieces = [piece for part in parts for piece in re.split(r"[\\/]", part) if piece not in ("", ".", "..")]
    return "/".join(path_name(piece) for piece in pieces) or "未命名"


# Already compressed: deflating them again costs seconds on a big meeting and saves nothing.
COMPRESSED_SUFFIXES = {".docx", ".xlsx", ".xlsm", ".pptx", ".zip", ".pdf", ".png", ".jpg", ".jpeg"}


def _compression(path: Path) -> int:
    return zipfile.ZIP_STORED if path.suffix.lower() in COMPRESSED_SUFFIXES else zipfile.ZIP_DEFLATED


def index_sheets(index: pd.DataFrame, meeting_name: str, outstanding: pd.DataFrame | None = None) -> list[Sheet]:
    sheet = Sheet.table("归档目录", index, INDEX_WIDTHS, title=f"{meeting_name} 归档目录")
    if outstanding is not None and len(outstanding):
        # the warning first; the index runs over pages last, its header repeated on each of them
        sheet.blocks.insert(0, Block(outstanding, title=f"注意：归档时仍有 {len(outstanding)} 份须清退材料未回收"))
        sheet.widths.setdefault(list(outstanding.columns).index("领取时间"), 17)
        sheet.repeat_header = 1
    return [sheet]


def prepared_by(meeting, staff: pd.DataFrame) -> str:
    """会议信息 经办人, else every name on the staff list."""
    return meeting.get("经办人") or "、".join(n for n in staff["姓名"].tolist() if n)


def archive_meeting(port, now: datetime | None = None) -> str:
    now = now or datetime.now()
    problems: list[Problem] = []
    meeting = inputs.meeting(port, problems)
    staff = inputs.table(port, STAFF, problems)
    register = load_register(port, problems, meeting, required=False)
    meeting = inputs.require(meeting, problems)

    levels = levels_of(meeting)
    blockers = copies_core.closing_blockers(register, levels)
    overridden = meeting.flag(OVERRIDE_KEY)
    if blockers and not overridden:
        hint = Problem(MEETING.name, f"请先回收以上材料并在“材料”表登记回收时间；如确需先归档，请将“{OVERRIDE_KEY}”设为“是”", row=meeting.rows.get(OVERRIDE_KEY), column="内容" if OVERRIDE_KEY in meeting.rows else "项目")
        raise InputError([*blockers, hint])
    outstanding = copies_core.outstanding(register, levels)
    outstanding = outstanding[outstanding["须清退"] == "是"] if blockers else None

    available = port.sheet_names()
    snapshot = {name: port.read_values(name) or [] for name in snapshot_sheet_names(available)}
    out = inputs.output_folder(port, meeting)
    who = prepared_by(meeting, staff)
    archive = build_archive(out, snapshot, who, meeting.name, now, outstanding)
    port.write_sheets(index_sheets(archive.index, meeting.name, outstanding), None, out)

    message = f"会议归档完成：{len(archive.files)} 个文件（含输入表快照、归档目录），经办人 {who or '未填写'}。\n归档文件：{archive.path}"
    if archive.links:
        shown = "、".join(archive.links[:5]) + ("等" if len(archive.links) > 5 else "")
        message += (f"\n注意：输出文件夹中有 {len(archive.links)} 个链接（快捷方式）未归档：{shown}。"
                    "链接指向的文件不在本会议的输出文件夹内；如需归档，请把文件本身复制进来。")
    if blockers:
        message += f"\n注意：尚有 {len(blockers)} 份须清退材料未回收，已按设置归档并在归档目录中注明。"
    return message
