"""A small workspace and calendars written inline, for the capture's own tests.

Our company is northwind.example. Accounts: Globex (website https://www.globex.com/), Initech
(no domains given: its contacts' addresses say initech.com), Acme (domains acme.com;acme.de,
two open deals), Umbrella (website umbrella.com). Executives: Casey (Chicago), Robin (Berlin),
Dana (declines things); one rep.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from fieldvisit.capture import CaptureReport, FileSource, capture
from fieldvisit.ingest import import_csv
from fieldvisit.store import Workspace, create_workspace
from tests.either_engine import reopen, stored_bytes
from tests.stored_rows import dump as dump_all
from tests.stored_rows import stored_dicts, stored_rows

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
CASEY = "casey@northwind.example"
ROBIN = "robin@northwind.example"
DANA = "dana@northwind.example"
REP = "riley@northwind.example"

_FILES = {
    "executives": (
        "email,name,level,home_city,home_country\n"
        f"{CASEY},Casey Chief,C,Chicago,US\n"
        f"{ROBIN},Robin Revenue,SVP,Berlin,DE\n"
        f"{DANA},Dana Director,VP,London,GB\n"
    ),
    "reps": f"email,name,region\n{REP},Riley Rep,West\n",
    "accounts": (
        "account_id,name,city,country,tier,owner_email,domains,website\n"
        f"A1,Globex,Chicago,US,strategic,{REP},,https://www.globex.com/\n"
        f"A2,Initech,Austin,US,key,{REP},,\n"
        f"A3,Acme,Berlin,DE,strategic,{REP},acme.com;acme.de,\n"
        f"A4,Umbrella,London,GB,standard,{REP},,umbrella.com\n"
    ),
    "contacts": (
        "contact_id,account_id,name,email,seniority,decision_maker\n"
        "C1,A1,Anna Berg,anna@globex.com,C,yes\n"
        "C2,A2,Ian Tech,ian@initech.com,VP,yes\n"
        "C3,A3,Ada Acme,ada@acme.com,C,yes\n"
        "C4,A3,Otto Acme,otto@acme.de,Director,no\n"
        "C5,A1,Paul Private,paul.globex@gmail.com,Manager,no\n"
        "C6,A4,Uma Brella,uma@umbrella.com,C,yes\n"
    ),
    "deals": (
        "deal_id,account_id,name,owner_email,stage,amount,status,strategic\n"
        f"D1,A1,Globex renewal,{REP},Proposal,250000,open,yes\n"
        f"D2,A3,Acme platform,{REP},Discovery,300000,open,yes\n"
        f"D3,A3,Acme services,{REP},Proposal,120000,open,yes\n"
        f"D4,A2,Initech pilot,{REP},Qualification,50000,open,no\n"
    ),
    "activities": (
        "activity_id,type,occurred_on,deal_id,account_id,contact_ids,rep_email\n"
        f"X1,meeting,2026-05-02,D3,A3,C4,{REP}\n"
    ),
}


class Db(str):
    """Where a test's workspace is: its `--db` value (a file path or a team address), and in
    `parent` the test's folder, where calendars are written."""

    parent: Path

    def __new__(cls, label: str, folder: Path) -> Db:
        made = super().__new__(cls, label)
        made.parent = folder
        return made

    def read_bytes(self) -> bytes:
        """Return what the workspace holds (the file, or every row of the team database)."""
        with reopen(self) as ws:
            return stored_bytes(ws)


def fill_workspace(ws: Workspace, folder: Path) -> Db:
    """Import the small world into `ws` (CSV files written in `folder`), close it, say where."""
    try:
        for kind, body in _FILES.items():
            csv = folder / f"{kind}.csv"
            csv.write_text(body, encoding="utf-8")
            import_csv(ws, kind, csv, today=date(2026, 6, 1))
    finally:
        ws.close()
    return Db(ws.label, folder)


def make_workspace(folder: Path) -> Path:
    """Create the small workspace file in `folder`; return its path."""
    path = folder / "capture.fieldvisit"
    fill_workspace(create_workspace(path), folder)
    return path


def ics(*events: list[str], head: tuple[str, ...] = (), name: str | None = "Calendar") -> bytes:
    """Return an iCalendar file of these events (CRLF lines, no folding needed here)."""
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Field Visit tests//EN", "VERSION:2.0", *head]
    if name:
        lines.append(f"X-WR-CALNAME:{name}")
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def attendee(email: str, partstat: str | None = "ACCEPTED", name: str | None = None) -> str:
    params = f";CN={name}" if name else ""
    params += f";PARTSTAT={partstat}" if partstat else ""
    return f"ATTENDEE{params}:mailto:{email}"


def event(
    uid: str,
    start: str,
    end: str | None = None,
    *,
    organizer: str | None = CASEY,
    attendees: tuple[str, ...] = (),
    summary: str = "Customer meeting",
    extra: tuple[str, ...] = (),
) -> list[str]:
    """Return a VEVENT; `start`/`end` are values like 20260610T150000Z or full DTSTART lines."""
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260601T000000Z"]
    lines.append(start if start.startswith("DTSTART") else f"DTSTART:{start}")
    if end:
        lines.append(end if end.startswith("DTEND") else f"DTEND:{end}")
    lines.append(f"SUMMARY:{summary}")
    if organizer:
        lines.append(f"ORGANIZER;CN=Organizer:mailto:{organizer}")
    lines += [attendee(a) if not a.startswith("ATTENDEE") else a for a in attendees]
    lines += extra
    lines.append("END:VEVENT")
    return lines


def run(
    db: Path,
    data: bytes | Path,
    executive: str = CASEY,
    *,
    folder: Path | None = None,
    name: str = "calendar.ics",
    **options: object,
) -> CaptureReport:
    """Capture `data` (bytes written to a file, or a path) for the executive; return the report."""
    if isinstance(data, bytes):
        target = (folder or db.parent) / name
        target.write_bytes(data)
        data = target
    with reopen(str(db)) as ws:
        return capture(ws, executive, FileSource(data), now=NOW, **options)  # type: ignore[arg-type]


def rows(db: Path | str, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Return the rows of a read-only query, as the workspace file holds them."""
    with reopen(str(db)) as ws:
        return stored_rows(ws, sql, *params)


def dump(db: Path | str) -> dict[str, list[tuple[object, ...]]]:
    """Return every table's rows (for "nothing changed" checks)."""
    with reopen(str(db)) as ws:
        found = dump_all(ws)
    return {t: found[t] for t in found if not t.startswith(("sqlite_", "debrief_fts"))}


def visits(db: Path | str) -> list[dict[str, object]]:
    """Return every visit with its account id, executives' e-mails and contacts' ids."""
    found = []
    with reopen(str(db)) as ws:
        for item in stored_dicts(
            ws,
            "SELECT v.*, a.external_id AS account, d.external_id AS deal FROM visit v "
            "JOIN account a ON a.id = v.account_id LEFT JOIN deal d ON d.id = v.deal_id "
            "ORDER BY v.start, v.id",
        ):
            for key, sql in _PEOPLE.items():
                item[key] = sorted(r[0] for r in stored_rows(ws, sql, item["id"]))
            found.append(item)
    return found


_PEOPLE = {
    "executives": "SELECT e.email FROM visit_executive ve JOIN executive e "
    "ON e.id = ve.executive_id WHERE ve.visit_id = ?",
    "contacts": "SELECT c.external_id FROM visit_contact vc JOIN contact c "
    "ON c.id = vc.contact_id WHERE vc.visit_id = ?",
    "reps": "SELECT r.email FROM visit_rep vr JOIN rep r ON r.id = vr.rep_id WHERE vr.visit_id = ?",
}
