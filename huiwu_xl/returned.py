"""Files the units send back: their `{单位}参会名单.xlsx` with edits, or the notice's 参会回执 table
filled in Word or WPS (.docx) — merged cells, blank rows and reordered columns included.

Each file becomes a `Returned`: which unit it claims to be from, when it was saved, its rows as
the contract's roster fields. Nothing here decides what changed; that is core/replies.py.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .contract import Column as C, SheetDef
from .problems import Problem
from .tables import ROW, read_table
from .text import cell_text, name_key

READABLE = (".xlsx", ".xlsm", ".docx")
# The columns a returned list may carry, by the names units use; 单位及职务 is the 回执's own.
RETURNED = SheetDef(
    "回执",
    (
        C("序号", aliases=("编号",)),
        C("姓名", True, ("名字", "参会人", "参会人员", "参会人姓名", "参会人员姓名"), allow_blank=True),
        C("单位", aliases=("单位名称", "工作单位")),
        C("职务", aliases=("职位", "职称")),
        C("单位及职务", aliases=("单位职务", "工作单位及职务", "单位及职位")),
        C("手机", aliases=("手机号", "手机号码", "联系电话", "电话")),
        C("性别"),
        C("民族"),
        C("蒙文姓名", aliases=("蒙古文姓名",)),
        C("备注", aliases=("说明",)),
    ),
)
FIELDS = ("职务", "手机", "性别", "民族", "蒙文姓名")
_DECLARED_DOCX = re.compile(r"单位\s*[（(]?\s*盖章\s*[）)]?\s*[:：]\s*([^\s:：]+?)(?=\s|联系人|电话|$)")
_DECLARED_XLSX = re.compile(r"[:：]\s*([^:：\s]+?)参会人员")


@dataclass
class Returned:
    path: Path
    kind: str = ""  # 名单 (the .xlsx we sent) or 回执 (the notice's table)
    declared: str = ""  # the unit the file names inside (the 单位（盖章） line, the list's title)
    unit: str = ""  # the roster unit it was matched to; "" when it cannot be told
    when: datetime | None = None
    rows: list[dict] = field(default_factory=list)  # FIELDS, 姓名, 序号, 备注, 单位及职务, _row (line in the file)
    problem: str = ""  # why the file could not be read

    @property
    def name(self) -> str:
        return self.path.name


def read_folder(folder: Path) -> list[Returned]:
    """Every file in the folder (not in sub-folders), readable or not, by name."""
    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))
    return [read_file(p) for p in files]


def read_file(path: Path) -> Returned:
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        hint = "旧版 Word/Excel 文件请另存为 .docx 或 .xlsx 后放回" if suffix in (".doc", ".xls", ".wps", ".et") else "只能读取 .docx 和 .xlsx"
        return Returned(path, problem=f"不是可读取的回执文件（{hint}）")
    try:
        result = _read_docx(path) if suffix == ".docx" else _read_xlsx(path)
    except Exception:  # a damaged or mislabelled file is listed, never a traceback
        result = Returned(path, problem="文件已损坏或不是 Word/Excel 文件，无法读取：请让该单位重新发送")
    result.when = result.when or datetime.fromtimestamp(path.stat().st_mtime)
    return result


# ------------------------------------------------------------------------------------ reading
def _records(values: list[list], path: Path) -> tuple[list[dict], str]:
    problems: list[Problem] = []
    frame = read_table(values, RETURNED, problems)
    if problems:
        return [], "找不到含“姓名”列的名单表格"
    rows = []
    for record in frame.to_dict("records"):
        if not record["姓名"]:
            continue
        rows.append({k: record[k] for k in (*FIELDS, "姓名", "序号", "备注", "单位", "单位及职务")} | {ROW: int(record[ROW])})
    return rows, ""


def _read_xlsx(path: Path) -> Returned:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for sheet in book.sheet_names:
        values = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        rows, problem = _records(values, path)
        if not problem:
            title = " ".join(cell_text(v) for r in values[:3] for v in r if v not in (None, ""))
            found = _DECLARED_XLSX.search(title)
            return Returned(path, "名单", found.group(1) if found else "", rows=rows, when=_xlsx_modified(path))
    return Returned(path, "名单", problem="找不到含“姓名”列的名单表格")


def _xlsx_modified(path: Path) -> datetime | None:
    with zipfile.ZipFile(path) as z:
        try:
            core = z.read("docProps/core.xml").decode("utf-8", "ignore")
        except KeyError:
            return None
    found = re.search(r"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>", core)
    return _local(found.group(1)) if found else None


def _local(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _read_docx(path: Path) -> Returned:
    from docx import Document

    doc = Document(str(path))
    declared = ""
    for para in doc.paragraphs:
        found = _DECLARED_DOCX.search(para.text.replace("\u3000", " "))
        if found and not found.group(1).startswith(("联系人", "电话")):
            declared = found.group(1).strip("_＿ ")
            break
    modified = doc.core_properties.modified
    when = None
    if modified:
        when = modified.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None) if modified.tzinfo is None else \
            modified.astimezone().replace(tzinfo=None)
    for table in doc.tables:
        rows, problem = _records(_table_values(table), path)
        if not problem:
            return Returned(path, "回执", declared, rows=rows, when=when)
    return Returned(path, "回执", declared, problem="找不到含“姓名”列的回执表格")


def _table_values(table) -> list[list]:
    """The table as a grid; a merged cell's text in every grid cell it covers (python-docx repeats
    horizontally merged cells and hands the top cell for vertically merged ones)."""
    grid = []
    for row in table.rows:
        cells = [None] * row.grid_cols_before + [c.text for c in row.cells]
        grid.append(cells)
    return grid


# ------------------------------------------------------------------------------- which unit
def match_unit(returned: Returned, units: list[str]) -> str:
    """The roster unit this file is from: the one it names inside, else the one in its file name
    (the longest unit name the name contains). "" when none or several fit equally: never guessed."""
    keys = {name_key(u): u for u in units if u}
    if returned.declared:
        declared = name_key(returned.declared)
        if declared in keys:
            return keys[declared]
        inside = [k for k in keys if k in declared]
        best = _longest(inside)
        if best:
            return keys[best]
    stem = name_key(returned.path.stem)
    best = _longest([k for k in keys if k in stem])
    return keys[best] if best else ""


def _longest(candidates: list[str]) -> str:
    if not candidates:
        return ""
    top = max(map(len, candidates))
    longest = [k for k in candidates if len(k) == top]
    return longest[0] if len(longest) == 1 else ""
