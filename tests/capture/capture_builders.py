"""A small workspace and calendars written inline, for the capture's own tests.

Our company is northwind.example. Accounts: Globex (website https://www.globex.com/), Initech
(no domains given: its contacts' addresses say initech.com), Acme (domains acme.com;acme.de,
two open deals), Umbrella (website umbrella.com). Executives: Casey (Chicago), Robin (Berlin),
Dana (declines things); one rep.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from fieldvisit.capture import CaptureReport, FileSource, capture
from fieldvisit.ingest import import_csv
from fieldvisit.store import create_workspace, open_workspace

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


def make_workspace(folder: Path) -> Path:
    """Create the small workspace in `folder`; return its path."""
    path = folder / "capture.fieldvisit"
    ws = create_workspace(path)
    try:
        for kind, body in _FILES.items():
            csv = folder / f"{kind}.csv"
            csv.write_text(body, encoding="utf-8")
            import_csv(ws, kind, csv, today=date(2026, 6, 1))
    finally:
        ws.close()
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
    with open_workspace(db) as ws:
        return capture(ws, executive, FileSource(data), now=NOW, **options)  # type: ignore[arg-type]


def rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Return the rows of a read-only query on the workspace file."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Return every table's rows (for "nothing changed" checks)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [
            t
            for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not t.startswith(("sqlite_", "debrief_fts"))
        ]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def visits(db: Path) -> list[dict[str, object]]:
    """Return every visit with its account id, executives' e-mails and contacts' ids."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        found = []
        for v in conn.execute(
            "SELECT v.*, a.external_id AS account, d.external_id AS deal FROM visit v "
            "JOIN account a ON a.id = v.account_id LEFT JOIN deal d ON d.id = v.deal_id "
            "ORDER BY v.start, v.id"
        ):
            item = dict(v)
            item["executives"] = sorted(
                e
                for (e,) in conn.execute(
                    "SELECT e.email FROM visit_executive ve JOIN executive e "
                    "ON e.id = ve.executive_id WHERE ve.visit_id = ?",
                    (v["id"],),
                )
            )
            item["contacts"] = sorted(
                c
                for (c,) in conn.execute(
                    "SELECT c.external_id FROM visit_contact vc JOIN contact c "
                    "ON c.id = vc.contact_id WHERE vc.visit_id = ?",
                    (v["id"],),
                )
            )
            item["reps"] = sorted(
                r
                for (r,) in conn.execute(
                    "SELECT r.email FROM visit_rep vr JOIN rep r ON r.id = vr.rep_id "
                    "WHERE vr.visit_id = ?",
                    (v["id"],),
                )
            )
            found.append(item)
        return found
    finally:
        conn.close()
