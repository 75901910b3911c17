"""发送邮件 through xlwings' remote engine and the command line, against aiosmtpd on 127.0.0.1."""
from __future__ import annotations

import json
import shutil

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from conftest import alerts, payload_from_file, remote_book, written_values
from mailserver import PASSWORD, USER, Server, make_certs

from huiwu_xl import macros
from huiwu_xl.cli import main
from huiwu_xl.contract import GENERATED_NOTE, MAIL_LOG
from huiwu_xl.mail.settings import PASSWORD_ENV

NOTICE = "会议通知.docx"


@pytest.fixture
def server(tmp_path):
    started = []

    def start(mode="plain", auth=False):
        certs = make_certs(tmp_path) if mode != "plain" else None
        s = Server(certs, mode, auth).start()
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def with_mail_settings(demo_path: Path, rows: list[list]) -> dict:
    payload = payload_from_file(demo_path)
    payload["sheets"].append({"name": "邮件设置", "values": [["项目", "内容"], *rows], "pictures": [], "tables": []})
    return payload


def settings_rows(srv: Server, **extra) -> list[list]:
    rows = {
        "SMTP服务器": "127.0.0.1",
        "端口": float(srv.port),  # Excel hands numbers over as floats
        "加密方式": {"plain": "无", "starttls": "STARTTLS", "ssl": "SSL"}[srv.mode],
        "用户名": USER if srv.auth else None,
        "发件人名称": None,  # → 会议信息's 主办单位
        "发件人地址": "office@example.gov.cn",
        "附件": NOTICE,
        **extra,
    }
    return [[k, v] for k, v in rows.items()]


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "输出"
    folder.mkdir(exist_ok=True)
    (folder / NOTICE).write_bytes(b"PK\x03\x04 notice bytes \x00\xff" * 100)
    return folder


def log_rows(book) -> list[dict]:
    grid = written_values(book, MAIL_LOG.name)
    assert GENERATED_NOTE in grid[0][0]
    assert grid[1] == MAIL_LOG.headers
    return [dict(zip(grid[1], row)) for row in grid[2:]]


def test_send_mail_button_sends_each_unit_once_and_writes_the_log(demo_path, out, server, monkeypatch):
    srv = server("starttls", auth=True)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    cafile = srv.certs.ca
    payload = with_mail_settings(demo_path, settings_rows(srv, 信任证书=str(cafile)))
    book = remote_book(payload)
    message = macros.send_mail(book)

    rows = log_rows(book)
    units = [s for s in payload["sheets"] if s["name"] == "单位"][0]["values"][1:]
    assert len(rows) == len(units) > 20
    assert {r["状态"] for r in rows} == {"已发"}
    assert [r["收件人"] for r in rows] == [u[0] for u in units]
    assert all(r["邮箱"] == u[5] for r, u in zip(rows, units))
    assert all(r["主题"] == "关于召开2026年全旗经济工作会议的通知" and r["附件"] == NOTICE for r in rows)
    assert all(r["Message-ID"].startswith("<") and r["错误"] in (None, "") for r in rows)
    assert all(r["邮件文件"].startswith("邮件/") and (out / r["邮件文件"]).is_file() for r in rows)
    assert alerts(book)[-1] == message and message.startswith(f"本次发送 {len(units)} 封。合计：已发 {len(units)} 封，失败 0 封")

    assert len(srv.received) == len(units)
    first = srv.received[0]
    msg = first.message
    assert first.rcpt_tos == [units[0][5]]
    assert "××旗人民政府办公室" in str(msg["From"]) and msg["Message-ID"] == rows[0]["Message-ID"]
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith(f"{units[0][0]}：") and "2026年12月3日" in body and "孟庆华" in body
    assert [(p.get_filename(), p.get_content()) for p in msg.iter_attachments()] == [(NOTICE, (out / NOTICE).read_bytes())]

    # The password is used to log in and kept nowhere: not in the workbook, the log or the copies.
    assert PASSWORD not in json.dumps(book.json(), ensure_ascii=False)
    assert not any(PASSWORD.encode() in p.read_bytes() for p in out.rglob("*") if p.is_file())

    again = remote_book(payload)  # the button pressed once more: nothing goes out twice
    assert "本次没有发送邮件" in macros.send_mail(again)
    assert len(srv.received) == len(units) and {r["状态"] for r in log_rows(again)} == {"已发"}


def test_a_refused_unit_is_failed_in_the_log_and_sent_on_the_next_press(demo_path, out, server):
    srv = server()
    payload = with_mail_settings(demo_path, settings_rows(srv))
    victim = [s for s in payload["sheets"] if s["name"] == "单位"][0]["values"][3][5]
    srv.recorder.refuse_rcpt[victim] = "550 mailbox unavailable"
    book = remote_book(payload)
    macros.send_mail(book)
    rows = log_rows(book)
    failed = [r for r in rows if r["状态"] == "失败"]
    assert [r["邮箱"] for r in failed] == [victim] and "550" in failed[0]["错误"]
    assert any(a["func"] == "setRangeColor" and a["args"] == ["#FFC7CE"] for a in book.json()["actions"])
    srv.recorder.refuse_rcpt.clear()
    again = remote_book(payload)
    assert macros.send_mail(again).startswith("本次发送 1 封")
    assert {r["状态"] for r in log_rows(again)} == {"已发"}
    assert sorted(a for r in srv.received for a in r.rcpt_tos) == sorted(r["邮箱"] for r in rows)


def test_dry_run_writes_eml_files_and_sends_nothing(demo_path, out, server):
    srv = server()
    book = remote_book(with_mail_settings(demo_path, settings_rows(srv, 试运行="是")))
    message = macros.send_mail(book)
    rows = log_rows(book)
    assert srv.received == [] and message.startswith("试运行：已生成")
    assert {r["状态"] for r in rows} == {"待发"}
    for row in rows[:3]:
        path = out / row["邮件文件"]
        assert "试运行" in row["邮件文件"] and path.suffix == ".eml"
        msg = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert msg["Subject"] == "关于召开2026年全旗经济工作会议的通知"
        assert [p.get_filename() for p in msg.iter_attachments()] == [NOTICE]


def test_missing_settings_password_and_files_are_alerts_in_chinese(demo_path, out, server, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    book = remote_book(payload_from_file(demo_path))
    assert macros.send_mail(book) is None
    assert "找不到“邮件设置”工作表" in alerts(book)[-1]

    srv = server("ssl", auth=True)
    book = remote_book(with_mail_settings(demo_path, settings_rows(srv, 信任证书=str(srv.certs.ca))))
    assert macros.send_mail(book) is None
    assert "--set-password" in alerts(book)[-1] and srv.received == []

    book = remote_book(with_mail_settings(demo_path, settings_rows(srv, 附件="会议通知.docx、{单位}回执.docx")))
    assert macros.send_mail(book) is None
    text = alerts(book)[-1]
    assert "工作表“邮件设置”第8行“内容”列：找不到附件“{单位}回执.docx”" in text and "个单位的文件不存在，如“旗委回执.docx”" in text
    assert len(text.splitlines()) == 2  # one problem for the pattern, not one per unit


def test_command_line_dry_run_and_send(demo_path, out, server, tmp_path, capsys):
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    srv = server()
    # the demo workbook plus a 邮件设置 sheet, saved as a file for the command line
    source = CalamineWorkbook.from_path(str(demo_path))
    path = tmp_path / "会议.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name in source.sheet_names:
        ws = book.add_worksheet(name)
        for r, row in enumerate(source.get_sheet_by_name(name).to_python()):
            for c, v in enumerate(row):
                if v not in (None, ""):
                    ws.write(r, c, v) if not hasattr(v, "year") else ws.write_datetime(r, c, v, book.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    ws = book.add_worksheet("邮件设置")
    for r, (k, v) in enumerate([["项目", "内容"], *settings_rows(srv)]):
        ws.write(r, 0, k)
        if v is not None:
            ws.write(r, 1, v)
    book.close()

    assert main(["mail", str(path), "--out", str(out), "--dry-run"]) == 0
    assert srv.received == [] and any((out / "邮件" / "试运行").glob("*.eml"))
    assert main(["mail", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    log = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("邮件记录").to_python()  # in the workbook itself
    assert "已发" in printed and sum(row.count("已发") for row in log) > 20
    sent = len(srv.received)
    assert sent > 20
    assert main(["mail", str(path), "--out", str(out)]) == 0 and len(srv.received) == sent


def test_a_renamed_output_folder_does_not_mail_everyone_again(demo_path, out, server, monkeypatch, tmp_path):
    from conftest import apply_writes

    srv = server("plain")
    payload = with_mail_settings(demo_path, settings_rows(srv))
    book = remote_book(payload)
    macros.send_mail(book)
    sent = len(srv.received)
    assert sent > 20
    apply_writes(payload, book)  # Excel now holds the 邮件记录 sheet the first press wrote

    moved = tmp_path / "改名后的输出"
    moved.mkdir()
    shutil.copy(out / NOTICE, moved / NOTICE)
    meeting = next(s for s in payload["sheets"] if s["name"] == "会议信息")["values"]
    next(r for r in meeting if r[0] == "输出目录")[1] = str(moved)
    again = remote_book(payload)
    assert "本次没有发送邮件" in macros.send_mail(again)  # the record is the workbook's, not the folder's
    assert len(srv.received) == sent
