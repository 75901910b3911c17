"""SMTP: one connection for the batch, and a verdict for every message.

The verdict matters more than the happy path. Everything up to the server's 354 reply to DATA
can fail without the message existing anywhere, so such a failure is definite (SendFailed) and
a re-run sends the message again. Once the message has been handed over, a lost connection
leaves it unknown whether the server took it (RFC 5321 §6.1 makes the server responsible only
after its final 250, which may be the very reply that got lost): SendUncertain, shown as 待确认.
A server that cannot be reached or refuses the login stops the batch (ServerUnavailable): every
further message would fail the same way, each after a timeout.
"""
from __future__ import annotations

import base64
import re
import smtplib
import ssl
from typing import Sequence

from .settings import MailSettings


class SendFailed(Exception):
    """The server did not take the message; sending it again is safe."""


class SendUncertain(Exception):
    """The message was handed over but the server's verdict never arrived."""


class ServerUnavailable(Exception):
    """Cannot connect or log in; nothing was sent."""


def tls_context(settings: MailSettings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(settings.cafile) if settings.cafile else None)


def _reply(code: int, resp: bytes | str) -> str:
    text = resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)
    return f"{code} {' '.join(text.split())}"


class SmtpTransport:
    def __init__(self, settings: MailSettings, password: str | None):
        self.settings = settings
        self.password = password
        self.smtp: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def ensure_connected(self) -> None:
        """Connects and logs in, or checks that the open connection still answers."""
        if self.smtp is not None:
            try:
                if self.smtp.noop()[0] == 250:
                    return
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()
        self.smtp = self._connect()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp = None
        try:
            if s.security == "SSL":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=tls_context(s))
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            smtp.ehlo()
            if s.security == "STARTTLS":
                if not smtp.has_extn("starttls"):
                    raise ServerUnavailable(f"邮件服务器 {self.where} 不支持 STARTTLS，请改用 SSL 或询问服务器管理员")
                smtp.starttls(context=tls_context(s))
                smtp.ehlo()
            if s.user:
                _login(smtp, s.user, self.password or "")
            return smtp
        except ServerUnavailable:
            _close(smtp)
            raise
        except smtplib.SMTPAuthenticationError as exc:
            _close(smtp)
            raise ServerUnavailable(f"邮箱登录失败：用户名或密码错误（{_reply(exc.smtp_code, exc.smtp_error)}）。请用 huiwu mail 工作簿 --set-password 重新保存密码") from exc
        except smtplib.SMTPNotSupportedError as exc:
            _close(smtp)
            raise ServerUnavailable(f"邮件服务器 {self.where} 不接受登录（{str(exc).rstrip('.')}）。可能需要把“加密方式”设为 SSL 或 STARTTLS") from exc
        except ssl.SSLCertVerificationError as exc:
            _close(smtp)
            raise ServerUnavailable(f"无法验证邮件服务器 {self.where} 的证书（{exc.verify_message}）。如服务器使用自签名证书，请在“邮件设置”的“信任证书”中填写其 CA 证书文件") from exc
        except (smtplib.SMTPException, OSError) as exc:
            _close(smtp)
            raise ServerUnavailable(f"无法连接邮件服务器 {self.where}（{exc.__class__.__name__}: {exc}）。请检查网络和“邮件设置”中的服务器、端口、加密方式") from exc

    def send(self, raw: bytes, sender: str, recipients: Sequence[str]) -> str:
        """Sends one message over the open connection; returns the server's final reply."""
        smtp = self.smtp
        if smtp is None:
            raise SendFailed("未连接邮件服务器")
        try:
            code, resp = smtp.mail(sender)
            if code != 250:
                raise self._refused(f"服务器拒绝发件人 {sender}", code, resp)
            refused = []
            for address in recipients:
                code, resp = smtp.rcpt(address)
                if code not in (250, 251):
                    refused.append(f"{address}（{_reply(code, resp)}）")
                    if code == 421:
                        break
            if refused:
                raise self._refused("服务器拒收收件人 " + "；".join(refused), code if code == 421 else 0, b"")
            code, resp = smtp.docmd("DATA")
            if code != 354:
                raise self._refused("服务器拒绝接收邮件内容", code, resp)
        except SendFailed:
            raise
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise SendFailed(f"与邮件服务器的连接中断（邮件尚未发出）：{exc.__class__.__name__}: {exc}") from exc
        # From here on the message is in the server's hands until its reply says otherwise.
        try:
            smtp.send(_dot_stuffed(raw))
            code, resp = smtp.getreply()
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise SendUncertain(f"邮件内容已发出，但未收到服务器的确认（{exc.__class__.__name__}: {exc}）") from exc
        if code != 250:
            raise self._refused("服务器拒收该邮件", code, resp)
        return _reply(code, resp)

    def _refused(self, what: str, code: int, resp: bytes) -> SendFailed:
        if code == 421:  # the server is closing the connection
            self._drop()
        else:
            try:
                self.smtp.rset()
            except (smtplib.SMTPException, OSError, AttributeError):
                self._drop()
        return SendFailed(f"{what}（{_reply(code, resp)}）" if code else what)

    def _drop(self) -> None:
        _close(self.smtp)
        self.smtp = None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._drop()


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """smtplib.login, except that a non-ASCII user or password is sent as UTF-8 (RFC 4616)
    instead of crashing on smtplib's ASCII encoding."""
    if (user + password).isascii():
        smtp.login(user, password)
        return
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    mechanisms = smtp.esmtp_features["auth"].upper().split()
    b64 = lambda text: base64.b64encode(text.encode("utf-8")).decode("ascii")
    if "PLAIN" in mechanisms:
        code, resp = smtp.docmd("AUTH", "PLAIN " + b64(f"\0{user}\0{password}"))
    elif "LOGIN" in mechanisms:
        code, resp = smtp.docmd("AUTH", "LOGIN " + b64(user))
        if code == 334:
            code, resp = smtp.docmd(b64(password))
    else:
        raise smtplib.SMTPNotSupportedError("含非 ASCII 字符的密码需要服务器支持 AUTH PLAIN 或 LOGIN")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, resp)


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        try:
            smtp.close()
        except OSError:
            pass


def _dot_stuffed(raw: bytes) -> bytes:
    """RFC 5321 §4.5.2: a line starting with '.' gets one more; the data ends with CRLF.CRLF."""
    data = re.sub(rb"(?m)^\.", b"..", re.sub(rb"\r?\n", b"\r\n", raw))
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"
