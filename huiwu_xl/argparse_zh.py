"""argparse in Chinese: help, usage and error messages without one English word.

argparse looks its words up through a module-level gettext function at call time, so a parser
that swaps in a Chinese catalogue while it builds, prints or parses speaks Chinese throughout,
and leaves other users of argparse in the process untouched.
"""
from __future__ import annotations

import argparse
from contextlib import contextmanager

CATALOGUE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本说明后退出",
    "subcommands": "命令",
    "the following arguments are required: %s": "缺少参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "后面需要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少跟一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这个选项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：出错：%(message)s\n（查看说明：%(prog)s -h）\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有“%(parser_name)s”这个命令（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURALS = {"expected %s argument": "后面需要跟 %s 个值"}


def _translate(message: str) -> str:
    return CATALOGUE.get(message, message)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


@contextmanager
def chinese():
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _translate, _ntranslate
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class ChineseHelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog, indent_increment=2, max_help_position=32, width=None):
        super().__init__(prog, indent_increment, max_help_position, width)


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        with chinese():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", ChineseArgumentParser)
        with chinese():
            return super().add_subparsers(**kwargs)

    def add_argument_group(self, *args, **kwargs):
        with chinese():
            return super().add_argument_group(*args, **kwargs)

    def format_usage(self):
        with chinese():
            return super().format_usage()

    def format_help(self):
        with chinese():
            return super().format_help()

    def parse_known_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):  # "unrecognized arguments" is worded here
        with chinese():
            return super().parse_args(args, namespace)

    def error(self, message):
        with chinese():
            self.print_usage(__import__("sys").stderr)
            self.exit(2, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message})
