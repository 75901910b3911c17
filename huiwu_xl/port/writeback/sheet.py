"""One worksheet part, edited in place: cells set in existing or new rows, or the data replaced.

Follows /work/shared/design/writeback.md: children of <worksheet> stay in schema order, rows
and cells ascending and unique, text as inline strings with OOXML's _xHHHH_ escapes, dates as
serial numbers with a date style, formula cells never touched.
"""
from __future__ import annotations

import math
import numbers
import re
from bisect import bisect_left
from datetime import date, datetime, time

from lxml import etree

from ...problems import column_letter
from .styles import NS, Q

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# ECMA-376 §18.3.1.99: the children of <worksheet>, in the only order Excel accepts.
ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
         "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
         "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
         "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
         "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
         "webPublishItems", "tableParts", "extLst")
RANK = {name: i for i, name in enumerate(ORDER)}
MAX_TEXT = 32767  # UTF-16 code units per cell (Excel specifications and limits)
EXCEL_EPOCH = datetime(1899, 12, 30)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_NEEDS_CARE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]|_x")  # what excel_text would change


def column_letters(col: int) -> str:
    """0 → A, 26 → AA."""
    return column_letter(col + 1)


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def excel_text(text: str) -> str:
    """Text as a cell holds it in XML: ECMA §22.9.2.19 escapes for characters XML 1.0 forbids (and CR),
    a literal _xHHHH_ kept literal, cut to Excel's 32,767 UTF-16 units."""
    if len(text) > MAX_TEXT // 2 and len(text.encode("utf-16-le")) // 2 > MAX_TEXT:
        units = text.encode("utf-16-le")[: (MAX_TEXT - 1) * 2]
        text = units.decode("utf-16-le", errors="ignore") + "…"
    text = _SURROGATE.sub("\ufffd", text)
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def serial(value: datetime | date | time) -> float:
    """An Excel serial date-time, to the second."""
    if isinstance(value, time):
        return round((value.hour * 3600 + value.minute * 60 + value.second) / 86400, 10)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    seconds = round((value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds())
    return round(seconds / 86400, 10)


def is_temporal(value) -> bool:
    return isinstance(value, (datetime, date, time))


def _number(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):  # numpy integers too
        return str(int(value))
    if isinstance(value, numbers.Real):
        value = float(value)  # a numpy float's repr would be "np.float64(…)"
        return None if math.isnan(value) or math.isinf(value) else repr(value)
    return None


class SheetXml:
    def __init__(self, xml: bytes, without_data: bool = False):
        """`without_data`: the part is about to get new data (a generated sheet): its old rows are
        cut out of the text unparsed, so replacing 10,000 rows costs nothing for the old ones."""
        self.had_formulas = False
        self._fragment: bytes | None = None
        if without_data:
            xml, self.had_formulas = _cut_sheet_data(xml)
        parser = etree.XMLParser(huge_tree=True, remove_blank_text=False)
        self.root = etree.fromstring(xml, parser)
        self.data = self._ensure("sheetData")
        self._rows: dict[int, etree._Element] = {}
        for row in self.data.iterfind(f"{Q}row"):
            self._rows[int(row.get("r"))] = row
        self._row_numbers = sorted(self._rows)
        self._extent: tuple[int, int] | None = None  # of replaced data: (last row, last column)
        self.skipped: list[str] = []  # formula cells left alone

    # -- structure -----------------------------------------------------------------------------
    def child(self, name: str):
        return self.root.find(f"{Q}{name}")

    def _ensure(self, name: str):
        found = self.child(name)
        return found if found is not None else self.insert(etree.Element(f"{Q}{name}"))

    def insert(self, element):
        """Puts a new child of <worksheet> into its slot (writeback.md rule 1)."""
        rank = RANK[etree.QName(element).localname]
        for i, existing in enumerate(self.root):
            if RANK.get(etree.QName(existing).localname, len(ORDER)) > rank:
                self.root.insert(i, element)
                return element
        self.root.append(element)
        return element

    def remove(self, name: str) -> None:
        for element in self.root.findall(f"{Q}{name}"):
            self.root.remove(element)

    # -- reading -------------------------------------------------------------------------------
    def _cells(self, row) -> list[tuple[int, etree._Element]]:
        out, col = [], -1
        for c in row.iterfind(f"{Q}c"):
            ref = c.get("r")
            col = column_index(_CELL_REF.match(ref).group(1)) if ref else col + 1
            out.append((col, c))
        return out

    def cell(self, row: int, col: int):
        element = self._rows.get(row)
        if element is None:
            return None
        return next((c for i, c in self._cells(element) if i == col), None)

    def style_at(self, row: int, col: int) -> int | None:
        c = self.cell(row, col)
        if c is not None and c.get("s") is not None:
            return int(c.get("s"))
        element = self._rows.get(row)
        if element is not None and element.get("customFormat") in ("1", "true") and element.get("s"):
            return int(element.get("s"))
        return None

    def column_style(self, col: int) -> int | None:
        cols = self.child("cols")
        if cols is None:
            return None
        for c in cols.iterfind(f"{Q}col"):
            if int(c.get("min")) - 1 <= col <= int(c.get("max")) - 1 and c.get("style") is not None:
                return int(c.get("style"))
        return None

    def max_cell(self) -> tuple[int, int]:
        """(last row, last column index) holding any cell element (cells of a row are in order)."""
        last_row, last_col = 1, 0
        for number in self._row_numbers:
            row = self._rows[number]
            if len(row) == 0:
                continue
            last = row[len(row) - 1]
            if etree.QName(last).localname != "c":
                cells = self._cells(row)
                if not cells:
                    continue
                col = cells[-1][0]
            else:
                ref = last.get("r")
                col = column_index(_CELL_REF.match(ref).group(1)) if ref else len(self._cells(row)) - 1
            last_row = max(last_row, number)
            last_col = max(last_col, col)
        return last_row, last_col

    # -- editing cells -------------------------------------------------------------------------
    def _row(self, number: int):
        row = self._rows.get(number)
        if row is not None:
            return row
        row = etree.Element(f"{Q}row", r=str(number))
        at = bisect_left(self._row_numbers, number)
        if at < len(self._row_numbers):
            self._rows[self._row_numbers[at]].addprevious(row)
        else:
            self.data.append(row)
        self._row_numbers.insert(at, number)
        self._rows[number] = row
        return row

    def set_cell(self, row: int, col: int, value, style: int | None = None) -> bool:
        """Writes one value (None or "" empties the cell, keeping its style); False if it holds a formula."""
        element = self._row(row)
        cells = self._cells(element)
        c = next((cell for i, cell in cells if i == col), None)
        if c is None:
            c = etree.Element(f"{Q}c")
            after = [cell for i, cell in cells if i > col]
            if after:
                after[0].addprevious(c)
            else:
                element.append(c)
        elif c.find(f"{Q}f") is not None:
            self.skipped.append(f"{column_letters(col)}{row}")
            return False
        c.set("r", f"{column_letters(col)}{row}")
        if element.get("spans"):
            del element.attrib["spans"]  # optional (ECMA §18.3.1.73); stale once a cell is added
        for child in list(c):
            c.remove(child)
        for attr in ("t", "cm", "vm", "ph"):
            if attr in c.attrib:
                del c.attrib[attr]
        if style is not None:
            c.set("s", str(style))
        self._fill(c, value)
        return True

    @staticmethod
    def _fill(c, value) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            c.set("t", "b")
            etree.SubElement(c, f"{Q}v").text = "1" if value else "0"
            return
        if is_temporal(value):
            etree.SubElement(c, f"{Q}v").text = repr(serial(value))
            return
        number = _number(value)
        if number is not None:
            etree.SubElement(c, f"{Q}v").text = number
            return
        if isinstance(value, float):  # NaN or infinity: nothing Excel can hold
            return
        text = excel_text(str(value))
        c.set("t", "inlineStr")
        t = etree.SubElement(etree.SubElement(c, f"{Q}is"), f"{Q}t")
        t.text = text
        if text != text.strip() or "\n" in text:
            t.set(XML_SPACE, "preserve")

    # -- replacing the data of a generated sheet -----------------------------------------------
    def replace_data(self, rows: list[list], styles: dict[tuple[int, int], int], row_heights: dict[int, float] | None = None) -> None:
        """Drops every row and writes `rows` (0-based grid from A1), `styles` by grid position.

        The new rows stay text and are spliced in when the part is serialised (to_bytes)."""
        self.set_data(*sheet_data(rows, styles, row_heights or {}, self.root.prefix))

    def set_data(self, fragment: bytes, extent: tuple[int, int]) -> None:
        """New rows as sheet_data() drew them; whatever belonged to the old rows goes."""
        if self._row_numbers:
            self.had_formulas = self.had_formulas or self.data.find(f".//{Q}f") is not None
            self.data.clear()  # lxml moves a removed subtree node by node (a minute for 10,000 rows)
        self._rows, self._row_numbers = {}, []
        self._fragment, self._extent = fragment, extent
        for name in ("mergeCells", "conditionalFormatting", "dataValidations", "autoFilter", "hyperlinks", "sortState"):
            self.remove(name)

    def set_dimension(self) -> None:
        last_row, last_col = self._extent or self.max_cell()
        dimension = self._ensure("dimension")
        dimension.set("ref", "A1" if (last_row, last_col) == (1, 0) and not self._row_numbers
                      else f"A1:{column_letters(last_col)}{last_row}")

    def set_columns(self, widths: dict[int, float]) -> None:
        self.remove("cols")
        if not widths:
            return
        cols = self.insert(etree.Element(f"{Q}cols"))
        for col in sorted(widths):
            etree.SubElement(cols, f"{Q}col", min=str(col + 1), max=str(col + 1), width=f"{widths[col] + 0.7109375:.7g}",
                             customWidth="1")

    def set_frozen_rows(self, rows: int | None) -> None:
        views = self._ensure("sheetViews")
        view = views.find(f"{Q}sheetView")
        if view is None:
            view = etree.SubElement(views, f"{Q}sheetView", workbookViewId="0")
        for child in list(view):
            if etree.QName(child).localname in ("pane", "selection"):
                view.remove(child)
        if rows:
            top = f"A{rows + 1}"
            view.insert(0, etree.Element(f"{Q}pane", ySplit=str(rows), topLeftCell=top, activePane="bottomLeft", state="frozen"))
            etree.SubElement(view, f"{Q}selection", pane="bottomLeft", activeCell=top, sqref=top)

    def set_tab_color(self, color: str | None) -> None:
        if not color:
            return
        pr = self._ensure("sheetPr")
        tab = pr.find(f"{Q}tabColor")
        if tab is None:
            tab = etree.Element(f"{Q}tabColor")
            pr.insert(0, tab)  # CT_SheetPr: tabColor, outlinePr, pageSetUpPr
        for attr in list(tab.attrib):
            del tab.attrib[attr]
        tab.set("rgb", "FF" + color.lstrip("#").upper())

    def set_print_setup(self, setup) -> None:
        """The print model (layout.PrintSetup) as sheetPr/pageSetUpPr, printOptions, pageMargins,
        pageSetup and headerFooter, each in its slot; a printer-settings r:id already there stays."""
        pr = self._ensure("sheetPr")
        fit = pr.find(f"{Q}pageSetUpPr")
        if fit is None:
            fit = etree.SubElement(pr, f"{Q}pageSetUpPr")  # CT_SheetPr: tabColor, outlinePr, pageSetUpPr
        fit.set("fitToPage", "1" if setup.fit_width or setup.fit_height else "0")
        old = self.child("pageSetup")
        kept = {k: v for k, v in old.attrib.items() if k.startswith(f"{{{R_NS}}}")} if old is not None else {}
        for name in ("printOptions", "pageMargins", "pageSetup", "headerFooter"):
            self.remove(name)
        options = self.insert(etree.Element(f"{Q}printOptions"))
        if setup.center_horizontally:
            options.set("horizontalCentered", "1")
        if setup.gridlines:
            options.set("gridLines", "1")
        m = setup.margins
        self.insert(etree.Element(f"{Q}pageMargins", left=f"{m.left:g}", right=f"{m.right:g}", top=f"{m.top:g}",
                                  bottom=f"{m.bottom:g}", header=f"{m.header:g}", footer=f"{m.footer:g}"))
        page = etree.Element(f"{Q}pageSetup", paperSize=str(setup.paper), fitToWidth=str(setup.fit_width),
                             fitToHeight=str(setup.fit_height), orientation="landscape" if setup.landscape else "portrait")
        page.attrib.update(kept)
        self.insert(page)
        footer = self.insert(etree.Element(f"{Q}headerFooter"))
        etree.SubElement(footer, f"{Q}oddFooter").text = setup.footer_code

    def to_bytes(self) -> bytes:
        text = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if self._fragment is None:
            return text
        p = f"{self.root.prefix}:" if self.root.prefix else ""
        empty = f"<{p}sheetData/>".encode()
        assert text.count(empty) == 1, "one empty sheetData to fill"
        return text.replace(empty, self._fragment, 1)


_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\b[^>]*?(?:/>|>.*?</\1sheetData\s*>)", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _cut_sheet_data(xml: bytes) -> tuple[bytes, bool]:
    """The part with an empty <sheetData/>, and whether the rows cut out held a formula."""
    match = _SHEET_DATA.search(xml)
    if match is None:
        return xml, False
    prefix = match.group(1).decode()
    return xml[: match.start()] + f"<{prefix}sheetData/>".encode() + xml[match.end():], bool(_FORMULA.search(match.group(0)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_data(rows: list[list], styles: dict[tuple[int, int], int], heights: dict[int, float],
                prefix: str | None) -> tuple[bytes, tuple[int, int]]:
    """<sheetData> as text, and its (last row, last column): a generated sheet has tens of
    thousands of cells, and joining strings is several times faster than building elements."""
    p = f"{prefix}:" if prefix else ""
    parts = [f"<{p}sheetData>"]
    style_rows: dict[int, dict[int, int]] = {}
    for (r, c), s in styles.items():
        style_rows.setdefault(r, {})[c] = s
    width = max([len(r) for r in rows] + [c + 1 for r in style_rows.values() for c in r] + [1])
    letters = [column_letters(c) for c in range(width)]
    last_row, last_col = 1, 0
    serials: dict[datetime, str] = {}
    for r, values in enumerate(rows):
        row_styles = style_rows.get(r, {})
        number = r + 1
        cells, last = [], -1
        get_style = row_styles.get
        n_values = len(values)
        for c in range(max(n_values, max(row_styles, default=-1) + 1)):
            value = values[c] if c < n_values else None
            s = get_style(c)
            if type(value) is str and value and len(value) <= 8000 and not _NEEDS_CARE.search(value):  # most cells: plain text
                space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() or "\n" in value else ""
                style = f' s="{s}"' if s else ""
                cell = (f'<{p}c r="{letters[c]}{number}"{style} t="inlineStr"><{p}is><{p}t{space}>'
                        f'{value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}</{p}t></{p}is></{p}c>')
            elif (value is None or value == "") and not s:
                continue
            elif type(value) is datetime:  # sign-in times: a few hundred distinct minutes among 100,000 rows
                number_text = serials.get(value)
                if number_text is None:
                    number_text = serials[value] = repr(serial(value))
                style = f' s="{s}"' if s else ""
                cell = f'<{p}c r="{letters[c]}{number}"{style}><{p}v>{number_text}</{p}v></{p}c>'
            else:
                cell = _cell_xml(p, f"{letters[c]}{number}", value, s)
            if cell:
                cells.append(cell)
                last = c
        if cells or r in heights:
            height = f' ht="{heights[r]:g}" customHeight="1"' if r in heights else ""
            parts.append(f'<{p}row r="{number}"{height}>{"".join(cells)}</{p}row>')
        if cells:
            last_row, last_col = number, max(last_col, last)
    parts.append(f"</{p}sheetData>")
    return "".join(parts).encode("utf-8"), (last_row, last_col)


def _cell_xml(p: str, ref: str, value, s: int | None) -> str:
    style = f' s="{s}"' if s else ""
    kind = type(value)
    if kind is str and value:
        text = excel_text(value) if _NEEDS_CARE.search(value) or len(value) > 8000 else value
        space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() or "\n" in text else ""
        return f'<{p}c r="{ref}"{style} t="inlineStr"><{p}is><{p}t{space}>{_escape(text)}</{p}t></{p}is></{p}c>'
    if (kind is int or kind is float) and value == value and value not in (math.inf, -math.inf):
        return f'<{p}c r="{ref}"{style}><{p}v>{value!r}</{p}v></{p}c>'
    if kind is bool:
        return f'<{p}c r="{ref}"{style} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    if value is not None and is_temporal(value):
        return f'<{p}c r="{ref}"{style}><{p}v>{serial(value)!r}</{p}v></{p}c>'
    if value is not None and kind is not str and kind is not float and (number := _number(value)) is not None:
        return f'<{p}c r="{ref}"{style}><{p}v>{number}</{p}v></{p}c>'
    if value is not None and kind is not str and kind is not float and (text := excel_text(str(value))):
        return f'<{p}c r="{ref}"{style} t="inlineStr"><{p}is><{p}t xml:space="preserve">{_escape(text)}</{p}t></{p}is></{p}c>'
    return f'<{p}c r="{ref}"{style}/>' if s else ""
