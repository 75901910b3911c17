"""A values-only .xlsx written as text: the archive's snapshot of the input sheets.

XlsxWriter spends about 6 µs a cell on its cell table, shared strings and spans: 1.5 s for the
input sheets of a 10,000-person meeting. A snapshot holds only values, so its sheet XML is written
directly (inline strings, numbers, dates as serial numbers with a date or a time format), about
five times faster. Formats, formulas and merged cells are not kept: they are not the record.
"""
from __future__ import annotations

import math
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .writeback.sheet import column_letters, excel_text

EPOCH = datetime(1899, 12, 30)  # Excel's serial 0 (right for every date from 1900-03-01 on)
DATE_STYLE, TIME_STYLE = 1, 2  # cellXfs below
MAX_WIDTH = 60
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _text(value: str) -> str:
    return escape(excel_text(value))


def _serial(value: datetime) -> float:
    return (value.replace(tzinfo=None) - EPOCH) / _DAY


_DAY = datetime(2000, 1, 2) - datetime(2000, 1, 1)


def _cell(ref: str, value) -> tuple[str, int] | None:
    """(XML of the cell, its width in characters), or None for an empty cell."""
    kind = type(value)
    if kind is str:
        if not value:
            return None
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>', len(value)
    if kind is int or kind is float:
        if kind is float and not math.isfinite(value):
            return None
        return f'<c r="{ref}"><v>{value!r}</v></c>', len(str(value))
    if value is None:
        return None
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>', 5
    if isinstance(value, datetime):
        if value.year <= 1900:  # a time-only cell, as Excel hands it over
            clock = value.time()
            return f'<c r="{ref}" s="{TIME_STYLE}"><v>{_clock_serial(clock)!r}</v></c>', 5
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{_serial(value)!r}</v></c>', 16
    if isinstance(value, date):
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{_serial(datetime.combine(value, time()))!r}</v></c>', 16
    if isinstance(value, time):
        return f'<c r="{ref}" s="{TIME_STYLE}"><v>{_clock_serial(value)!r}</v></c>', 5
    if isinstance(value, (int, float)):  # numpy numbers and the like
        return _cell(ref, float(value))
    return _cell(ref, str(value))


def _clock_serial(clock: time) -> float:
    return (clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6) / 86400


def sheet_xml(values: list[list]) -> str:
    letters = [column_letters(i) for i in range(max((len(r) for r in values), default=0))]
    widths: dict[int, int] = {}
    rows = []
    for r, row in enumerate(values, start=1):
        cells = []
        for c, value in enumerate(row):
            made = _cell(f"{letters[c]}{r}", value)
            if made is None:
                continue
            xml, width = made
            cells.append(xml)
            if width * 2 > widths.get(c, 6):
                widths[c] = min(width * 2, MAX_WIDTH)
        if cells:
            rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>' for c, w in sorted(widths.items()))
    return (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            + (f"<cols>{cols}</cols>" if cols else "")
            + f'<sheetData>{"".join(rows)}</sheetData></worksheet>')


_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="hh:mm"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def write_values_xlsx(sheets: dict[str, list[list]], path: Path, title: str = "", creator: str = "huiwu") -> Path:
    """Each sheet's values from A1 on (sheet names cut to Excel's 31 characters); returns `path`."""
    names = [name[:31] for name in sheets]
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(names) + 1))
    content_types = (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f"{overrides}</Types>")
    root_rels = (
        f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/></Relationships>')
    core = (
        f'{_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator></cp:coreProperties>")
    workbook = (
        f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        + "".join(f'<sheet name={quoteattr(n)} sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
        + "</sheets></workbook>")
    workbook_rels = (
        f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
        + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                  for i in range(1, len(names) + 1))
        + f'<Relationship Id="rId{len(names) + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("docProps/core.xml", core)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        z.writestr("xl/styles.xml", _STYLES)
        for i, values in enumerate(sheets.values(), start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(values or []))
    return path
