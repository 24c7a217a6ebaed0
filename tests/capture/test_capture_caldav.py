"""Capturing from a real CalDAV server (Radicale on 127.0.0.1): read only, no lock while reading."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from caldav.davclient import get_davclient

import fieldvisit.capture.capturing as capturing
from fieldvisit.capture import CalDAVSource, capture
from fieldvisit.errors import CalendarProblem
from fieldvisit.store import open_workspace
from tests.capture.capture_builders import NOW, ROBIN, dump, event, ics, make_workspace, visits
from tests.cli_runs import run_fv
from tests.invites.conftest import RadicaleServer, radicale  # noqa: F401  (the fixture)

SERIES = [
    event(
        "weekly-acme",
        "DTSTART;TZID=Europe/Berlin:20260504T100000",
        "DTEND;TZID=Europe/Berlin:20260504T110000",
        organizer=ROBIN,
        attendees=("ada@acme.com",),
        extra=("RRULE:FREQ=WEEKLY;COUNT=3",),
    ),
    event(
        "weekly-acme",
        "DTSTART;TZID=Europe/Berlin:20260512T160000",
        "DTEND;TZID=Europe/Berlin:20260512T170000",
        organizer=ROBIN,
        attendees=("ada@acme.com",),
        extra=("RECURRENCE-ID;TZID=Europe/Berlin:20260511T100000",),
    ),
]
ONE_OFF = event("globex-1", "20260603T150000Z", "20260603T160000Z", organizer=ROBIN,
                attendees=("anna@globex.com",))  # fmt: skip
ZONE = (
    "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
    "BEGIN:STANDARD", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
    "END:VTIMEZONE",
)  # fmt: skip


def _calendar(server: RadicaleServer) -> str:
    """Create Robin's calendar on the server with a series and a one-off; return its address."""
    client = get_davclient(url=server.url, username=server.username, password=server.password,
                           check_config_file=False, environment=False)  # fmt: skip
    assert client is not None
    cal = client.principal().make_calendar(name="Robin at work")
    cal.add_event(ics(*SERIES, head=ZONE, name=None).decode(), increase_seqno=False)
    cal.add_event(ics(ONE_OFF, name=None).decode(), increase_seqno=False)
    return str(cal.url)


def _storage(server: RadicaleServer) -> str:
    files = sorted(
        p for p in server.storage.rglob("*") if p.is_file() and ".Radicale.cache" not in p.parts
    )
    return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_a_caldav_calendar_is_captured_read_only_without_a_lock_while_reading(
    db: Path,
    radicale: RadicaleServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = _calendar(radicale)
    before = _storage(radicale)
    reading = capturing.read_caldav

    def read_and_write_meanwhile(*args: object, **kwargs: object) -> object:
        # Another program writes while the server is read: it must not have to wait.
        other = sqlite3.connect(db, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO setting(key, value) VALUES ('other-program', '1')")
            other.execute("COMMIT")
        finally:
            other.close()
        return reading(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(capturing, "read_caldav", read_and_write_meanwhile)
    with open_workspace(db) as ws:
        report = capture(ws, ROBIN, CalDAVSource(url, radicale.username),
                         password=radicale.password, now=NOW)  # fmt: skip
    assert (report.new, report.review, report.calendars) == (4, [], [f"{ROBIN}/{url.rstrip('/')}"])
    assert [(v["account"], v["start"]) for v in visits(db)] == [
        ("A3", "2026-05-04 08:00:00.000000"),
        ("A3", "2026-05-12 14:00:00.000000"),
        ("A3", "2026-05-18 08:00:00.000000"),
        ("A1", "2026-06-03 15:00:00.000000"),
    ]
    assert _storage(radicale) == before  # nothing written to the calendar

    # The same calendar from the command line: the password from the environment, nothing new.
    again = run_fv(
        db, "capture-calendar", "--exec", ROBIN, "--caldav", url, "--user", radicale.username,
        "--as-of", "2026-06-15", "--json",
        env={"FIELDVISIT_CALDAV_PASSWORD": radicale.password,
             "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["unchanged"] == 4
    assert radicale.password not in again.stdout + again.stderr


def test_a_refused_login_and_an_address_that_is_not_a_calendar(
    db: Path,
    radicale: RadicaleServer,  # noqa: F811
) -> None:
    url = _calendar(radicale)
    before = dump(db)
    with open_workspace(db) as ws:
        with pytest.raises(CalendarProblem, match=r"refused the user name or password \(401\)"):
            capture(ws, ROBIN, CalDAVSource(url, radicale.username), password="wrong", now=NOW)
        principal = f"{radicale.url}{radicale.username}/"
        with pytest.raises(CalendarProblem, match=r"is not a calendar \(it is a user's address\)"):
            capture(ws, ROBIN, CalDAVSource(principal, radicale.username),
                    password=radicale.password, now=NOW)  # fmt: skip
        with pytest.raises(CalendarProblem, match=r"There is no calendar at .* \(404\)"):
            capture(ws, ROBIN, CalDAVSource(f"{url}nothing-here/", radicale.username),
                    password=radicale.password, now=NOW)  # fmt: skip
    assert dump(db) == before


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("http://127.0.0.1:{port}/robin/work/", "the connection was refused"),
        ("http://calendar.fieldvisit.invalid/robin/work/", "the server's name does not resolve"),
    ],
)
def test_a_server_that_cannot_be_reached_is_one_plain_line(
    db: Path, address: str, said: str
) -> None:
    from pg_server import free_port

    url = address.format(port=free_port())
    before = dump(db)
    done = run_fv(
        db, "capture-calendar", "--exec", ROBIN, "--caldav", url, "--user", "robin",
        env={"FIELDVISIT_CALDAV_PASSWORD": "secret",
             "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"fieldvisit: The CalDAV server at {url} failed: {said} (")
    assert last.endswith("); nothing was captured.")
    for noise in ("HTTPConnectionPool", "Max retries", "object at 0x", "Traceback"):
        assert noise not in done.stderr
    assert dump(db) == before
