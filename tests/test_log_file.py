"""The log file: an error's details go there while the user reads one line; it rotates; it never
holds a password (even one only the keychain knew) or a calendar's text; `check` says where it is.
Rotation: tests/test_errors.py."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import keyring
import pytest

from fieldvisit import logs
from fieldvisit.cli import main
from fieldvisit.secrets import SERVICE_NAME, smtp_key
from tests.keyring_backend import MemoryKeyring
from tests.ui.demo_files import small_demo_copy

SMTP_USER, SMTP_HOST = "casey@lumenridge.example", "127.0.0.1"
PASSWORD = "Qv7-kestrel-Plum"
CALENDAR_SECRET = "Merger-Talk-Project-Lantern"


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")


def log_text(fieldvisit_home: Path) -> str:
    return "".join(p.read_text() for p in sorted((fieldvisit_home / "logs").iterdir()))


def test_a_failing_command_logs_its_traceback_and_says_one_line_without_the_keychain_password(
    demo: Path,
    fieldvisit_home: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = ["invite-settings", "--smtp-host", SMTP_HOST, "--smtp-username", SMTP_USER]
    assert main(["--db", str(demo), *settings]) == 0
    # Only the keychain knows the password: no variable, nothing typed in this process.
    keyring.set_password(SERVICE_NAME, smtp_key(SMTP_USER, SMTP_HOST), PASSWORD)

    def server_fails(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"the mail server echoed {PASSWORD} back")

    monkeypatch.setattr("fieldvisit.commands.invite_cmds.send_invites_by_email", server_fails)
    capsys.readouterr()
    assert main(["--db", str(demo), "send-invites", "--visit", "V000210"]) == 1
    err = capsys.readouterr().err
    log = fieldvisit_home / "logs" / logs.LOG_NAME
    assert len(err.splitlines()) == 1
    assert err.startswith("fieldvisit: unexpected error: RuntimeError: ")
    assert err.rstrip().endswith(f"details in {log}")
    text = log.read_text()
    assert "Traceback (most recent call last)" in text
    assert "server_fails" in text and "the mail server echoed" in text
    assert PASSWORD not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_calendar_quoted_in_an_error_stays_out_of_the_log(
    demo: Path, tmp_path: Path, fieldvisit_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar = tmp_path / "board.ics"
    calendar.write_text(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY {CALENDAR_SECRET}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    capsys.readouterr()
    assert main(["--db", str(demo), "target", "--json"]) == 0
    executive = json.loads(capsys.readouterr().out)[0]["email"]
    code = main(["--db", str(demo), "capture-calendar", "--exec", executive, str(calendar)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("fieldvisit: ") and len(err.splitlines()) == 1
    text = log_text(fieldvisit_home)
    assert "capture-calendar: CalendarProblem" in text
    assert CALENDAR_SECRET not in text


def test_check_says_where_the_log_is(
    demo: Path, fieldvisit_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo), "check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"Log file: {fieldvisit_home / 'logs' / logs.LOG_NAME}"
