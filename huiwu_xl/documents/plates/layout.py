"""What a plate shows (PlateTemplate), the paper and fold it is printed on (PlateLayout), and one
face laid out in points: the part of 座签 that knows no file format."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

from ...clean import xml_text
from ...text import printed_name

MM = 72 / 25.4
CJK_ASCENT = 0.88  # top of the ideographic em box above the baseline, in em (Noto/Source Han; SimSun 0.86)
DOTS = "\u00b7"  # the 间隔号; look-alikes are mapped to it by text.printed_name


# ---------------------------------------------------------------------------------------------
# What a plate shows, and the paper it is printed on
@dataclass(frozen=True)
class Plate:
    name: str
    unit: str = ""
    name_mn: str = ""  # traditional Mongolian, Unicode, as typed


@dataclass(frozen=True)
class PlateTemplate:
    """The content of a plate: which lines, which font, how big."""

    font_family: str = "方正小标宋简体"
    mongolian_family: str = "Mongolian Baiti"
    max_pt: float = 150.0  # ≈ 53 mm em: reads at ~20 m (domain.md §2.2)
    break_below_pt: float = 90.0  # a name with "·" that would be smaller breaks into two lines at the dot
    widen_two_chars: bool = True  # "张三" spaced to the width of a three-character name
    show_unit: bool = False
    unit_pt: float = 28.0
    show_mongolian: bool = True
    line_gap: float = 0.12  # between the two lines of a broken name, in em
    mongolian_gap: float = 0.3  # between the Mongolian column and the Chinese, in em


@dataclass(frozen=True)
class PlateLayout:
    """The paper and the fold: a sheet folded along its long centre line into a tent, one plate a sheet."""

    width_mm: float = 297.0
    height_mm: float = 210.0
    margin_mm: float = 10.0
    fold_line: bool = True

    @property
    def width(self) -> float:
        return self.width_mm * MM

    @property
    def height(self) -> float:
        return self.height_mm * MM

    @property
    def margin(self) -> float:
        return self.margin_mm * MM

    @property
    def face_height(self) -> float:
        return self.height / 2


A4_TENT = PlateLayout()
A3_TENT = PlateLayout(420.0, 297.0, 12.0)


# ---------------------------------------------------------------------------------------------
# One face, laid out in points; origin at the face's top edge (the fold), y downwards
@dataclass(frozen=True)
class Line:
    text: str
    size: float
    x: float  # left end
    baseline: float
    spacing: float = 0.0  # extra advance after every character but the last
    width: float = 0.0


@dataclass(frozen=True)
class MongolianBlock:
    text: str
    size: float
    x: float
    y: float
    width: float  # the column's thickness
    height: float  # the run's length, top to bottom


@dataclass(frozen=True)
class Face:
    lines: list[Line]
    unit: Line | None = None
    mongolian: MongolianBlock | None = None


class Metrics(Protocol):
    def width(self, text: str, size: float) -> float:
        """Advance width of `text` in the Chinese font."""

    def mongolian(self, text: str) -> tuple[float, float]:
        """(length, thickness) of the shaped Mongolian run per point of font size."""


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalpha()


def fit_name(name: str, box_w: float, box_h: float, t: PlateTemplate, metrics: Metrics) -> tuple[list[str], float, float]:
    """(lines, size, spacing): one line as large as fits, or two broken after a "·"."""
    widened = t.widen_two_chars and len(name) == 2 and all(is_cjk(c) for c in name)
    spacing_em = 1.0 if widened else 0.0
    one = metrics.width(name, 1.0) + spacing_em * (len(name) - 1)
    size = min(t.max_pt, box_w / one if one else t.max_pt, box_h)
    if size >= t.break_below_pt or not any(d in name for d in DOTS):
        return [name], size, spacing_em * size
    best = None
    for i, ch in enumerate(name[:-1]):
        if ch in DOTS and i > 0:
            parts = [name[: i + 1], name[i + 1:]]  # the dot stays at the end of the first line
            widest = max(metrics.width(p, 1.0) for p in parts)
            if best is None or widest < best[0]:
                best = (widest, parts)
    if best is None:
        return [name], size, 0.0
    two = min(t.max_pt, box_w / best[0], box_h / (2 + t.line_gap))
    return (best[1], two, 0.0) if two > size else ([name], size, 0.0)


def layout_face(plate: Plate, t: PlateTemplate, layout: PlateLayout, metrics: Metrics) -> Face:
    m = layout.margin
    box_w, box_h = layout.width - 2 * m, layout.face_height - 2 * m
    name = printed_name(plate.name)
    unit = xml_text(plate.unit).strip() if t.show_unit else ""
    unit = unit if unit and metrics.width(unit, 1.0) > 0 else ""  # nothing drawable
    unit_size = min(t.unit_pt, box_w * 0.95 / metrics.width(unit, 1.0)) if unit else 0.0
    unit_band = unit_size * 1.6
    name_h = box_h - unit_band
    mn = xml_text(plate.name_mn).strip() if t.show_mongolian else ""
    mn_len, mn_thick = metrics.mongolian(mn) if mn else (0.0, 0.0)
    mn = mn if mn_len > 0 else ""  # nothing drawable

    column, mn_size = 0.0, 0.0
    if mn:  # the column runs the height of the name band, whatever the length of the Chinese name
        mn_size = min(t.max_pt, name_h / mn_len)
        column = mn_size * mn_thick + t.mongolian_gap * t.max_pt
    lines, size, spacing = fit_name(name, box_w - column, name_h, t, metrics)

    widths = [metrics.width(line, size) + spacing * (len(line) - 1) for line in lines]
    text_w = max(widths)
    left = m + (box_w - column - text_w) / 2
    pitch = size * (1 + t.line_gap)
    top = m + (name_h - size - pitch * (len(lines) - 1)) / 2
    placed = [
        Line(line, size, left + column + (text_w - w) / 2, top + i * pitch + CJK_ASCENT * size, spacing, w)
        for i, (line, w) in enumerate(zip(lines, widths))
    ]
    unit_line = None
    if unit:
        w = metrics.width(unit, unit_size)
        baseline = m + name_h + (unit_band - unit_size) / 2 + CJK_ASCENT * unit_size
        unit_line = Line(unit, unit_size, m + (box_w - w) / 2, baseline, 0.0, w)
    block = None
    if mn:
        height = mn_size * mn_len
        block = MongolianBlock(mn, mn_size, left, m + (name_h - height) / 2, mn_size * mn_thick, height)
    return Face(placed, unit_line, block)
