"""Write-back: the command line's changes go into the workbook itself, part by part.

What a command changed arrives as `SheetEdit`s: cells to set in an input sheet (appended rows,
filled cells) or a generated sheet to replace. Only those sheets' XML parts (and, when a sheet or
look is missing, the parts that declare it) change; the VBA project, the buttons, other sheets,
styles, names and everything else keep their bytes. The rules are in
/work/shared/design/writeback.md; the file is replaced atomically with a backup (atomic.py).
"""
from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from ..layout import Sheet, cell_styles, lay_out
from . import atomic
from .package import Package, R_NS, raw_entry
from .sheet import SheetXml, column_letters, is_temporal, sheet_data
from .styles import Q, StyleBook

STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
TABLE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
_AREA = re.compile(r"^(?P<sheet>'(?:[^']|'')+'|[^!]+)!\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+):\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+)$")


class WriteBackFailed(RuntimeError):
    """The new version did not check out; the workbook was left as it was."""


@dataclass
class SheetEdit:
    """The changes to one sheet. Rows are 1-based as in Excel, columns 0-based."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    appended: set[int] = field(default_factory=set)  # new rows: they take the look of the row above
    data_start: int = 2  # the first row whose look a new row may copy (below the header and hint)
    replacement: Sheet | None = None  # a generated sheet, written whole
    rendered: "Rendered | None" = None  # its rows already drawn against this workbook's styles (render())

    @property
    def empty(self) -> bool:
        return not self.cells and self.replacement is None


@dataclass
class WriteBackResult:
    backup: Path
    parts: list[str]  # the parts that changed, for tests and messages
    skipped: list[str]  # formula cells left alone


def write_back(path: Path, edits: list[SheetEdit], expected: tuple[int, int], stamp: datetime | None = None,
               styles: StyleBook | None = None) -> WriteBackResult:
    """Applies `edits` to the workbook at `path`, which must still be the version read (`expected`).
    `styles`: the workbook's styles as parsed when its generated sheets were rendered."""
    package = Package(path)
    skipped = _apply(package, edits, stamp, styles)
    untouched = {i.filename: i for i in package.infos
                 if i.filename not in package.changed and i.filename not in package.removed and not i.is_dir()}

    def verify(temp: Path) -> None:
        """The parts intended, each once; changed parts read back in full (which checks their CRC);
        untouched parts the very compressed bytes they were, under the same CRC."""
        with zipfile.ZipFile(temp) as zf, open(temp, "rb") as raw:
            names = zf.namelist()
            if len(names) != len(set(names)) or set(names) != package.parts.names():
                raise WriteBackFailed("write-back produced a package with other parts than intended")
            for info in zf.infolist():
                before = untouched.get(info.filename)
                if before is None:
                    zf.read(info)
                elif (info.CRC, info.file_size) != (before.CRC, before.file_size) or raw_entry(raw, info) != package.raw(before):
                    raise WriteBackFailed(f"write-back changed the untouched part {info.filename}")

    try:
        backup = atomic.replace(path, package.write_zip, verify, expected)
    finally:
        package.close()
    return WriteBackResult(backup, sorted(package.changed | set(package.added)), skipped)


@dataclass
class Rendered:
    """A generated sheet drawn once: its <sheetData> text, extent and grid, with the style indices
    of one StyleBook, so the workbook and its exported copy share the work."""

    fragment: bytes
    extent: tuple[int, int]
    grid: object


def render(generated: Sheet, styles: StyleBook | None, stamp: datetime | None, prefix: str | None = None) -> Rendered:
    grid = lay_out(generated, stamp)
    by_look: dict[int, int] = {}  # cell_styles hands out one object per look: keyed by identity, no hashing
    indices = {}
    if styles is not None:
        for position, look in cell_styles(grid).items():
            index = by_look.get(id(look))
            if index is None:
                index = by_look[id(look)] = styles.xf(look)
            indices[position] = index
    fragment, extent = sheet_data(grid.values, indices, grid.heights, prefix)
    return Rendered(fragment, extent, grid)


def styles_of(path: Path) -> StyleBook | None:
    """The workbook's styles.xml, parsed (without reading its other parts)."""
    with zipfile.ZipFile(path) as zf:
        rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        target = next((r.get("Target") for r in rels if r.get("Type") == STYLES_REL), None)
        if target is None:
            return None
        name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        return StyleBook(zf.read(name))


def new_workbook(sheets: list[Sheet], stamp: datetime | None = None, styles: StyleBook | None = None,
                 rendered: dict[str, Rendered] | None = None) -> bytes:
    """A new .xlsx holding `sheets`, drawn by the same code that writes them into the workbook:
    a skeleton (XlsxWriter: empty sheets, the palette's looks), then each sheet's XML as text.
    With `styles` (a workbook's, and `rendered` against it) the copy takes that styles part, so
    sheets drawn for the workbook go into it unchanged."""
    import io

    package = Package(_skeleton(tuple(sheet.name[:31] for sheet in sheets), stamp))
    if styles is not None:
        package.write(_styles_part(package), styles.to_bytes())
    edits = [SheetEdit(sheet.name[:31], replacement=sheet, rendered=(rendered or {}).get(sheet.name)) for sheet in sheets]
    _apply(package, edits, stamp, styles)
    out = io.BytesIO()
    package.write_zip(out)
    package.close()
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _skeleton(names: tuple[str, ...], stamp: datetime | None) -> bytes:
    """An empty package with these sheets and the palette's looks (XlsxWriter), made once a
    process for each set of names: the units' lists of one notice share theirs."""
    import io

    import xlsxwriter

    from .styles import palette, xlsxwriter_spec

    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, {"in_memory": True})
    book.set_properties({"creator": "huiwu", "created": stamp or datetime(2000, 1, 1)})
    for name in names:
        # a string in each skeleton gives the package a populated shared-strings part, beside which
        # Excel keeps the rows' inline strings as they are (the rows replace these cells)
        book.add_worksheet(name).write_string(0, 0, name)
    for look in palette():
        book.add_format(xlsxwriter_spec(look))._get_xf_index()  # as the build does (build/xlsm.py)
    book.close()
    return skeleton.getvalue()


def _apply(package: Package, edits: list[SheetEdit], stamp: datetime | None, styles: StyleBook | None = None) -> list[str]:
    """Every edit into its sheet's part (and the parts that declare sheets, names and looks);
    returns the formula cells left alone."""
    styles_part = _styles_part(package)
    if styles is None and styles_part:
        styles = StyleBook.parsed(package.read(styles_part))
    skipped: list[str] = []
    for edit in edits:
        if edit.empty:
            continue
        part = package.sheet_part(edit.name) or package.add_sheet(edit.name)
        sheet = SheetXml(package.read(part), without_data=edit.replacement is not None)
        if edit.replacement is not None:
            grid = _replace(sheet, edit.replacement, styles, stamp, edit.rendered)
            _set_print_titles(package, edit.name, grid.print_setup.print_titles)
            if sheet.had_formulas:
                package.drop_calc_chain()
        if edit.cells:
            _set_cells(sheet, edit, styles)
            _grow_print_area(package, edit.name, sheet)
            _grow_tables(package, part, sheet, edit)
        sheet.set_dimension()
        skipped += [f"{edit.name}!{ref}" for ref in sheet.skipped]
        package.write(part, sheet.to_bytes())
    if styles is not None and styles.changed:
        package.write(styles_part, styles.to_bytes())
    return skipped


def _styles_part(package: Package) -> str | None:
    for rel in package.workbook_rels:
        if rel.get("Type") == STYLES_REL:
            return package._target(package.workbook_part, rel.get("Target"))
    return None


def _replace(sheet: SheetXml, generated: Sheet, styles: StyleBook | None, stamp: datetime | None,
             rendered: Rendered | None = None):
    if rendered is None or sheet.root.prefix is not None:  # a part with a prefixed namespace needs its own text
        rendered = render(generated, styles, stamp, sheet.root.prefix)
    grid = rendered.grid
    sheet.set_data(rendered.fragment, rendered.extent)
    sheet.set_columns(dict(enumerate(grid.widths)))
    sheet.set_frozen_rows(grid.freeze_row)
    sheet.set_tab_color(generated.tab_color)
    sheet.set_print_setup(grid.print_setup)
    return grid


def _set_print_titles(package: Package, name: str, rows: str | None) -> None:
    """The rows repeated atop every printed page: workbook.xml's _xlnm.Print_Titles for that sheet."""
    positions = [s.get("name") for s in package.workbook.find(f"{Q}sheets")]
    if name not in positions:
        return
    local = str(positions.index(name))
    names = package.workbook.find(f"{Q}definedNames")
    existing = [d for d in (names if names is not None else []) if d.get("name") == "_xlnm.Print_Titles" and d.get("localSheetId") == local]
    quoted = name if all(ch.isalnum() or ch == "_" for ch in name) else "'" + name.replace("'", "''") + "'"
    wanted = f"{quoted}!{rows}" if rows else None
    if [d.text for d in existing] == ([wanted] if wanted else []):
        return
    for d in existing:
        names.remove(d)
    if wanted:
        if names is None:
            names = etree.Element(f"{Q}definedNames")
            sheets = package.workbook.find(f"{Q}sheets")
            sheets.addnext(names)  # CT_Workbook: … sheets, functionGroups, externalReferences, definedNames, calcPr …
            for follower in ("functionGroups", "externalReferences"):
                element = package.workbook.find(f"{Q}{follower}")
                if element is not None:
                    element.addnext(names)
        etree.SubElement(names, f"{Q}definedName", name="_xlnm.Print_Titles", localSheetId=local).text = wanted
    elif names is not None and not len(names):
        package.workbook.remove(names)
    package.write(package.workbook_part, etree.tostring(package.workbook, xml_declaration=True, encoding="UTF-8", standalone=True))


def _set_cells(sheet: SheetXml, edit: SheetEdit, styles: StyleBook | None) -> None:
    # Rows appended in one run all look like the last row that was there before them.
    model = min(edit.appended) - 1 if edit.appended else 0
    model_looks = {col: sheet.style_at(model, col) for col in {c for _, c in edit.cells}} if model >= edit.data_start else {}
    column_looks: dict[int, int | None] = {}
    dates: dict[int, int] = {}
    for (row, col), value in sorted(edit.cells.items()):
        style = sheet.style_at(row, col)
        if style is None and row in edit.appended:
            style = model_looks.get(col)
            if style is None and row < edit.data_start and col:  # a new column's header: the look of the one beside
                style = sheet.style_at(row, col - 1)
        if style is None:
            if col not in column_looks:
                column_looks[col] = sheet.column_style(col)
            style = column_looks[col]
        if styles is not None and is_temporal(value):
            if style not in dates:
                dates[style] = styles.date_variant(style or 0)
            style = dates[style]
        sheet.set_cell(row, col, value, style)


def _grow_print_area(package: Package, name: str, sheet: SheetXml) -> None:
    """A print area that ended at the old last row grows with appended rows (otherwise they would not print)."""
    names = package.workbook.find(f"{Q}definedNames")
    if names is None:
        return
    positions = [s.get("name") for s in package.workbook.find(f"{Q}sheets")]
    if name not in positions:
        return
    last_row, last_col = sheet.max_cell()
    for defined in names:
        if defined.get("name") != "_xlnm.Print_Area" or defined.get("localSheetId") != str(positions.index(name)):
            continue
        match = _AREA.match(defined.text or "")
        if not match or int(match["r1"]) != 1 or int(match["r2"]) >= last_row:
            continue
        defined.text = f"{match['sheet']}!${match['c1']}$1:${match['c2']}${last_row}"
        package.write(package.workbook_part, etree.tostring(package.workbook, xml_declaration=True, encoding="UTF-8",
                                                            standalone=True))


def _grow_tables(package: Package, part: str, sheet: SheetXml, edit: SheetEdit) -> None:
    """An Excel table whose last row is just above appended rows takes them in (writeback.md rule 11)."""
    if sheet.child("tableParts") is None or not edit.appended:
        return
    rels_part = package.rels_part(part)
    if rels_part not in package.parts:
        return
    rels = etree.fromstring(package.read(rels_part))
    for rel in rels:
        if rel.get("Type") != TABLE_REL:
            continue
        table_part = package._target(part, rel.get("Target"))
        table = etree.fromstring(package.read(table_part))
        match = re.match(r"([A-Z]+)(\d+):([A-Z]+)(\d+)$", table.get("ref", ""))
        if not match:
            continue
        c1, r1, c2, r2 = match[1], int(match[2]), match[3], int(match[4])
        if r2 + 1 not in edit.appended:
            continue
        new_last = max(edit.appended)
        table.set("ref", f"{c1}{r1}:{c2}{new_last}")
        auto = table.find(f"{Q}autoFilter")
        if auto is not None:
            auto.set("ref", f"{c1}{r1}:{c2}{new_last}")
        package.write(table_part, etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True))


__all__ = ["SheetEdit", "WriteBackResult", "write_back", "column_letters", "R_NS", "atomic"]
