"""Build the .docx templates in templates/ from source (python-docx + gbt9704).

Run `python -m huiwu_xl.documents.make_templates` after changing a layout. The committed .docx
files are what the program uses at run time, so staff may edit them in Word afterwards; every
Jinja tag here is written as one run so Word shows it whole and docxtpl finds it.
"""
from __future__ import annotations

import sys
from pathlib import Path

from . import gbt9704 as g
from .render import TEMPLATES_DIR

CIRCULAR = "会议考勤通报.docx"


def circular_template():
    """会议考勤通报 (domain.md §4.4): facts, overall picture, violators by kind and unit, requirement."""
    doc = g.new_document()
    add = g.add
    add(doc, "关于{{ meeting.name }}到会情况的通报", g.TITLE)
    add(doc, "{%p if recipients_line %}", g.RECIPIENTS)
    add(doc, "{{ recipients_line }}", g.RECIPIENTS)
    add(doc, "{%p endif %}", g.RECIPIENTS)

    add(doc, "一、会议基本情况", g.HEADING1)
    add(doc, "{{ meeting.date_text }}{{ meeting.time_text }}，{{ meeting.host }}在{{ meeting.place }}召开"
             "{{ meeting.name }}，要求{{ scope_text }}参加会议。")
    add(doc, "会议应到{{ totals.应到 }}人，实到{{ totals.实到 }}人，请假{{ totals.请假 }}人，代会{{ totals.代会 }}人，"
             "迟到{{ totals.迟到 }}人，早退{{ totals.早退 }}人，擅自代会{{ totals.擅自代会 }}人，旷会{{ totals.旷会 }}人"
             "{{ rate_text }}。")

    add(doc, "二、总体到会情况", g.HEADING1)
    add(doc, "从实际到会情况看，绝大多数单位和人员能够按要求参加会议，遵守会议纪律。")
    add(doc, "{%p if excused_text %}")
    add(doc, "其中，{{ excused_text }}。以上人员均按程序履行了请假手续。")
    add(doc, "{%p endif %}")

    add(doc, "三、存在的问题", g.HEADING1)
    add(doc, "{%p if violations %}")
    add(doc, "但仍有个别单位和人员思想上重视不够，会风会纪意识不强，存在以下问题：")
    add(doc, "{%p for v in violations %}")
    add(doc, "（{{ v.number }}）{{ v.title }}（{{ v.count }}人）", g.HEADING2)
    add(doc, "{%p for u in v.units %}")
    add(doc, "{{ u.unit }}：{{ u.people_text }}。")
    add(doc, "{%p endfor %}")
    add(doc, "{%p endfor %}")
    add(doc, "{%p else %}")
    add(doc, "本次会议未发现擅自代会、无故缺席、迟到、早退等违反会议纪律的情况。")
    add(doc, "{%p endif %}")

    add(doc, "四、有关要求", g.HEADING1)
    add(doc, "{%p if violations %}")
    add(doc, "根据{{ basis_text }}规定，现将上述情况予以通报，责成以上人员所在单位{{ deadline_phrase }}"
             "向{{ host_text }}作出书面情况说明。")
    add(doc, "{%p endif %}")
    add(doc, "会风会纪是工作作风的直接体现。希望各单位以此为戒，进一步提高思想认识，严格执行会议请假制度，"
             "严肃会风会纪，确保纪律严明、政令畅通。")

    add(doc, "{{ meeting.host }}", g.SIGNATURE)
    add(doc, "{{ issued_text }}", g.DATE)
    return doc


BUILDERS = {CIRCULAR: circular_template}


def build(names: list[str] | None = None, out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or list(BUILDERS):
        path = out_dir / name
        BUILDERS[name]().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in build(sys.argv[1:] or None):
        print(p)
