"""Cell styles for write-back: find an existing `cellXfs` entry that looks as asked, or add one.

A generated sheet asks for a few looks (header fill and bold, a date format, text, …). The built
workbook already holds every look in `PALETTE` (the build registers them), so replacing a
generated sheet leaves `styles.xml` byte-identical; a workbook from elsewhere, or one Excel has
re-saved with renumbered styles, gets what it lacks appended at the end, where no existing index
moves (writeback.md rule 4).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
Q = f"{{{NS}}}"

# Excel's built-in number formats that the program may meet (ECMA-376 §18.8.30).
BUILTIN_FORMATS = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 14: "m/d/yyyy",
                   15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm",
                   21: "h:mm:ss", 22: "m/d/yyyy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 49: "@"}
DATE_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class CellStyle:
    """How a written cell looks; every field None/False means the workbook's default look."""

    fill: str | None = None  # "#RRGGBB"
    bold: bool = False
    number_format: str | None = None
    align: str | None = None  # left, center, right
    wrap: bool = False
    border: bool = False
    valign: str | None = None  # top, vcenter

    def with_format(self, number_format: str | None) -> "CellStyle":
        return CellStyle(self.fill, self.bold, number_format, self.align, self.wrap, self.border, self.valign)


def xlsxwriter_spec(style: CellStyle) -> dict:
    """The same look as an XlsxWriter format, for the build's palette and the .xlsx export."""
    spec: dict = {}
    if style.fill:
        spec |= {"bg_color": style.fill, "pattern": 1}
    if style.bold:
        spec["bold"] = True
    if style.number_format:
        spec["num_format"] = style.number_format
    if style.align:
        spec["align"] = style.align
    if style.wrap:
        spec["text_wrap"] = True
    if style.valign:
        spec["valign"] = style.valign
    if style.border:
        spec |= {"border": 1, "border_color": BORDER_COLOR}
    return spec


BORDER_COLOR = "#808080"


def palette() -> list[CellStyle]:
    """The looks generated sheets use (port/layout.py), registered by the build so write-back finds them all."""
    from .. import layout as L

    looks = []
    for fill in (None, L.HEADER_FILL, L.TITLE_FILL, L.VIOLATION_FILL):
        for bold in (False, True):
            for number_format in (None, DATE_FORMAT, "@"):
                looks.append(CellStyle(fill, bold, number_format))
    looks.append(CellStyle(L.TITLE_FILL, True))  # the banner
    for align in (None, "right", "center"):  # header cells, over text, figures and dates
        looks.append(CellStyle(L.HEADER_FILL, True, None, align, True, True, "vcenter"))
    kinds = [(None, "left"), (None, "right"), (None, "center"), (L.DATE_FORMAT, "center"), (L.DATETIME_FORMAT, "center"),
             (L.TEXT_FORMAT, "left"), (L.INTEGER_FORMAT, "right"), (L.INTEGER_FORMAT, "center"), (L.PERCENT_FORMAT, "right")]
    for fill in (None, L.VIOLATION_FILL):
        for bold in (False, True):
            for wrap in (False, True):
                for number_format, align in kinds:
                    looks.append(CellStyle(fill, bold, number_format, align, wrap, True, "top"))
    return list(dict.fromkeys(looks))


def _is_date_code(code: str) -> bool:
    stripped = "".join(part for i, part in enumerate(code.split('"')) if i % 2 == 0).lower()
    return any(ch in stripped for ch in "ymdhs") and "general" not in stripped


_PARSED: dict[bytes, "StyleBook"] = {}


class StyleBook:
    """The parsed `xl/styles.xml` of one workbook, with find-or-add for cell formats."""

    def __init__(self, xml: bytes):
        self.root = etree.fromstring(xml)
        self.changed = False
        self._bind()
        codes = dict(BUILTIN_FORMATS)
        if self.num_fmts is not None:
            for f in self.num_fmts.findall(f"{Q}numFmt"):
                codes[int(f.get("numFmtId"))] = f.get("formatCode")
        self.codes = codes
        self._index = {self.signature(i): i for i in reversed(range(len(self.xfs)))} if self.xfs is not None else {}

    @classmethod
    def parsed(cls, xml: bytes) -> "StyleBook":
        """A StyleBook of `xml`, parsed once per process: every exported file starts from the same
        skeleton styles, and reading its hundred looks cost 6 ms a file (46 units' lists)."""
        known = _PARSED.get(xml)
        if known is None:
            if len(_PARSED) >= 8:
                _PARSED.clear()
            known = _PARSED[xml] = cls(xml)
        return known.copy()

    def copy(self) -> "StyleBook":
        twin = object.__new__(StyleBook)
        twin.root = copy.deepcopy(self.root)
        twin.changed = self.changed
        twin._bind()
        twin.codes = dict(self.codes)
        twin._index = dict(self._index)
        return twin

    def _bind(self) -> None:
        self.num_fmts = self._child("numFmts")
        self.fonts = self._child("fonts")
        self.fills = self._child("fills")
        self.borders = self._child("borders")
        self.xfs = self._child("cellXfs")

    def _child(self, name: str):
        return self.root.find(f"{Q}{name}")

    # -- reading -------------------------------------------------------------------------------
    def number_format(self, xf_index: int) -> str:
        xf = self.xfs[xf_index] if self.xfs is not None and 0 <= xf_index < len(self.xfs) else None
        return self.codes.get(int(xf.get("numFmtId", 0)), "General") if xf is not None else "General"

    def is_date(self, xf_index: int) -> bool:
        return _is_date_code(self.number_format(xf_index))

    def count(self) -> int:
        return len(self.xfs) if self.xfs is not None else 0

    def _font_key(self, index: int) -> tuple:
        font = self.fonts[index] if self.fonts is not None and index < len(self.fonts) else None
        if font is None:
            return ()
        return tuple(sorted((etree.QName(child).localname, tuple(sorted(child.attrib.items()))) for child in font))

    def _fill_key(self, index: int) -> str | None:
        fill = self.fills[index] if self.fills is not None and index < len(self.fills) else None
        pattern = fill.find(f"{Q}patternFill") if fill is not None else None
        if pattern is None or pattern.get("patternType") != "solid":
            return None
        color = pattern.find(f"{Q}fgColor")
        return (color.get("rgb") or "")[-6:].upper() if color is not None else None

    def _border_key(self, index: int) -> bool:
        border = self.borders[index] if self.borders is not None and index < len(self.borders) else None
        if border is None:
            return False
        return all((side := border.find(f"{Q}{name}")) is not None and side.get("style") for name in ("left", "right", "top", "bottom"))

    def signature(self, xf_index: int) -> tuple:
        xf = self.xfs[xf_index]
        align = xf.find(f"{Q}alignment")
        default_font = self._font_key(0)
        font = self._font_key(int(xf.get("fontId", 0)))
        bold = ("b", ()) in font
        plain = tuple(part for part in font if part[0] != "b")
        if plain != tuple(part for part in default_font if part[0] != "b"):
            return ("other-font", xf_index)  # a size, colour or face of its own: never reused for our looks
        vertical = align.get("vertical") if align is not None else None
        return (self.codes.get(int(xf.get("numFmtId", 0)), "General"), bold, self._fill_key(int(xf.get("fillId", 0))),
                self._border_key(int(xf.get("borderId", 0))),
                align.get("horizontal") if align is not None else None,
                align is not None and align.get("wrapText") in ("1", "true"),
                "vcenter" if vertical == "center" else vertical)

    @staticmethod
    def wanted(style: CellStyle) -> tuple:
        return (style.number_format or "General", style.bold, (style.fill or "").lstrip("#").upper() or None,
                style.border, style.align, style.wrap, style.valign)

    # -- adding --------------------------------------------------------------------------------
    def xf(self, style: CellStyle) -> int:
        """The index of a cell format that looks like `style`, added if the workbook lacks one."""
        key = self.wanted(style)
        found = self._index.get(key)
        if found is not None:
            return found
        if self.xfs is None:
            raise ValueError("styles.xml has no cellXfs")
        xf = etree.SubElement(self.xfs, f"{Q}xf", numFmtId=str(self._num_fmt_id(style.number_format)),
                              fontId=str(self._font_id(style.bold)), fillId=str(self._fill_id(style.fill)),
                              borderId=str(self._border_id(style.border)), xfId="0")
        for attr, flag in (("applyNumberFormat", style.number_format), ("applyFont", style.bold),
                           ("applyFill", style.fill), ("applyBorder", style.border)):
            if flag:
                xf.set(attr, "1")
        if style.align or style.wrap or style.valign:
            xf.set("applyAlignment", "1")
            alignment = etree.SubElement(xf, f"{Q}alignment")
            if style.align:
                alignment.set("horizontal", style.align)
            if style.valign:
                alignment.set("vertical", "center" if style.valign == "vcenter" else style.valign)
            if style.wrap:
                alignment.set("wrapText", "1")
        self.xfs.set("count", str(len(self.xfs)))
        self.changed = True
        index = len(self.xfs) - 1
        self._index[key] = index
        return index

    def _num_fmt_id(self, code: str | None) -> int:
        if not code or code == "General":
            return 0
        for fid, known in self.codes.items():
            if known == code:
                return fid
        if self.num_fmts is None:
            self.num_fmts = etree.Element(f"{Q}numFmts")
            self.root.insert(0, self.num_fmts)
        fid = max([163, *self.codes]) + 1
        etree.SubElement(self.num_fmts, f"{Q}numFmt", numFmtId=str(fid), formatCode=code)
        self.num_fmts.set("count", str(len(self.num_fmts)))
        self.codes[fid] = code
        return fid

    def _font_id(self, bold: bool) -> int:
        default = self._font_key(0)
        for i in range(len(self.fonts)):
            key = self._font_key(i)
            if (("b", ()) in key) == bold and [p for p in key if p[0] != "b"] == [p for p in default if p[0] != "b"]:
                return i
        font = copy.deepcopy(self.fonts[0])
        for b in font.findall(f"{Q}b"):
            font.remove(b)
        if bold:
            font.insert(0, etree.Element(f"{Q}b"))
        self.fonts.append(font)
        self.fonts.set("count", str(len(self.fonts)))
        return len(self.fonts) - 1

    def _fill_id(self, color: str | None) -> int:
        if not color:
            return 0
        wanted = color.lstrip("#").upper()
        for i in range(len(self.fills)):
            if self._fill_key(i) == wanted:
                return i
        fill = etree.SubElement(self.fills, f"{Q}fill")
        pattern = etree.SubElement(fill, f"{Q}patternFill", patternType="solid")
        etree.SubElement(pattern, f"{Q}fgColor", rgb="FF" + wanted)
        etree.SubElement(pattern, f"{Q}bgColor", indexed="64")
        self.fills.set("count", str(len(self.fills)))
        return len(self.fills) - 1

    def _border_id(self, border: bool) -> int:
        if not border:
            return 0
        for i in range(len(self.borders)):
            if self._border_key(i):
                return i
        element = etree.SubElement(self.borders, f"{Q}border")
        for side in ("left", "right", "top", "bottom"):
            edge = etree.SubElement(element, f"{Q}{side}", style="thin")
            etree.SubElement(edge, f"{Q}color", rgb="FF" + BORDER_COLOR.lstrip("#"))
        etree.SubElement(element, f"{Q}diagonal")
        self.borders.set("count", str(len(self.borders)))
        return len(self.borders) - 1

    def date_variant(self, xf_index: int) -> int:
        """A cell format like `xf_index` but showing a date and time (for a datetime written where the column had none)."""
        if self.is_date(xf_index):
            return xf_index
        return self.xf(CellStyle(number_format=DATE_FORMAT))

    def to_bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
