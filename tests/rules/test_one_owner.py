"""Rules stated once: stored times, time zones and seniority words each have one owner.

Each test feeds the input on which the old copies disagreed to every caller, and a scan of the
source fails when a copy of the rule is written again outside its owner.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from fieldvisit.store import Workspace
from fieldvisit.store import models as m

SOURCE = Path(__file__).resolve().parents[2] / "fieldvisit"


def _hits(pattern: str, allowed: set[str]) -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = path.relative_to(SOURCE).as_posix()
        if name in allowed or name.startswith("store/migrations/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{name}:{n}: {line.strip()}")
    return found


# --- stored times (fieldvisit/store/times.py) ----------------------------------------------------

BERLIN_EVENING = datetime(2026, 6, 23, 23, 30, tzinfo=timezone(timedelta(hours=2)))


def test_every_writer_stores_a_time_as_the_orm_does(workspace: Workspace) -> None:
    from fieldvisit.demo.writer import utc_text
    from fieldvisit.ingest.values import stored_datetime
    from fieldvisit.planning.visit_rows import stored_text

    with workspace.begin() as conn:
        conn.execute(
            insert(m.Account).values(external_id="A1", name="Acme", crm_modified_at=BERLIN_EVENING)
        )
        orm = conn.execute(text("SELECT crm_modified_at FROM account")).scalar_one()
    assert orm == "2026-06-23 21:30:00.000000"
    assert stored_text(BERLIN_EVENING) == orm
    assert utc_text(BERLIN_EVENING) == orm
    assert stored_datetime("2026-06-23T23:30:00+02:00") == orm


def test_every_reader_gives_the_same_day_and_moment() -> None:
    from fieldvisit.planning.account_view import _day
    from fieldvisit.planning.periods import local_day, stored_utc
    from fieldvisit.store.times import to_date

    text_value = "2026-06-23 21:30:00.000000"
    assert stored_utc(text_value) == BERLIN_EVENING
    assert stored_utc(datetime(2026, 6, 23, 21, 30)) == BERLIN_EVENING  # what SQLAlchemy hands back
    for value in (text_value, "2026-06-23", datetime(2026, 6, 23, 21, 30), date(2026, 6, 23)):
        assert to_date(value) == _day(value) == date(2026, 6, 23)
    assert to_date(None) is None and to_date("") is None and _day("") is None
    assert local_day(text_value, "Europe/Berlin") == date(2026, 6, 23)


def test_the_stored_time_format_is_written_once() -> None:
    assert _hits(r"%Y-%m-%d %H:%M:%S\.%f|def to_date\b", {"store/times.py"}) == []


# --- time zones (fieldvisit/zones.py) ------------------------------------------------------------

# A padded name (as a CSV cell or a settings field gives it) was known to the importer and unknown
# to the four other lookups; an unknown name fell back to UTC in some and raised in others.
START = "2026-06-23 20:30:00.000000"  # 05:30 the next morning in Tokyo


@pytest.mark.parametrize(
    ("name", "day"),
    [
        (" Asia/Tokyo ", date(2026, 6, 24)),
        ("Mars/Olympus", date(2026, 6, 23)),
        (None, date(2026, 6, 23)),
    ],
)
def test_every_caller_reads_a_zone_name_alike(name: str | None, day: date) -> None:
    from fieldvisit.invites.mail import when_text
    from fieldvisit.planning.periods import local_day
    from fieldvisit.planning.visit_checks import _zone as checks_zone
    from fieldvisit.zones import zone

    moment = datetime(2026, 6, 23, 20, 30, tzinfo=UTC)
    assert local_day(START, name) == day
    assert moment.astimezone(checks_zone(name)).date() == day
    assert moment.astimezone(zone(name)).date() == day
    tokyo = day != moment.date()
    assert ("Wed 24 Jun 2026, 05:30" in when_text(moment, moment, name)) is tokyo


def test_a_bad_zone_name_is_refused_in_the_same_words_by_both_importers() -> None:
    from fieldvisit.ingest.crm.values import _zone as crm_zone
    from fieldvisit.zones import zone_named

    for lookup in (zone_named, crm_zone):
        with pytest.raises(ValueError, match="is not a time zone like Europe/Berlin"):
            lookup("Europe/Atlantis")


def test_the_zone_lookup_is_written_once() -> None:
    assert _hits(r"ZoneInfoNotFoundError", {"zones.py"}) == []


# --- seniority (fieldvisit/seniority.py) ---------------------------------------------------------


def test_every_list_of_people_puts_staff_after_managers_and_before_the_unknown(
    workspace: Workspace,
) -> None:
    from fieldvisit.debriefs.records import visit_header
    from fieldvisit.planning.actions import plan_visit
    from fieldvisit.planning.briefing_facts import briefing_for
    from fieldvisit.settings import Rules
    from tests.planning.builders import AS_OF, Builder, noon

    with workspace.begin() as conn:
        b = Builder(conn)
        ceo = b.executive("ceo@corp.example")
        rep = b.rep("rep@corp.example")
        acme = b.account("Acme", owner=rep)
        # Named so that sorting by name alone puts them the wrong way round.
        people = [
            b.contact(acme, "Zed Staff", seniority="Staff"),
            b.contact(acme, "Amy Unknown", seniority=None),
            b.contact(acme, "Yan Manager", seniority="Manager"),
        ]
        deal = b.deal(acme, rep)
        visit = plan_visit(
            conn, deal_pk=deal, executive_pks=[ceo], rep_pks=[], contact_pks=people,
            start=noon(AS_OF + timedelta(days=3)), minutes=60,
        )  # fmt: skip
        offered = [c.name for c in visit_header(conn, visit).contacts]
        briefing = briefing_for(conn, visit, AS_OF, Rules())
    expected = ["Yan Manager", "Zed Staff", "Amy Unknown"]
    assert offered == expected
    theirs = briefing.theirs
    assert [a.name for a in theirs] == expected
    assert "Staff" in [a.role for a in theirs if a.name == "Zed Staff"][0]


def test_seniority_levels_are_listed_once() -> None:
    # The order in SQL or Python, and the words: once, in fieldvisit/seniority.py.
    copies = r"WHEN 'Director'|\"Director\": \"Director\"|\"Director\": 2|\"Manager\": 3"
    assert _hits(copies, {"seniority.py"}) == []
