"""Mail is never sent twice by accident, whatever is renamed: the send record is the meeting's
(会议编号), per recipient and attachment, in the workbook and beside it; a corrected file goes out
again only on request, as 【更正】; a refused login or batch is a non-zero exit code."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mailserver import PASSWORD, USER, Server
from python_calamine import CalamineWorkbook

from huiwu_xl.demo import write_demo_workbook
from huiwu_xl.mail.record import fingerprint
from huiwu_xl.port import FileWorkbook


@pytest.fixture
def smtp():
    started = []

    def start(auth=False) -> Server:
        server = Server(None, "plain", auth).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def huiwu(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "huiwu_xl.cli", *map(str, args)], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})


def set_cells(path: Path, sheet: str, values: dict[str, object]) -> None:
    """Types into the workbook as staff would (key → 内容 of a 项目 | 内容 sheet)."""
    port = FileWorkbook(path, stream=open(os.devnull, "w"))
    rows = port.read_values(sheet) or []
    where = {str(r[0]): i + 1 for i, r in enumerate(rows) if r and r[0]}
    port.write_cells(sheet, {f"B{where[k]}": v for k, v in values.items() if k in where})
    missing = [{"项目": k, "内容": v} for k, v in values.items() if k not in where]
    if missing:
        port.append_rows(sheet, missing)
    port.commit()


def workbook_with_mail(tmp_path: Path, server: Server, **settings) -> Path:
    path = write_demo_workbook(tmp_path / "会议.xlsx", mail_dry_run=True)  # 输出目录 left empty: beside the workbook
    set_cells(path, "邮件设置", {"SMTP服务器": "127.0.0.1", "端口": server.port, "加密方式": "无", "用户名": USER if server.auth else "",
                               "发件人地址": "office@example.gov.cn", "试运行": "否", **settings})
    return path


def log_rows(path: Path) -> list[dict]:
    values = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("邮件记录").to_python()
    header = values[1]
    return [dict(zip(header, r)) for r in values[2:] if any(r)]


def test_renaming_the_meeting_sends_nothing_twice_and_corrections_only_on_request(tmp_path, smtp):
    server = smtp()
    path = workbook_with_mail(tmp_path, server)
    assert huiwu("notice", path).returncode == 0
    first = huiwu("mail", path)
    assert first.returncode == 0, first.stderr
    units = len(server.received)
    assert units > 20 and all(len(list(m.message.iter_attachments())) == 2 for m in server.received)
    rows = log_rows(path)
    ident = rows[0]["会议编号"]
    assert len(ident) == 12 and {r["状态"] for r in rows} == {"已发"} and all("会议通知.docx=" in r["附件指纹"] for r in rows)

    # Regenerated unchanged (later, in another minute): the same files as far as the record goes.
    old_folder = tmp_path / "输出" / "2026年全旗经济工作会议"
    (old_folder / ".huiwu输出记录.json").unlink()  # as if the folder had been copied from elsewhere
    for f in old_folder.glob("*.*"):
        f.unlink()
    assert huiwu("notice", path).returncode == 0 and huiwu("mail", path).returncode == 0
    assert len(server.received) == units

    # The notice gets a corrected name: a new default output folder, every file regenerated.
    set_cells(path, "会议信息", {"会议名称": "2026年全旗经济工作暨招商引资工作会议"})
    assert huiwu("notice", path).returncode == 0
    new_folder = tmp_path / "输出" / "2026年全旗经济工作暨招商引资工作会议"
    assert (new_folder / "会议通知.docx").is_file()
    changed = {p.name for p in new_folder.glob("*.*") if fingerprint(p) != fingerprint(old_folder / p.name)}
    assert "会议通知.docx" in changed
    again = huiwu("mail", path)
    assert again.returncode == 0, again.stderr
    assert len(server.received) == units  # nothing new
    assert "已发给" in again.stdout and "--resend-changed" in again.stdout

    corrected = huiwu("mail", path, "--resend-changed")
    assert corrected.returncode == 0, corrected.stderr
    fresh = server.received[units:]
    assert len(fresh) == units and len({tuple(m.rcpt_tos) for m in fresh}) == units  # once each
    for m in fresh:
        assert m.message["Subject"].startswith("【更正】")
        names = [p.get_filename() for p in m.message.iter_attachments()]
        assert names and set(names) <= changed  # only files whose content changed
        assert "替代" in m.message.get_body(("plain",)).get_content()
    assert huiwu("mail", path, "--resend-changed").returncode == 0
    assert len(server.received) == 2 * units  # and never again
    rows = log_rows(path)
    assert len(rows) == 2 * units and {r["会议编号"] for r in rows} == {ident}


def test_a_new_attachment_goes_out_alone_and_unchanged_ones_stay_home(tmp_path, smtp):
    server = smtp()
    path = workbook_with_mail(tmp_path, server, 附件="会议通知.docx")
    assert huiwu("notice", path).returncode == 0
    assert huiwu("mail", path).returncode == 0
    sent = len(server.received)
    set_cells(path, "邮件设置", {"附件": "会议通知.docx、{单位}参会名单.xlsx"})
    assert huiwu("mail", path).returncode == 0
    fresh = server.received[sent:]
    assert len(fresh) == sent
    assert all([p.get_filename() for p in m.message.iter_attachments()] == [f"{m.message['To'].addresses[0].display_name}参会名单.xlsx"]
               or len(list(m.message.iter_attachments())) == 1 for m in fresh)
    assert not any(p.get_filename() == "会议通知.docx" for m in fresh for p in m.message.iter_attachments())


def test_a_wrong_password_is_a_non_zero_exit_and_the_log_says_so(tmp_path, smtp):
    server = smtp(auth=True)
    path = workbook_with_mail(tmp_path, server)
    assert huiwu("notice", path).returncode == 0
    done = huiwu("mail", path, env={"HUIWU_SMTP_PASSWORD": "wrong-" + PASSWORD})
    assert done.returncode == 3, (done.returncode, done.stdout, done.stderr)
    assert server.received == [] and "发送中止" in done.stderr
    assert {r["状态"] for r in log_rows(path)} == {"待发"}  # recorded in the workbook before the exit
    ok = huiwu("mail", path, env={"HUIWU_SMTP_PASSWORD": PASSWORD})
    assert ok.returncode == 0 and len(server.received) > 20


def test_a_refused_recipient_is_a_non_zero_exit_and_a_rerun_sends_only_it(tmp_path, smtp):
    server = smtp()
    path = workbook_with_mail(tmp_path, server)
    assert huiwu("notice", path).returncode == 0
    victim = "unit03@example.gov.cn"
    server.recorder.refuse_rcpt[victim] = "550 mailbox unavailable"
    done = huiwu("mail", path)
    assert done.returncode == 3 and "失败 1 封" in done.stderr
    sent = len(server.received)
    del server.recorder.refuse_rcpt[victim]
    assert huiwu("mail", path).returncode == 0
    assert [m.rcpt_tos for m in server.received[sent:]] == [[victim]]
