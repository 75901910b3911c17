"""邮件设置: the sending mailbox, read from 项目 | 内容 pairs; the password from outside the workbook.

The password is looked up in this order: the environment variable HUIWU_SMTP_PASSWORD, then
the operating system's keyring (Windows Credential Manager, macOS Keychain) under the service
"huiwu" and the 用户名 as account. It is asked for once on the command line
(`huiwu mail 工作簿 --set-password`) and kept in the keyring, never in the workbook.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..contract import MAIL_SETTINGS, MAIL_SETTINGS_SHEET, YES
from ..problems import Problem
from .compose import valid_address

PASSWORD_ENV = "HUIWU_SMTP_PASSWORD"
KEYRING_SERVICE = "huiwu"
DEFAULT_PORTS = {"SSL": 465, "STARTTLS": 587, "无": 25}
_SECURITY_ALIASES = {"SSL": "SSL", "TLS": "SSL", "SSL/TLS": "SSL", "STARTTLS": "STARTTLS", "无": "无", "不加密": "无", "NONE": "无", "否": "无"}
SET_PASSWORD_HINT = (
    "请在命令行运行一次：huiwu mail 工作簿.xlsm --set-password（密码保存在系统的凭据管理器中，不写入工作簿），"
    f"或设置环境变量 {PASSWORD_ENV}"
)


class PasswordMissing(Exception):
    pass


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str  # SSL / STARTTLS / 无
    user: str
    sender_name: str
    sender: str
    attachments: str
    subject: str = ""
    body: str = ""
    dry_run: bool = False
    resend_unconfirmed: bool = False
    resend_changed: bool = False
    cafile: Path | None = None
    timeout: float = 60.0


def _setting(key: str):
    return next(s for s in MAIL_SETTINGS if s.key == key)


def parse_settings(
    raw: dict[str, str],
    rows: dict[str, int],
    problems: list[Problem],
    *,
    default_sender_name: str = "",
    folder: Path | None = None,
) -> MailSettings | None:
    """`raw` maps each 项目 (already resolved from its aliases) to its 内容 text."""
    sheet = MAIL_SETTINGS_SHEET.name
    start = len(problems)

    def get(key: str) -> str:
        value = (raw.get(key) or "").strip()
        return value or _setting(key).default

    def problem(key: str, message: str) -> None:
        problems.append(Problem(sheet, message, row=rows.get(key), column="内容" if key in rows else "项目"))

    host = get("SMTP服务器")
    if not host:
        problem("SMTP服务器", "缺少必填项目“SMTP服务器”（发信服务器地址，如 smtp.163.com）")
    security = _SECURITY_ALIASES.get(get("加密方式").upper().replace(" ", ""), "")
    if not security:
        problem("加密方式", f"“加密方式”应为 SSL / STARTTLS / 无，现为“{get('加密方式')}”")
    port_text = get("端口")
    port = DEFAULT_PORTS.get(security, 465)
    if port_text:
        try:
            port = int(float(port_text))
            if not 0 < port < 65536:
                raise ValueError
        except ValueError:
            problem("端口", f"“端口”应为 1–65535 的数字，现为“{port_text}”")
    user = get("用户名")
    sender = get("发件人地址") or (user if valid_address(user) else "")
    if not sender:
        problem("发件人地址", "请填写“发件人地址”（发信邮箱）")
    elif not valid_address(sender):
        problem("发件人地址", f"“发件人地址”格式不正确：“{sender}”")
    cafile = None
    if get("信任证书"):
        cafile = Path(get("信任证书"))
        if not cafile.is_absolute() and folder is not None:
            cafile = folder / cafile
        if not cafile.is_file():
            problem("信任证书", f"找不到证书文件“{cafile}”")
    timeout_text = get("超时（秒）")
    try:
        timeout = float(timeout_text)
        if timeout <= 0:
            raise ValueError
    except ValueError:
        problem("超时（秒）", f"“超时（秒）”应为正数，现为“{timeout_text}”")
        timeout = 60.0
    for key in ("试运行", "重发待确认", "重发已改附件"):
        if get(key) not in ("是", "否"):
            problem(key, f"“{key}”应为 是 / 否，现为“{get(key)}”")
    if len(problems) > start:
        return None
    return MailSettings(
        host=host,
        port=port,
        security=security,
        user=user,
        sender_name=get("发件人名称") or default_sender_name or "会务组",
        sender=sender,
        attachments=get("附件"),
        subject=get("邮件主题"),
        body=get("邮件正文"),
        dry_run=get("试运行") == YES,
        resend_unconfirmed=get("重发待确认") == YES,
        resend_changed=get("重发已改附件") == YES,
        cafile=cafile,
        timeout=timeout,
    )


def find_password(settings: MailSettings, environ: dict[str, str] | None = None) -> str | None:
    """The password, or None when none is stored (or none is needed: no 用户名)."""
    if not settings.user:
        return None
    environ = os.environ if environ is None else environ
    if environ.get(PASSWORD_ENV):
        return environ[PASSWORD_ENV]
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, settings.user)
        except KeyringError:
            return None
    except ImportError:
        return None


def require_password(settings: MailSettings, environ: dict[str, str] | None = None) -> str | None:
    password = find_password(settings, environ)
    if settings.user and not password:
        raise PasswordMissing(f"未找到邮箱“{settings.user}”的密码。{SET_PASSWORD_HINT}。")
    return password


def save_password(user: str, password: str) -> None:
    """Stores the password in the OS keyring; raises PasswordMissing (in Chinese) if there is none."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError as exc:
        raise PasswordMissing(f"未安装 keyring，无法保存密码；请改用环境变量 {PASSWORD_ENV}") from exc
    try:
        keyring.set_password(KEYRING_SERVICE, user, password)
    except KeyringError as exc:
        raise PasswordMissing(f"本机没有可用的凭据管理器（{exc}），无法保存密码；请改用环境变量 {PASSWORD_ENV}") from exc


def ask_and_save_password(settings: MailSettings, ask=None) -> None:
    """The command line's --set-password: asks twice without echo, then stores it."""
    import getpass

    ask = ask or getpass.getpass
    if not settings.user:
        raise PasswordMissing("“邮件设置”中未填写用户名，无需密码")
    first = ask(f"请输入邮箱 {settings.user} 的密码（输入时不显示）：")
    second = ask("请再输入一次：")
    if first != second:
        raise PasswordMissing("两次输入的密码不一致，未保存")
    if not first:
        raise PasswordMissing("密码为空，未保存")
    save_password(settings.user, first)
