"""Real servers for invite tests, all on 127.0.0.1 and started/stopped here, and the keychain.

- `memory_keyring` (autouse, in tests/conftest.py): the in-memory keychain.
- `radicale`: a Radicale CalDAV server with htpasswd authentication and a temporary storage folder.
- `smtp_server`: an aiosmtpd SMTP server that keeps what it receives; `tls_smtp_server` also
  offers STARTTLS with a throw-away certificate and requires a login; `login_smtp_server`
  requires a login without TLS (the command line cannot be handed the test certificate).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

RADICALE_USER = "casey"
RADICALE_PASSWORD = "radicale-pw-Xy7"
SMTP_USER = "casey@northwind.example"
SMTP_PASSWORD = "smtp-pw-Qk4"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- Radicale -------------------------------------------------------------------------------


class _ReadyWhenLogged(logging.Handler):
    """Sets an event when Radicale logs that it is serving (no polling, no sleeps)."""

    def __init__(self, event: threading.Event) -> None:
        super().__init__(logging.INFO)
        self.event = event

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() in ("Radicale server ready", "No servers started"):
            self.event.set()


@dataclass(frozen=True)
class RadicaleServer:
    url: str  # the server root; the user's principal is url + user + "/"
    username: str
    password: str
    storage: Path


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    """Run Radicale with htpasswd logins on a free port for one test."""
    import radicale.config
    import radicale.server

    storage = tmp_path / "radicale-storage"
    storage.mkdir()
    users = tmp_path / "radicale-users"
    users.write_text(f"{RADICALE_USER}:{RADICALE_PASSWORD}\n")
    port = free_port()
    configuration = radicale.config.load("")
    configuration.update(
        {
            "server": {"hosts": f"127.0.0.1:{port}"},
            "storage": {"filesystem_folder": str(storage)},
            "auth": {
                "type": "htpasswd",
                "htpasswd_filename": str(users),
                "htpasswd_encryption": "plain",
                "delay": "0",
            },
            "rights": {"type": "owner_only"},
        },
        "test",
    )
    ready = threading.Event()
    handler = _ReadyWhenLogged(ready)
    log = logging.getLogger("radicale")
    old_level = log.level
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    shutdown, shutdown_out = socket.socketpair()
    thread = threading.Thread(
        target=radicale.server.serve, args=(configuration, shutdown_out), daemon=True
    )
    thread.start()
    try:
        assert ready.wait(20), "Radicale did not start"
        assert thread.is_alive(), "Radicale stopped at start-up"
        yield RadicaleServer(
            url=f"http://127.0.0.1:{port}/",
            username=RADICALE_USER,
            password=RADICALE_PASSWORD,
            storage=storage,
        )
    finally:
        shutdown.close()
        thread.join(timeout=10)
        shutdown_out.close()
        log.removeHandler(handler)
        log.setLevel(old_level)


# --- SMTP -----------------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    client_context: ssl.SSLContext | None = None


class _Collect:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.server.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 OK"


def _start_smtp(server: SmtpServer, **kwargs: Any) -> Any:
    from aiosmtpd.controller import Controller

    controller = Controller(_Collect(server), hostname=server.host, port=server.port, **kwargs)
    controller.start()
    return controller


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """Run a plain SMTP server (no TLS, no login) on a free port for one test."""
    server = SmtpServer("127.0.0.1", free_port())
    controller = _start_smtp(server)
    try:
        yield server
    finally:
        controller.stop()


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "smtp-cert.pem", tmp_path / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _login_checker(server: SmtpServer) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(
        _server: Any, _session: Any, _envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = (auth_data.login.decode(), auth_data.password.decode())
        server.logins.append(login)
        # handled=False makes the server answer 535 itself on a refusal.
        return AuthResult(success=login == (SMTP_USER, SMTP_PASSWORD), handled=False)

    return authenticate


@pytest.fixture
def tls_smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    """Run an SMTP server that requires STARTTLS and a login (user SMTP_USER)."""
    cert, key = _self_signed(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    server = SmtpServer("127.0.0.1", free_port())
    server.client_context = ssl.create_default_context(cafile=str(cert))
    controller = _start_smtp(
        server,
        tls_context=server_context,
        require_starttls=True,
        authenticator=_login_checker(server),
        auth_required=True,
    )
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def login_smtp_server() -> Iterator[SmtpServer]:
    """Run an SMTP server that requires a login without TLS (for command-line tests)."""
    server = SmtpServer("127.0.0.1", free_port())
    controller = _start_smtp(
        server,
        authenticator=_login_checker(server),
        auth_required=True,
        auth_require_tls=False,
    )
    try:
        yield server
    finally:
        controller.stop()
