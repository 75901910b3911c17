"""发送邮件 against a real SMTP server on 127.0.0.1 (aiosmtpd): delivery exactly once, bytes and
Chinese names intact, broken batches resumed, crashes never resent, .eml files, no header injection."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.utils import getaddresses
from pathlib import Path

import pytest

from huiwu_xl.mail import compose
from huiwu_xl.clean import path_name
from huiwu_xl.mail.batch import dry_run, send_batch
from huiwu_xl.mail.journal import JOURNAL_NAME, Journal, JournalBusy, exclusive
from huiwu_xl.mail.plan import Template, Unit, attachment_patterns, parse_template, plan_messages
from huiwu_xl.mail.settings import (
    KEYRING_SERVICE,
    PASSWORD_ENV,
    MailSettings,
    PasswordMissing,
    ask_and_save_password,
    find_password,
    parse_settings,
    require_password,
)
from huiwu_xl.mail.transport import SmtpTransport
from mailserver import PASSWORD, USER, Server, make_certs

ROOT = Path(__file__).resolve().parents[1]
SENDER = "office@example.gov.cn"
SENDER_NAME = "××旗人民政府办公室"
MEETING_FIELDS = {"会议名称": "全旗2026年经济工作会议", "开始时间": "2026年12月3日 8:30", "地点": "旗政府第一会议室", "主办单位": SENDER_NAME, "联系人": "王芳", "联系电话": "0470-1234567", "日期": "2026年11月27日"}
UNITS = [
    Unit("阿拉坦合力苏木人民政府", "alatan@example.cn", "巴特尔", 2),
    Unit("旗发展和改革委员会", "fgw@example.cn", "", 3),
    Unit("旗财政局", "czj@example.cn；czj-office@example.cn", "李明", 4),  # two addresses, full-width ；
    Unit("鄂温克族自治旗民族事务委员会（宗教事务局）", "ＭＺＷ@Example.cn", "", 5),  # full-width letters
    Unit("旗教育局", "jyj@example.cn", "", 6),
]
NOTICE = "关于召开全旗2026年经济工作会议的通知（含参会回执）.docx"


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    pytest.importorskip("cryptography", reason="cryptography makes the test certificates")
    return make_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def server(certs):
    started: list[Server] = []

    def start(mode="plain", auth=False, port=None) -> Server:
        s = Server(certs, mode, auth, port).start()
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture
def out(tmp_path) -> Path:
    """The output folder with the generated files: one shared notice, one list per unit."""
    folder = tmp_path / "输出" / "全旗2026年经济工作会议"
    folder.mkdir(parents=True)
    (folder / NOTICE).write_bytes(os.urandom(3000) + b"\r\n.\r\n.leading dot\n")  # dots and bare LFs must survive
    for unit in UNITS:
        (folder / f"{unit.name}参会名单.xlsx").write_bytes(unit.name.encode() * 50 + os.urandom(100))
    return folder


def settings_for(server: Server | None, certs=None, **kw) -> MailSettings:
    mode = server.mode if server else "plain"
    return MailSettings(
        host="127.0.0.1",
        port=server.port if server else 1,
        security={"plain": "无", "starttls": "STARTTLS", "ssl": "SSL"}[mode],
        user=USER if server and server.auth else "",
        sender_name=SENDER_NAME,
        sender=SENDER,
        attachments=f"{NOTICE}、{{单位}}参会名单.xlsx",
        cafile=certs.ca if certs and mode != "plain" else None,
        timeout=10,
        **kw,
    )


def make_plan(settings: MailSettings, out: Path, units=UNITS, template=None):
    template = template or parse_template((ROOT / "templates" / "邮件模板.txt").read_text(encoding="utf-8"))
    plan = plan_messages(units, attachment_patterns(settings.attachments), out, {p.name for p in out.iterdir()}, template, MEETING_FIELDS)
    assert plan.problems == []
    return plan.messages


def send(settings, out, messages=None, password=PASSWORD):
    messages = messages if messages is not None else make_plan(settings, out)
    return send_batch(messages, settings, out / "邮件", SmtpTransport(settings, password if settings.user else None))


def all_addresses(units=UNITS) -> list[str]:
    return [a for u in units for a in compose.split_addresses(u.email_cell)]


def display_names(raw_header: str) -> list[str]:
    """Display names decoded the RFC 2047 way (whitespace between encoded words ignored).

    Python's own address parser keeps that whitespace (it reads 综合科 split over two words as
    "综 合科"), so the names are decoded with email.header instead."""
    return [str(make_header(decode_header(name))) for name, _ in getaddresses([raw_header])]


def raw_header(data: bytes, name: str) -> str:
    msg = message_from_bytes(data, policy=policy.compat32)
    return msg[name]


def check_delivered_once(srv: Server, out: Path, units=UNITS):
    """Every unit got exactly one message with its own attachments, byte for byte."""
    assert len(srv.received) == len(units)
    for unit in units:
        addresses = compose.split_addresses(unit.email_cell)
        got = [r for r in srv.received if sorted(r.rcpt_tos) == sorted(addresses)]
        assert len(got) == 1, unit.name
        received = got[0]
        assert received.mail_from == SENDER
        msg = received.message
        assert display_names(raw_header(received.data, "To")) == [unit.name] * len(addresses)
        assert display_names(raw_header(received.data, "From")) == [SENDER_NAME]
        assert msg["Subject"] == "关于召开全旗2026年经济工作会议的通知"
        body = msg.get_body(("plain",)).get_content()
        assert f"{unit.name}：" in body and "旗政府第一会议室" in body and f"{unit.name}参会名单.xlsx" in body
        files = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
        assert files == {NOTICE: (out / NOTICE).read_bytes(), f"{unit.name}参会名单.xlsx": (out / f"{unit.name}参会名单.xlsx").read_bytes()}


# --- delivery over each kind of connection -------------------------------------------------------


@pytest.mark.parametrize("mode,auth", [("plain", False), ("plain", True), ("starttls", True), ("ssl", True), ("starttls", False)])
def test_every_message_arrives_once_with_its_attachments(server, certs, out, mode, auth):
    srv = server(mode, auth)
    settings = settings_for(srv, certs)
    result = send(settings, out)
    assert [r.status for r in result.rows] == ["已发"] * len(UNITS), result.summary
    assert result.attempted == len(UNITS) and not result.stopped
    check_delivered_once(srv, out)
    if auth:
        assert srv.recorder.logins == [USER]  # one connection, one login for the whole batch
    # every row carries the Message-ID that arrived, and a .eml copy of exactly what was sent
    for row in result.rows:
        copy = out / row.eml
        data = copy.read_bytes()
        assert message_from_bytes(data, policy=policy.default)["Message-ID"] == row.message_id
        assert any(r.message["Message-ID"] == row.message_id and r.data.replace(b"\r\n", b"\n") == data.replace(b"\r\n", b"\n") for r in srv.received)
    # a second run sends nothing
    again = send(settings, out)
    assert again.attempted == 0 and len(srv.received) == len(UNITS)
    assert [r.status for r in again.rows] == ["已发"] * len(UNITS)


def test_wrong_password_stops_before_anything_is_sent(server, certs, out):
    srv = server("starttls", auth=True)
    settings = settings_for(srv, certs)
    result = send(settings, out, password="wrong")
    assert srv.received == [] and result.attempted == 0
    assert "用户名或密码错误" in result.stopped
    assert [r.status for r in result.rows] == ["待发"] * len(UNITS)
    assert all("用户名或密码错误" in r.error for r in result.rows)
    assert not (out / "邮件" / JOURNAL_NAME).exists()  # nothing was attempted, nothing journalled
    assert len(send(settings, out).rows) == len(UNITS) and len(srv.received) == len(UNITS)


def test_untrusted_certificate_is_refused_with_a_hint(server, certs, out):
    srv = server("ssl", auth=True)
    result = send(replace(settings_for(srv, certs), cafile=None), out)
    assert srv.received == [] and "信任证书" in result.stopped


def test_plain_server_without_auth_refuses_login_clearly(server, certs, out):
    srv = server("starttls", auth=True)  # AUTH is only offered after STARTTLS
    result = send(replace(settings_for(srv, certs), security="无"), out)
    assert srv.received == [] and "不接受登录" in result.stopped


# --- a batch broken after k messages, then resumed --------------------------------------------


@pytest.mark.parametrize("refusal", ["rcpt 550", "rcpt 450", "data 451", "data 554"])
def test_refused_recipient_fails_alone_and_a_rerun_sends_exactly_it(server, certs, out, refusal):
    srv = server()
    stage, code = refusal.split()
    victim = "fgw@example.cn"
    table = srv.recorder.refuse_rcpt if stage == "rcpt" else srv.recorder.refuse_data
    table[victim] = f"{code} 用户不存在 / try later".encode().decode()
    settings = settings_for(srv)
    result = send(settings, out)
    statuses = {r.unit: r.status for r in result.rows}
    assert statuses.pop("旗发展和改革委员会") == "失败"
    assert set(statuses.values()) == {"已发"}
    failed = next(r for r in result.rows if r.status == "失败")
    assert code in failed.error and "拒收" in failed.error
    assert len(srv.received) == len(UNITS) - 1 and srv.recorder.to(victim) == []

    table.clear()
    again = send(settings, out)
    assert again.attempted == 1
    assert [r.status for r in again.rows] == ["已发"] * len(UNITS)
    check_delivered_once(srv, out)


def test_server_gone_after_k_messages_then_a_rerun_delivers_the_rest(server, certs, out):
    srv = server()
    k = 2
    settings = settings_for(srv)
    messages = make_plan(settings, out)
    assert send(settings, out, messages[:k]).count("已发") == k
    srv.stop()  # the server goes away between messages
    result = send(settings, out, messages)
    assert result.attempted == 0 and "无法连接邮件服务器" in result.stopped
    assert [r.status for r in result.rows] == ["已发"] * k + ["待发"] * (len(UNITS) - k)
    srv2 = server(port=srv.port)
    again = send(settings, out, messages)
    assert again.attempted == len(UNITS) - k
    assert [r.status for r in again.rows] == ["已发"] * len(UNITS)
    assert len(srv.received) == k and len(srv2.received) == len(UNITS) - k
    assert sorted(a for r in srv.received + srv2.received for a in r.rcpt_tos) == sorted(all_addresses())


def test_connection_dropped_mid_batch_before_the_data_is_retried(server, certs, out):
    """The server hangs up while it is being told the recipient: nothing was handed over."""
    srv = server()
    srv.recorder.refuse_rcpt["czj@example.cn"] = "421 服务暂停，关闭连接"
    settings = settings_for(srv)
    result = send(settings, out)
    assert {r.unit: r.status for r in result.rows}["旗财政局"] == "失败"
    assert result.count("已发") == len(UNITS) - 1  # the batch reconnected and went on
    srv.recorder.refuse_rcpt.clear()
    assert send(settings, out).attempted == 1
    check_delivered_once(srv, out)


def test_connection_lost_after_handing_over_is_unconfirmed_and_never_silently_resent(server, certs, out):
    srv = server()
    victim = "alatan@example.cn"
    srv.recorder.drop_after_data.add(victim)
    settings = settings_for(srv)
    result = send(settings, out)
    row = result.rows[0]
    assert row.status == "待确认" and "未收到服务器的确认" in row.error and "重发待确认" in row.error
    assert [r.status for r in result.rows[1:]] == ["已发"] * (len(UNITS) - 1)  # the batch went on
    assert "待确认" in result.summary
    srv.recorder.drop_after_data.clear()
    again = send(settings, out)
    assert again.attempted == 0 and again.rows[0].status == "待确认"
    check_delivered_once(srv, out)  # it did arrive, once

    resent = send(replace(settings, resend_unconfirmed=True), out)
    assert resent.attempted == 1 and resent.rows[0].status == "已发"
    copies = srv.recorder.to(victim)
    assert len(copies) == 2 and copies[0].data == copies[1].data  # the identical message: same Message-ID and Date
    assert resent.rows[0].message_id == copies[0].message["Message-ID"]


def test_killed_while_sending_is_unconfirmed_after_restart(server, certs, out, tmp_path):
    """The program dies (killed) between handing a message over and hearing back: the journal
    says `sending` and nothing more, so the re-run marks it 待确认 and sends only the rest."""
    import threading

    srv = server()
    victim = "czj@example.cn"  # the third unit
    release = threading.Event()
    srv.recorder.hold[victim] = release
    settings = settings_for(srv)
    script = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'tests')!r})
        from huiwu_xl.mail.batch import send_batch
        from huiwu_xl.mail.settings import MailSettings
        from huiwu_xl.mail.transport import SmtpTransport
        import test_mail as t
        out = Path({str(out)!r})
        settings = MailSettings(**json.loads({json.dumps({**settings.__dict__, "cafile": None})!r}))
        send_batch(t.make_plan(settings, out), settings, out / "邮件", SmtpTransport(settings, None))
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path)
    try:
        assert srv.recorder.holding.wait(60), "the child never reached the third message"
        child.kill()  # SIGKILL / TerminateProcess: no clean-up runs
        child.wait(10)
    finally:
        release.set()
        if child.poll() is None:
            child.kill()
    journal = Journal(out / "邮件")
    assert [e.event for e in journal.entries] == ["sending", "sent", "sending", "sent", "sending"]
    time.sleep(0.2)
    result = send(settings, out)
    assert {r.unit: r.status for r in result.rows}["旗财政局"] == "待确认"
    assert "程序中断" in next(r.error for r in result.rows if r.unit == "旗财政局")
    assert result.attempted == len(UNITS) - 3
    check_delivered_once(srv, out)


def test_a_second_run_while_one_is_sending_is_refused(out):
    with exclusive(out / "邮件"):
        with pytest.raises(JournalBusy, match="另一个发送任务"):
            send(settings_for(None), out)


def test_a_torn_last_journal_line_is_ignored_and_closed(server, out):
    srv = server()
    settings = settings_for(srv)
    messages = make_plan(settings, out)
    send(settings, out, messages[:1])
    path = out / "邮件" / JOURNAL_NAME
    with open(path, "ab") as f:
        f.write(b'{"key": "torn", "event": "sen')  # the power went off mid-write
    result = send(settings, out, messages)
    assert [r.status for r in result.rows] == ["已发"] * len(UNITS)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if "torn" in line) == 1 and len(Journal(out / "邮件").entries) == 2 * len(UNITS)
    check_delivered_once(srv, out)


# --- dry run and .eml files ------------------------------------------------------------------------


def test_dry_run_writes_eml_files_that_parse_back_and_sends_nothing(server, out):
    srv = server()
    settings = replace(settings_for(srv), dry_run=True)
    messages = make_plan(settings, out)
    result = dry_run(messages, settings, out / "邮件")
    assert srv.received == [] and not (out / "邮件" / JOURNAL_NAME).exists()
    assert [r.status for r in result.rows] == ["待发"] * len(UNITS) and "未发送" in result.summary
    for unit, row in zip(UNITS, result.rows):
        path = out / row.eml
        assert path.suffix == ".eml" and "试运行" in str(path)
        data = path.read_bytes()
        msg = message_from_bytes(data, policy=policy.default)
        assert msg["Subject"] == "关于召开全旗2026年经济工作会议的通知"
        assert display_names(raw_header(data, "To"))[0] == unit.name
        assert {p.get_filename(): p.get_content() for p in msg.iter_attachments()}[NOTICE] == (out / NOTICE).read_bytes()
        assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    # then the real run sends them all
    real = send(replace(settings, dry_run=False), out, messages)
    assert real.attempted == len(UNITS)
    check_delivered_once(srv, out)


# --- message format ------------------------------------------------------------------------------


def test_chinese_attachment_names_are_rfc2231_with_an_rfc2047_fallback():
    name = "关于召开全旗2026年经济工作会议的通知（含参会回执）.docx"
    long_name = "很长的文件名" * 30 + ".pdf"
    draft = compose.Draft(SENDER_NAME, SENDER, (("旗教育局", "jyj@example.cn"),), "主题", "正文", (compose.Attachment(name, b"a"), compose.Attachment(long_name, b"b"), compose.Attachment("plain.xlsx", b"c")))
    raw, _ = compose.build_message(draft)
    text = raw.decode("ascii")
    assert all(len(line) <= 998 for line in text.split("\r\n"))
    parts = text.split("--===============")
    first = next(p for p in parts if "filename*=utf-8''" in p)
    assert "filename*=utf-8''%E5%85%B3%E4%BA%8E" in first  # RFC 2231, one piece
    encoded_name = re.search(r'name="([^"]+)"', first).group(1)
    assert encoded_name.startswith("=?utf-8?b?") and str(make_header(decode_header(encoded_name))) == name  # RFC 2047
    assert "filename*0*=utf-8''" in text  # too long for one line: RFC 2231 continuations
    assert 'filename="plain.xlsx"' in text
    msg = message_from_bytes(raw, policy=policy.default)
    assert [p.get_filename() for p in msg.iter_attachments()] == [name, long_name, "plain.xlsx"]
    # readers that only look at Content-Type's name (old Outlook) get the same name
    assert [str(make_header(decode_header(p.get_param("name")))) for p in message_from_bytes(raw, policy=policy.compat32).walk() if p.get_param("name")] == [name, long_name, "plain.xlsx"]


def test_header_injection_through_names_and_subjects_adds_no_header(server, out):
    srv = server()
    evil_units = [
        Unit("办公室\r\nBcc: spy@evil.example\r\nX-Injected: 1", "jyj@example.cn"),
        Unit('"x@evil.example", <spy2@evil.example>', "fgw@example.cn"),
    ]
    for unit in evil_units:
        (out / path_name(f"{unit.name}参会名单.xlsx", folder=out)).write_bytes(b"x")
    template = Template("关于{会议名称}的通知\r\nBcc: spy3@evil.example\nX-Injected: 2", "{单位}：\r\n正文\r\n.\r\n")
    settings = replace(settings_for(srv), attachments="{单位}参会名单.xlsx")
    plan = plan_messages(evil_units, ["{单位}参会名单.xlsx"], out, {p.name for p in out.iterdir()}, template, MEETING_FIELDS)
    assert plan.problems == []
    result = send(settings, out, plan.messages)
    assert result.count("已发") == 2
    assert sorted(a for r in srv.received for a in r.rcpt_tos) == ["fgw@example.cn", "jyj@example.cn"]
    for received in srv.received:
        msg = received.message
        assert msg["Bcc"] is None and msg["X-Injected"] is None and msg["Cc"] is None
        assert sorted(k.lower() for k in msg.keys()) == sorted(["from", "to", "subject", "date", "message-id", "mime-version", "content-type"])
        assert [a for _, a in getaddresses([raw_header(received.data, "To")])] == received.rcpt_tos
        assert msg["Subject"].startswith("关于全旗2026年经济工作会议的通知 Bcc: spy3@evil.example")
        head = received.data.split(b"\r\n\r\n")[0].split(b"\r\n")
        starts = [line.split(b":")[0].decode().lower() for line in head if not line[:1].isspace()]
        assert sorted(starts) == sorted(k.lower() for k in msg.keys())  # spy addresses only on continuation lines
    names = {display_names(raw_header(r.data, "To"))[0] for r in srv.received}
    assert names == {"办公室 Bcc: spy@evil.example X-Injected: 1", '"x@evil.example", <spy2@evil.example>'}


def test_an_address_cell_with_a_line_break_is_rejected_before_sending(out):
    unit = Unit("旗教育局", "jyj@example.cn\r\nBcc: spy@evil.example", row=7)
    plan = plan_messages([unit], [NOTICE], out, {NOTICE}, Template("s", "b"), {})
    assert [p.message for p in plan.problems] == ["邮箱“Bcc:”格式不正确"]
    assert plan.problems[0].row == 7
    with pytest.raises(ValueError):
        compose.build_message(compose.Draft("a", SENDER, (("x", "a@b.cn\r\nBcc: c@d.cn"),), "s", "b"))


# --- planning --------------------------------------------------------------------------------------


def test_plan_reports_missing_files_and_unknown_placeholders(out):
    units = [Unit("旗教育局", "jyj@example.cn"), Unit("旗林草局", "", row=9), Unit("旗教育局", "jyj@example.cn")]
    plan = plan_messages(units, ["通报.docx", "{单位}参会名单.xlsx"], out, {p.name for p in out.iterdir()}, Template("{会议名称}{会场}", "{单位}"), MEETING_FIELDS)
    messages = [p.message for p in plan.problems]
    assert any("找不到附件“通报.docx”" in m for m in messages)
    assert any("找不到附件“旗林草局参会名单.xlsx”" in m for m in messages)  # the only unit lacking its list
    assert any("{会场}" in m for m in messages) and sum("{会场}" in m for m in messages) == 1
    assert [m.unit for m in plan.messages] == ["旗教育局", "旗林草局"]  # the repeated unit is one message
    assert plan.messages[1].problem == "单位表未填写邮箱，未发送"


def test_unit_without_address_is_listed_as_failed_and_never_sent(server, out):
    srv = server()
    units = [*UNITS[:2], Unit("旗林草局", "")]
    (out / "旗林草局参会名单.xlsx").write_bytes(b"x")
    result = send(settings_for(srv), out, make_plan(settings_for(srv), out, units))
    assert [r.status for r in result.rows] == ["已发", "已发", "失败"]
    assert result.rows[2].error == "单位表未填写邮箱，未发送"
    assert len(srv.received) == 2


def test_template_file_fields():
    template = parse_template((ROOT / "templates" / "邮件模板.txt").read_text(encoding="utf-8"))
    assert template.subject == "关于召开{会议名称}的通知"
    assert not template.body.startswith("#") and "{附件清单}" in template.body


# --- settings and the password -----------------------------------------------------------------


def test_settings_defaults_and_problems(tmp_path):
    problems = []
    s = parse_settings({"SMTP服务器": "smtp.example.cn", "用户名": USER, "加密方式": "starttls"}, {}, problems, default_sender_name="主办单位")
    assert problems == [] and (s.port, s.security, s.sender, s.sender_name, s.attachments) == (587, "STARTTLS", USER, "主办单位", "会议通知.docx")
    assert parse_settings({"SMTP服务器": "h", "发件人地址": "a@b.cn"}, {}, problems).port == 465
    bad = []
    rows = {"端口": 3, "加密方式": 4, "发件人地址": 5, "信任证书": 6, "试运行": 7}
    assert parse_settings({"端口": "七", "加密方式": "SSH", "发件人地址": "无效", "信任证书": "no.pem", "试运行": "也许"}, rows, bad, folder=tmp_path) is None
    text = "\n".join(str(p) for p in bad)
    for word in ("SMTP服务器", "端口", "加密方式", "发件人地址", "no.pem", "试运行"):
        assert word in text
    assert all(p.sheet == "邮件设置" for p in bad)


class MemoryKeyring:
    """An in-memory keyring backend (keyring's own extension point), for this test only."""

    def __init__(self):
        import keyring.backend

        class Backend(keyring.backend.KeyringBackend):
            priority = 1
            store: dict = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        self.backend = Backend()


@pytest.fixture
def memory_keyring():
    keyring = pytest.importorskip("keyring")
    before = keyring.get_keyring()
    memory = MemoryKeyring().backend
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def test_password_from_environment_then_keyring_never_the_workbook(memory_keyring, monkeypatch):
    settings = replace(settings_for(None), user=USER)
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    with pytest.raises(PasswordMissing, match="--set-password"):
        require_password(settings)
    answers = iter([PASSWORD, PASSWORD])
    ask_and_save_password(settings, ask=lambda prompt: next(answers))
    assert memory_keyring.store == {(KEYRING_SERVICE, USER): PASSWORD}
    assert find_password(settings) == PASSWORD
    assert find_password(settings, {PASSWORD_ENV: "from-env"}) == "from-env"
    assert find_password(replace(settings, user="")) is None  # no login, no password
    mismatch = iter(["a", "b"])
    with pytest.raises(PasswordMissing, match="不一致"):
        ask_and_save_password(settings, ask=lambda prompt: next(mismatch))


def test_stored_password_logs_in(server, certs, out, memory_keyring, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    srv = server("ssl", auth=True)
    settings = settings_for(srv, certs)
    memory_keyring.set_password(KEYRING_SERVICE, USER, PASSWORD)
    result = send_batch(make_plan(settings, out), settings, out / "邮件", SmtpTransport(settings, require_password(settings)))
    assert result.count("已发") == len(UNITS)
    check_delivered_once(srv, out)
