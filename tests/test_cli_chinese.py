"""The command line speaks Chinese: help, usage and errors carry no English word beyond the
names a user types (huiwu, the commands, the options) and the names of programs and formats."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Words a user types or reads as names: the program, its commands and options, file types, products.
NAMES = {"huiwu", "h", "help", "out", "xlsm", "xlsx", "docx", "PDF", "Excel", "Word", "WPS", "Python", "GB", "T", "CA", "pem",
         "SMTP", "SSL", "STARTTLS", "eml", "Outlook"}


def _allowed() -> set[str]:
    from huiwu_xl.cli import build_parser

    parser = build_parser()
    words = set(NAMES)
    for action in parser._actions:
        for name, sub in getattr(action, "choices", {}).items() if hasattr(action, "choices") and isinstance(action.choices, dict) else []:
            words.update(re.findall(r"[A-Za-z]+", name))
            for sub_action in sub._actions:
                for option in sub_action.option_strings:
                    words.update(re.findall(r"[A-Za-z]+", option))
    return words


def huiwu(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "huiwu_xl.cli", *args], capture_output=True, text=True, env=env, cwd=ROOT)


@pytest.mark.parametrize("args", [["--help"], ["attendance", "--help"], [], ["mail", "-h"], ["attendance"],
                                  ["attendnce", "x.xlsm"], ["attendance", "x.xlsm", "--bogus"]],
                         ids=["help", "attendance-help", "bare", "mail-help", "missing-workbook", "misspelt", "unknown-option"])
def test_no_english_word_in_help_usage_or_errors(args):
    done = huiwu(*args)
    said = done.stdout + done.stderr
    assert said.strip(), args
    typed = set(re.findall(r"[A-Za-z]+", " ".join(args)))  # echoed back in the message: the user's own words
    english = set(re.findall(r"[A-Za-z]+", said)) - _allowed() - typed
    assert not english, (english, said)
    assert "Traceback" not in said
    if args in (["--help"], ["attendance", "--help"], ["mail", "-h"]):
        assert done.returncode == 0 and "用法：" in done.stdout
    else:
        assert done.returncode == 2 and "用法：" in said


def test_each_command_says_what_it_does():
    from huiwu_xl.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(getattr(a, "choices", None), dict))
    assert len(commands._choices_actions) == len(commands.choices) >= 16
    for entry in commands._choices_actions:
        assert re.search(r"[\u4e00-\u9fff]{4,}", entry.help or ""), entry.dest
        sub = commands.choices[entry.dest]
        assert re.search(r"[\u4e00-\u9fff]{4,}", sub.description or entry.help), entry.dest
