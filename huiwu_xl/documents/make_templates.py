"""Build the .docx templates in templates/ from source (python-docx + gbt9704).

Run `python -m huiwu_xl.documents.make_templates` after changing a layout. The committed .docx
files are what the program uses at run time, so staff may edit them in Word afterwards; every
Jinja tag here is written as one run so Word shows it whole and docxtpl finds it.
"""
from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from . import gbt9704 as g
from .render import TEMPLATES_DIR

CIRCULAR = "会议考勤通报.docx"
NOTICE = "会议通知.docx"
SIGN_IN_SHEET = "签到表.docx"
PHONE_BOOK = "会议电话簿.docx"
SUMMARY = "会务工作总结.docx"
REPLY_HEADERS = ["序号", "姓名", "性别", "民族", "单位及职务", "手机", "是否住宿/抵达时间", "备注"]
REPLY_WIDTHS = [11, 18, 11, 12, 40, 26, 22, 16]
SIGN_IN_HEADERS = ["序号", "单位", "姓名", "职务", "签名", "签到时间"]
SIGN_IN_WIDTHS = [12, 44, 20, 30, 30, 20]
PHONE_HEADERS = ["单位", "姓名", "职务", "手机"]
PHONE_WIDTHS = [56, 24, 40, 36]
STAFF_HEADERS = ["姓名", "职责", "电话"]
STAFF_WIDTHS = [30, 80, 46]


# 版记 (GB/T 9704 §7.4): 抄送 between a thick and a thin line when given, then 印发机关 and 印发日期
# on one line above the closing thick line. (kind, texts); a one-text row is a docxtpl row tag.
IMPRINT_ROWS = [
    ("tag", "{%tr if cc_line %}"),
    ("cc", "抄送：{{ cc_line }}"),
    ("issued-after-cc", "{{ imprint_office }}", "{{ imprint_date }}"),
    ("tag", "{%tr else %}"),
    ("issued", "{{ imprint_office }}", "{{ imprint_date }}"),
    ("tag", "{%tr endif %}"),
]


def _rows(loop: str, cells: list[str]) -> list[list[str]]:
    """A docxtpl row loop: the opening tag row, the repeated row, the closing tag row."""
    return [[f"{{%tr for {loop} %}}"], cells, ["{%tr endfor %}"]]


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


def notice_template():
    """会议通知 (domain.md §3.3) with its 附件 参会回执 on a new page."""
    doc = g.new_document()
    add = g.add
    add(doc, "{%p if doc_number %}", g.DOC_NUMBER)
    add(doc, "{{ meeting.host }}文件", g.ISSUER)
    add(doc, "{{ doc_number }}", g.DOC_NUMBER)
    add(doc, "{%p endif %}", g.DOC_NUMBER)
    add(doc, "{{ meeting.host }}关于召开{{ meeting.name }}的通知", g.TITLE)
    add(doc, "{%p if recipients_line %}", g.RECIPIENTS)
    add(doc, "{{ recipients_line }}", g.RECIPIENTS)
    add(doc, "{%p endif %}", g.RECIPIENTS)
    add(doc, "{{ opening }}")
    add(doc, "一、会议时间", g.HEADING1)
    add(doc, "{{ time_line }}")
    add(doc, "二、会议地点", g.HEADING1)
    add(doc, "{{ place_line }}")
    add(doc, "{{ num.scope }}、参会人员", g.HEADING1)
    add(doc, "{%p for item in attendees %}")
    add(doc, "{{ item }}")
    add(doc, "{%p endfor %}")
    add(doc, "{%p if agenda %}")
    add(doc, "{{ num.agenda }}、会议议程", g.HEADING1)
    add(doc, "{%p for item in agenda %}")
    add(doc, "{{ item }}")
    add(doc, "{%p endfor %}")
    add(doc, "{%p endif %}")
    add(doc, "{{ num.requirements }}、有关要求", g.HEADING1)
    add(doc, "{%p for item in requirements %}")
    add(doc, "{{ item }}")
    add(doc, "{%p endfor %}")
    add(doc, "附件：{{ attachment }}", g.ATTACHMENT_NOTE)
    add(doc, "{{ meeting.host }}", g.SIGNATURE)
    add(doc, "{{ issued_text }}", g.DATE)
    add(doc, "{%p if contact_line %}", g.NOTE)
    add(doc, "{{ contact_line }}", g.NOTE)
    add(doc, "{%p endif %}", g.NOTE)

    attachment = g.new_page_section(doc)  # the 回执 and, at the bottom of its page, the 版记
    mark = add(doc, "附件", g.ATTACHMENT_MARK)
    mark.paragraph_format.page_break_before = False  # the section already starts a new page
    g.add_imprint(attachment, IMPRINT_ROWS)
    add(doc, "{{ attachment }}", g.ATTACHMENT_TITLE)
    add(doc, "单位（盖章）：　　　　　　　　联系人：　　　　　电话：", g.RECIPIENTS)
    g.add_table(doc, REPLY_HEADERS, REPLY_WIDTHS, _rows("r in reply_rows", ["{{ r.n }}"]), row_height_mm=9)
    add(doc, "{%p if reply_deadline %}", g.RECIPIENTS)
    add(doc, "请于{{ reply_deadline }}前报送至{{ meeting.host }}{{ contact_line }}。", g.RECIPIENTS)
    add(doc, "{%p endif %}", g.RECIPIENTS)
    return doc


def _group_table(doc, caption: str, headers: list[str], widths: list[float], cells: list[str], loop: str, row_mm: float):
    """One group's table: its name and the column headers repeat atop every page it runs over, and
    the next group follows on the same page (no group starts a new, half-empty page)."""
    table = g.add_table(doc, headers, widths, _rows(loop, cells), row_height_mm=row_mm)
    g.add_caption_row(table, caption)
    g.add(doc, "", g.TABLE_TEXT)  # keeps the next group's table a table of its own
    return table


def sign_in_template():
    """签到表: one table per 类别, units together; 签名 and 签到时间 left blank for the attendees."""
    doc = g.new_document()
    add = g.add
    add(doc, "{{ meeting.name }}签到表", g.TITLE)
    add(doc, "时间：{{ meeting.when_text }}", g.CENTERED)  # time and place on lines of their own:
    add(doc, "地点：{{ meeting.place }}", g.CENTERED)  # a place name is never broken
    add(doc, "{%p for group in groups %}")
    _group_table(doc, "{{ group.category }}（{{ group.count }}人）", SIGN_IN_HEADERS, SIGN_IN_WIDTHS,
                 ["{{ r.序号 }}", "{{ r.单位 }}", "{{ r.姓名 }}", "{{ r.职务 }}", "", ""], "r in group.rows", 11)
    add(doc, "{%p endfor %}")
    return doc


def phone_book_template():
    """会议电话簿: 会务组 first, then the attendees by 类别, unit by unit."""
    doc = g.new_document()
    add = g.add
    add(doc, "{{ meeting.name }}电话簿", g.TITLE)
    _group_table(doc, "会务组", STAFF_HEADERS, STAFF_WIDTHS, ["{{ r.姓名 }}", "{{ r.职责 }}", "{{ r.电话 }}"], "r in staff", 8)
    add(doc, "{%p for group in groups %}")
    _group_table(doc, "{{ group.category }}", PHONE_HEADERS, PHONE_WIDTHS,
                 ["{{ r.单位 }}", "{{ r.姓名 }}", "{{ r.职务 }}", "{{ r.手机 }}"], "r in group.rows", 8)
    add(doc, "{%p endfor %}")
    return doc


def summary_template():
    """会务工作总结: the meeting's service work in figures, in the 通报's house style; every figure
    comes from the workbook's sheets (services/summary.py), sections without data are left out."""
    doc = g.new_document()
    add = g.add
    add(doc, "{{ meeting.name }}会务工作总结", g.TITLE)
    add(doc, "{{ meeting.date_text }}，{{ host }}在{{ meeting.place }}组织召开{{ meeting.name }}。会务组按照会议方案和"
             "会务工作要求，精心筹备、周密组织，完成了会议各项服务保障工作。现将有关情况总结如下：")
    add(doc, "一、会议基本情况", g.HEADING1)
    add(doc, "{{ attendance_text }}")
    add(doc, "{%p if violations_text %}")
    add(doc, "{{ violations_text }}")
    add(doc, "{%p endif %}")

    add(doc, "二、会前筹备", g.HEADING1)
    add(doc, "{%p for item in preparation %}")
    add(doc, "{{ item.heading }}", g.HEADING2)
    add(doc, "{{ item.text }}")
    add(doc, "{%p endfor %}")

    add(doc, "三、会中服务", g.HEADING1)
    add(doc, "{%p for item in service %}")
    add(doc, "{{ item.heading }}", g.HEADING2)
    add(doc, "{{ item.text }}")
    add(doc, "{%p endfor %}")

    add(doc, "{%p if feedback %}")
    add(doc, "{{ feedback.number }}、服务评价", g.HEADING1)
    add(doc, "{{ feedback.text }}")
    add(doc, "{%p for line in feedback.lines %}")
    add(doc, "{{ line }}")
    add(doc, "{%p endfor %}")
    add(doc, "{%p endif %}")

    add(doc, "{%p if staff %}")
    add(doc, "{{ staff.number }}、工作人员", g.HEADING1)
    add(doc, "{{ staff.text }}")
    add(doc, "{%p endif %}")

    add(doc, "{{ problems_number }}、存在的问题和改进措施", g.HEADING1)
    add(doc, "{%p for line in problems %}")
    add(doc, "{{ line }}")
    add(doc, "{%p endfor %}")
    closing = add(doc, "下一步，会务组将认真总结本次会议的经验和不足，进一步细化会务工作流程，提高会务服务质量。")
    closing.paragraph_format.keep_with_next = True  # the 落款 never stands alone on the last page

    add(doc, "{{ host }}", g.SIGNATURE)
    add(doc, "{{ issued_text }}", g.DATE)
    return doc


BUILDERS = {
    CIRCULAR: circular_template,
    NOTICE: notice_template,
    SIGN_IN_SHEET: sign_in_template,
    PHONE_BOOK: phone_book_template,
    SUMMARY: summary_template,
}


def build(names: list[str] | None = None, out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or list(BUILDERS):
        path = out_dir / name
        doc = BUILDERS[name]()
        props = doc.core_properties
        props.title, props.author, props.last_modified_by = Path(name).stem, "huiwu", "huiwu"
        props.created = props.modified = datetime(2026, 1, 1)
        props.revision = 1
        buffer = io.BytesIO()
        doc.save(buffer)
        path.write_bytes(_stable_zip(buffer.getvalue()))
        written.append(path)
    return written


def _stable_zip(data: bytes) -> bytes:
    """The same bytes on every build: fixed member timestamps, so git sees only real changes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    for p in build(sys.argv[1:] or None):
        print(p)
