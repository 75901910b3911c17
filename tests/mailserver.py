"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd), with knobs to misbehave."""
from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "office@example.gov.cn", "密码-p@ss 1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self):
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class Recorder:
    """The handler: keeps every accepted message; `refuse_rcpt`, `refuse_data`, `drop_after_data`
    and `hold` (address → threading.Event) make it fail for chosen recipients."""

    received: list[Received] = field(default_factory=list)
    refuse_rcpt: dict[str, str] = field(default_factory=dict)
    refuse_data: dict[str, str] = field(default_factory=dict)
    drop_after_data: set[str] = field(default_factory=set)
    hold: dict[str, threading.Event] = field(default_factory=dict)
    holding: threading.Event = field(default_factory=threading.Event)
    logins: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        to = list(envelope.rcpt_tos)
        for address in to:
            if address in self.refuse_data:
                return self.refuse_data[address]
        self.received.append(Received(envelope.mail_from, to, envelope.original_content or envelope.content))
        for address in to:
            if address in self.drop_after_data:
                server.transport.close()  # the message is in; the reply never leaves
                return "250 OK"
            if address in self.hold:
                self.holding.set()
                await asyncio.get_running_loop().run_in_executor(None, self.hold[address].wait, 30)
        return "250 OK queued"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            ok = auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
            if ok:
                self.logins.append(auth_data.login.decode())
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


class Server:
    """mode: "plain" (no TLS), "starttls" or "ssl"; auth: require a login."""

    def __init__(self, certs: "Certs | None", mode: str = "plain", auth: bool = False, port: int | None = None):
        self.recorder = Recorder()
        self.mode, self.auth, self.certs = mode, auth, certs
        self.port = port or free_port()
        self.controller: Controller | None = None

    def start(self) -> "Server":
        kw = {}
        if self.auth:
            kw |= {"authenticator": self.recorder.authenticate, "auth_required": True, "auth_require_tls": self.mode == "starttls"}
            # aiosmtpd only counts STARTTLS as TLS; an implicit-TLS (SSL) session is encrypted too
        if self.mode == "starttls":
            kw |= {"tls_context": self.certs.server_context(), "require_starttls": True}
        elif self.mode == "ssl":
            kw |= {"ssl_context": self.certs.server_context()}
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **kw)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.recorder.received


@dataclass
class Certs:
    ca: Path
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def make_certs(folder: Path) -> Certs:
    """A throw-away CA and a server certificate for 127.0.0.1 signed by it (cryptography)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "huiwu test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    certs = Certs(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    certs.ca.write_bytes(ca.public_bytes(pem))
    certs.cert.write_bytes(cert.public_bytes(pem))
    certs.key.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return certs
