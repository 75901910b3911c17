"""The buttons of huiwu.xlsm: one function each, called by RunPython, the command line and tests.

`book` is None when Excel calls (the calling workbook), an xlwings Book in tests (the remote
engine), or a port (the command line's FileWorkbook). Each function only translates: the work
is in huiwu_xl.services.
"""
from __future__ import annotations

from .problems import InputError


def _run(book, service, title: str, **options) -> str | None:
    from .port import open_port

    from .outputs import protecting

    port = open_port(book)
    try:
        with protecting(getattr(port, "workbook_path", None)):
            message = service(port, **options)
    except Exception as exc:
        if not getattr(port, "interactive", False):
            raise  # the command line reports it (errors.report) with its exit code
        from .errors import Incomplete, report

        if isinstance(exc, Incomplete):  # in Excel the result is shown like any other
            port.notify(exc.message, title=title)
            return exc.message
        text, _ = report(exc, title)
        port.notify(text, title=f"{title}：{'输入有误' if isinstance(exc, InputError) else '出错'}")
        return None
    if message:
        port.notify(message, title=title)
    return message


def check_attendance(book=None, **options):
    from .services.attendance import check_attendance as service

    return _run(book, service, "核对考勤", **options)


def make_call_round(book=None, **options):
    from .services.callround import make_call_round as service

    return _run(book, service, "生成电话通知表", **options)


def summarize_call_round(book=None, **options):
    from .services.callround import summarize_call_round as service

    return _run(book, service, "电话通知汇总", **options)


def write_notice(book=None, **options):
    from .services.notice import write_notice as service

    return _run(book, service, "生成会议通知", **options)


def write_sign_in_sheet(book=None, **options):
    from .services.notice import write_sign_in_sheet as service

    return _run(book, service, "生成签到表", **options)


def write_phone_book(book=None, **options):
    from .services.notice import write_phone_book as service

    return _run(book, service, "生成电话簿", **options)


def make_prep_plan(book=None, **options):
    from .services.preparation import make_prep_plan as service

    return _run(book, service, "生成筹备计划", **options)


def make_supply_list(book=None, **options):
    from .services.preparation import make_supply_list as service

    return _run(book, service, "生成物资清单", **options)


def arrange_podium(book=None, **options):
    from .services.seating import arrange_podium as service

    return _run(book, service, "排主席台座次", **options)


def make_plates(book=None, **options):
    from .services.seating import make_plates as service

    return _run(book, service, "生成座签", **options)


def make_seat_cards(book=None, **options):
    from .services.seating import make_seat_cards as service

    return _run(book, service, "生成座位卡", **options)


def sign_in_desk(book=None, **options):
    from .services.seating import sign_in_desk as service

    def at_the_desk(port, **kw):
        # Excel shows the seat in large type on the 签到台 sheet: no alert to click away per arrival.
        message = service(port, **kw)
        return None if getattr(port, "interactive", False) else message

    return _run(book, at_the_desk, "签到发座", **options)


def make_badges(book=None, **options):
    from .services.badges import make_badges as service

    return _run(book, service, "生成参会证", **options)


def sync_signins(book=None, **options):
    from .services.sync import sync_signins as service

    return _run(book, service, "同步签到", **options)


def report_copies(book=None, **options):
    from .services.copies import report_copies as service

    return _run(book, service, "材料回收", **options)


def send_mail(book=None, **options):
    from .services.mail import send_mail as service

    return _run(book, service, "发送邮件", **options)


def archive_meeting(book=None, **options):
    from .services.archive import archive_meeting as service

    return _run(book, service, "会议归档", **options)


def score_staff(book=None, **options):
    from .services.points import score_staff as service

    return _run(book, service, "工作人员考核", **options)


def summarize_replies(book=None, **options):
    from .services.replies import summarize_replies as service

    return _run(book, service, "汇总回执", **options)


def apply_replies(book=None, **options):
    from .services.replies import apply_replies as service

    options.pop("folder", None)  # 汇总回执's option on the shared command
    return _run(book, service, "应用回执", **options)


def make_translation_list(book=None, **options):
    from .services.translation import make_translation_list as service

    options.pop("path", None)  # 导入翻译's option on the shared command
    return _run(book, service, "生成翻译清单", **options)


def import_translations(book=None, **options):
    from .services.translation import import_translations as service

    return _run(book, service, "导入翻译", **options)


def make_banner(book=None, **options):
    from .services.banner import make_banner as service

    return _run(book, service, "生成会标", **options)


def make_feedback(book=None, **options):
    from .services.feedback import make_feedback as service

    return _run(book, service, "会务意见反馈", **options)


def write_summary(book=None, **options):
    from .services.summary import write_summary as service

    return _run(book, service, "生成会务总结", **options)
