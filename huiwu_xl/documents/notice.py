"""会议通知, 签到表 and 会议电话簿 rendered from their templates in templates/."""
from __future__ import annotations

from pathlib import Path

from ..core.notice import NoticeInput, notice_context
from .render import render_docx

NOTICE_TEMPLATE = "会议通知.docx"
SIGN_IN_TEMPLATE = "签到表.docx"
PHONE_BOOK_TEMPLATE = "会议电话簿.docx"


def render_notice(data: NoticeInput, out_dir: Path, filename: str = "会议通知.docx", templates_dir: Path | None = None,
                  mongolian_issuer: str = "") -> Path:
    """The notice with its 参会回执 (GB/T 9704); returns the path written. A Mongolian 发文机关标志
    goes above the Chinese one in the 版头."""
    finish = None
    if mongolian_issuer.strip():
        from .mongolian_header import add_mongolian_issuer

        finish = lambda document: add_mongolian_issuer(document, mongolian_issuer)  # noqa: E731
    return render_docx(NOTICE_TEMPLATE, notice_context(data), out_dir, filename, templates_dir, finish)


def render_sign_in_sheet(meeting: dict, groups: list[dict], out_dir: Path, filename: str = "签到表.docx",
                         templates_dir: Path | None = None) -> Path:
    """groups: [{"category", "count", "rows": [{"序号", "单位", "姓名", "职务"}]}] (core.notice.category_groups)."""
    return render_docx(SIGN_IN_TEMPLATE, {"meeting": meeting, "groups": groups}, out_dir, filename, templates_dir)


def render_phone_book(meeting: dict, staff: list[dict], groups: list[dict], out_dir: Path,
                      filename: str = "会议电话簿.docx", templates_dir: Path | None = None) -> Path:
    """staff: [{"姓名", "职责", "电话"}] (会务组, listed first); groups as for the sign-in sheet, with 手机."""
    return render_docx(PHONE_BOOK_TEMPLATE, {"meeting": meeting, "staff": staff, "groups": groups}, out_dir, filename, templates_dir)
