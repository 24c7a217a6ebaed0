"""Field friction themes: counts per category over a period, with the latest quotes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from fieldvisit.planning import friction_themes
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder

RULES = replace(Rules(), friction_categories=["Security review", "Pricing approval", "Legal"])


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


def test_themes_count_debriefs_per_category_with_the_latest_quotes(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        b = Builder(conn)
        ann = b.executive("ann@us.example", name="Ann Lee")
        acct = b.account("Globex")

        def debrief(day: int, text: str, *cats: str) -> None:
            visit = b.visit(acct, ago(day), execs=(ann,))
            b.debrief(visit, ago(day), friction=text, categories=cats)

        debrief(1, "Security questionnaire took 6 weeks", "Security review")
        debrief(5, "Discount approval needs three signatures", "Pricing approval", "Legal")
        debrief(10, "Pen test report missing", "Security review")
        debrief(20, "", "Security review")  # counted, but nothing to quote
        debrief(30, "Old pen test", "Security review")
        debrief(40, "SOC 2 again", "Security review")
        debrief(179, "Edge of the period", "Legal")
        debrief(180, "Before the period", "Legal")
        debrief(3, "Quota relief", "Territory")  # not on the list any more
        themes = friction_themes(conn, AS_OF, RULES, days=180)
        assert [(t.category, t.count, t.known) for t in themes] == [
            ("Security review", 5, True),
            ("Legal", 2, True),
            ("Pricing approval", 1, True),
            ("Territory", 1, False),
        ]
        security = themes[0]
        assert [q.text for q in security.quotes] == [
            "Security questionnaire took 6 weeks",
            "Pen test report missing",
            "Old pen test",
        ]
        assert security.quotes[0].written_on == ago(1)
        assert security.quotes[0].account_name == "Globex"
        assert security.quotes[0].executives == ("Ann Lee",)


def test_every_listed_category_shows_even_without_debriefs(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        themes = friction_themes(conn, AS_OF, RULES)
        assert [(t.category, t.count) for t in themes] == [
            ("Security review", 0),
            ("Pricing approval", 0),
            ("Legal", 0),
        ]
