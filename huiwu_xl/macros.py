"""The buttons of huiwu.xlsm: one function each, called by RunPython, the command line and tests.

`book` is None when Excel calls (the calling workbook), an xlwings Book in tests (the remote
engine), or a port (the command line's FileWorkbook). Each function only translates: the work
is in huiwu_xl.services.
"""
from __future__ import annotations

import traceback

from .problems import InputError


def _run(book, service, title: str) -> str | None:
    from .port import open_port

    port = open_port(book)
    try:
        message = service(port)
    except InputError as exc:
        if not getattr(port, "interactive", False):
            raise  # the command line reports it with exit code 2
        port.notify(exc.message, title=f"{title}：输入有误")
        return None
    except Exception as exc:
        if not getattr(port, "interactive", False):
            raise
        port.notify(f"运行时出错：{exc}\n\n请把本提示截图发给技术支持。\n{traceback.format_exc(limit=3)}", title=f"{title}：出错")
        return None
    if message:
        port.notify(message, title=title)
    return message


def check_attendance(book=None):
    from .services.attendance import check_attendance as service

    return _run(book, service, "核对考勤")


def make_call_round(book=None):
    from .services.callround import make_call_round as service

    return _run(book, service, "生成电话通知表")


def summarize_call_round(book=None):
    from .services.callround import summarize_call_round as service

    return _run(book, service, "电话通知汇总")


def write_notice(book=None):
    from .services.notice import write_notice as service

    return _run(book, service, "生成会议通知")


def write_sign_in_sheet(book=None):
    from .services.notice import write_sign_in_sheet as service

    return _run(book, service, "生成签到表")


def write_phone_book(book=None):
    from .services.notice import write_phone_book as service

    return _run(book, service, "生成电话簿")


def make_prep_plan(book=None):
    from .services.preparation import make_prep_plan as service

    return _run(book, service, "生成筹备计划")


def make_supply_list(book=None):
    from .services.preparation import make_supply_list as service

    return _run(book, service, "生成物资清单")


def arrange_podium(book=None):
    from .services.seating import arrange_podium as service

    return _run(book, service, "排主席台座次")


def make_plates(book=None):
    from .services.seating import make_plates as service

    return _run(book, service, "生成座签")


def make_seat_cards(book=None):
    from .services.seating import make_seat_cards as service

    return _run(book, service, "生成座位卡")


def sign_in_desk(book=None):
    from .services.seating import sign_in_desk as service

    def at_the_desk(port):
        # Excel shows the seat in large type on the 签到台 sheet: no alert to click away per arrival.
        message = service(port)
        return None if getattr(port, "interactive", False) else message

    return _run(book, at_the_desk, "签到发座")


def make_badges(book=None):
    from .services.badges import make_badges as service

    return _run(book, service, "生成参会证")


def sync_signins(book=None):
    from .services.sync import sync_signins as service

    return _run(book, service, "同步签到")


def report_copies(book=None):
    from .services.copies import report_copies as service

    return _run(book, service, "材料回收")


def send_mail(book=None):
    from .services.mail import send_mail as service

    return _run(book, service, "发送邮件")


def archive_meeting(book=None):
    from .services.archive import archive_meeting as service

    return _run(book, service, "会议归档")


def score_staff(book=None):
    from .services.points import score_staff as service

    return _run(book, service, "工作人员考核")
