"""The progress bar of long command-line runs: drawn on a terminal only, gone when done."""
from __future__ import annotations

import io

from huiwu_xl import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_bar_fill_and_vanish(monkeypatch):
    monkeypatch.setattr(progress, "MIN_SECONDS", 0)
    monkeypatch.setattr(progress, "REDRAW_SECONDS", 0)
    screen = Terminal()
    assert list(progress.track(range(4), 4, "座签", screen)) == [0, 1, 2, 3]
    drawn = screen.getvalue()
    assert "座签 [" + "#" * 30 + "] 4/4" in drawn and "] 2/4" in drawn
    assert drawn.endswith("\r") and drawn.rstrip("\r").split("\r")[-1].strip() == ""  # the line is cleared


def test_a_pipe_a_log_or_excel_sees_nothing(monkeypatch):
    monkeypatch.setattr(progress, "MIN_SECONDS", 0)
    pipe = io.StringIO()
    assert list(progress.track(iter("abc"), 3, "归档", pipe)) == ["a", "b", "c"]
    assert pipe.getvalue() == ""


def test_a_short_run_shows_no_bar():
    screen = Terminal()
    assert list(progress.track(range(50), 50, "发送邮件", screen)) == list(range(50))
    assert screen.getvalue() == ""  # finished before half a second


def test_plates_mail_and_archive_show_it_on_a_terminal(monkeypatch, tmp_path):
    import contextlib
    import sys


    from huiwu_xl.cli import main
    from huiwu_xl.demo import write_demo_workbook
    from huiwu_xl.documents.fonts import SERIF_FALLBACKS, find_font

    monkeypatch.setattr(progress, "MIN_SECONDS", 0)
    monkeypatch.setattr(progress, "REDRAW_SECONDS", 0)
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    book = write_demo_workbook(tmp_path / "会议示例.xlsx", out_dir=str(tmp_path / "输出"), mail_dry_run=True, archive_anyway=True)
    commands = ["notice", "mail", "archive"] + (["plates"] if find_font(*SERIF_FALLBACKS) else [])
    with contextlib.redirect_stdout(io.StringIO()):
        for command in commands:
            assert main([command, str(book), "--out", str(tmp_path / "输出")]) == 0, command
    drawn = screen.getvalue()
    for label in ["生成邮件", "归档"] + (["座签"] if "plates" in commands else []):
        assert f"{label} [" + "#" * progress.WIDTH + "]" in drawn, label
