"""No lock across a prompt or a network call: while `send-invites` waits for a password or for
the SMTP server, and while `publish` waits for the CalDAV server, another program can plan."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from fieldvisit.cli import main
from tests.cli_runs import Terminal, fv_command, run_fv
from tests.ui.demo_files import AS_OF, small_demo_copy

from .conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer, free_port

SUGGESTED_DEAL = "D000065"  # the small demo's top suggestion as of AS_OF
PLANNED_VISIT = "V000210"
NO_KEYCHAIN = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
# If the workspace were locked, `plan` would fail after this wait instead of the default minute.
IMPATIENT = {"FIELDVISIT_LOCK_WAIT": "3"}


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "team.fieldvisit")


def settings(demo: Path, *args: str) -> None:
    assert main(["--db", str(demo), "invite-settings", *args]) == 0


def plan_meanwhile(demo: Path) -> subprocess.CompletedProcess[str]:
    return run_fv(
        demo, "plan", "--deal", SUGGESTED_DEAL, "--as-of", AS_OF.isoformat(), env=IMPATIENT
    )


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_another_program_plans_while_send_invites_asks_for_the_password(
    demo: Path, login_smtp_server: SmtpServer
) -> None:
    server = login_smtp_server
    settings(demo, "--smtp-host", server.host, "--smtp-port", str(server.port))
    settings(demo, "--smtp-username", SMTP_USER, "--no-smtp-starttls")
    terminal = Terminal(fv_command(demo, "send-invites", "--visit", PLANNED_VISIT), NO_KEYCHAIN)
    terminal.read_until(b"SMTP password for ")

    planned = plan_meanwhile(demo)
    assert planned.returncode == 0, planned.stderr
    assert "Planned a visit" in planned.stdout

    terminal.type(SMTP_PASSWORD.encode() + b"\n")
    code, output = terminal.finish()
    assert code == 0, output
    assert f"of visit {PLANNED_VISIT} to " in output
    assert len(server.received) == 2
    assert SMTP_PASSWORD not in output


# ----- a stalled SMTP server --------------------------------------------------------------------


@dataclass
class StalledSmtp:
    """An SMTP server that holds each message until told to go on."""

    host: str
    port: int
    reached: threading.Event = field(default_factory=threading.Event)
    go: threading.Event = field(default_factory=threading.Event)
    received: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.reached.set()
        await asyncio.get_running_loop().run_in_executor(None, self.go.wait, 60)
        self.received.append(bytes(envelope.original_content))
        return "250 OK"


@pytest.fixture
def stalled_smtp() -> Iterator[StalledSmtp]:
    from aiosmtpd.controller import Controller

    server = StalledSmtp("127.0.0.1", free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        server.go.set()
        controller.stop()


def test_another_program_plans_while_the_smtp_server_is_slow(
    demo: Path, stalled_smtp: StalledSmtp
) -> None:
    settings(demo, "--smtp-host", stalled_smtp.host, "--smtp-port", str(stalled_smtp.port))
    settings(demo, "--no-smtp-starttls")
    sending = subprocess.Popen(
        fv_command(demo, "send-invites", "--visit", PLANNED_VISIT),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert stalled_smtp.reached.wait(60), "send-invites never reached the SMTP server"
        planned = plan_meanwhile(demo)
        assert planned.returncode == 0, planned.stderr
        stalled_smtp.go.set()
        out, err = sending.communicate(timeout=60)
    finally:
        if sending.poll() is None:
            sending.kill()
    assert sending.returncode == 0, err
    assert len(stalled_smtp.received) == 2
    # What went out is recorded afterwards: sending again is an update of the same invites.
    again = run_fv(demo, "send-invites", "--visit", PLANNED_VISIT)
    assert again.returncode == 0, again.stderr
    assert "(sequence 0)" in again.stdout


# ----- a CalDAV server that does not answer -----------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[tuple[int, threading.Event, threading.Event]]:
    """A TCP server that accepts a connection and says nothing until told to hang up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted, hang_up = threading.Event(), threading.Event()

    def serve() -> None:
        conn, _ = listener.accept()
        accepted.set()
        hang_up.wait(60)
        conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted, hang_up
    finally:
        hang_up.set()
        listener.close()
        thread.join(timeout=10)


def test_another_program_plans_while_publish_waits_for_the_calendar(
    demo: Path, silent_server: tuple[int, threading.Event, threading.Event]
) -> None:
    port, accepted, hang_up = silent_server
    settings(demo, "--caldav-url", f"http://127.0.0.1:{port}/calendars/team/")
    publishing = subprocess.Popen(
        fv_command(demo, "publish", "--visit", PLANNED_VISIT),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert accepted.wait(60), "publish never reached the CalDAV server"
        planned = plan_meanwhile(demo)
        assert planned.returncode == 0, planned.stderr
        hang_up.set()
        _out, err = publishing.communicate(timeout=60)
    finally:
        if publishing.poll() is None:
            publishing.kill()
    assert publishing.returncode == 1
    assert "Traceback" not in err
    assert err.startswith("fieldvisit: The CalDAV server at http://127.0.0.1:"), err
