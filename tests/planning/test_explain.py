"""The "Why?" sentences: each signal alone, signals together, and why this executive."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Connection

from fieldvisit.cli import main
from fieldvisit.planning import signals_for_deal, suggest_for_deal
from fieldvisit.planning.explain import deal_sentence, executive_sentence, explain
from fieldvisit.planning.wording import month_day, multiple
from fieldvisit.settings import load_rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, Builder, engaged

NUMBERS_OF_THE_ENGINE = ("×", "priority is", "points", "weight", "score", "0 of")


def _plain(text: str) -> None:
    for word in NUMBERS_OF_THE_ENGINE:
        assert word not in text, f"{word!r} in {text!r}"


def _history(b: Builder, account: int, rep: int, stage: str, days: int) -> None:
    """Ten past deals that each spent `days` in `stage`: the usual stay is learned from them."""
    for i in range(10):
        start = AS_OF - timedelta(days=300 - i)
        deal = b.deal(account, rep, stage="Won", status="won", entered=start)
        b.stage_change(deal, stage, start)
        b.stage_change(deal, "Won", start + timedelta(days=days))


class World:
    """One account with a healthy deal; each test spoils exactly what it is about."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.b = b = Builder(conn)
        self.ceo = b.executive("naomi@us.example", name="Naomi Park", city="Chicago", target=4)
        self.rep = b.rep("rep@us.example", name="Rae Rep")
        self.account = b.account("Globex", city="Chicago")
        self.cfo = b.contact(self.account, "Carla", title="CFO", seniority="C", decision_maker=True)

    def deal(
        self,
        *,
        stage: str = "Proposal",
        in_stage: int = 5,
        active: int | None = 3,
        dm: bool = True,
        exec_visit: int | None = 20,
        close: date | None = None,
    ) -> int:
        b, account = self.b, self.account
        deal = b.deal(
            account, self.rep, stage=stage, entered=AS_OF - timedelta(days=in_stage), close=close
        )
        if active is not None:
            day = AS_OF - timedelta(days=active)
            if dm:
                engaged(b, deal, account, day)
            else:
                c1 = b.contact(account, "Ann Analyst", seniority="Manager")
                c2 = b.contact(account, "Bo Buyer", seniority="Director")
                b.activity(day, deal=deal, account=account, contacts=(c1, c2))
        if exec_visit is not None:
            b.visit(account, AS_OF - timedelta(days=exec_visit), execs=(self.ceo,))
        return deal

    def sentence(self, deal: int) -> str:
        found = signals_for_deal(self.conn, deal, AS_OF, load_rules(self.conn))
        text = deal_sentence(found, AS_OF)
        _plain(text)
        return text


@pytest.fixture
def world(workspace: Workspace) -> World:
    conn = workspace.engine.connect()
    conn.begin()
    yield World(conn)  # type: ignore[misc]
    conn.close()


# -- words for numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "words"),
    [
        (2.0, "twice"),
        (3.04, "three times"),
        (3.8, "almost four times"),
        (2.44, "more than twice"),
        (1.5, "one and a half times"),
        (1.2, ""),
        (14.0, "14 times"),
    ],
)
def test_a_multiple_is_said_in_words(ratio: float, words: str) -> None:
    assert multiple(ratio) == words


def test_months_are_named_and_recent_days_keep_their_date() -> None:
    assert month_day(date(2026, 3, 4), AS_OF) == "March"
    assert month_day(date(2026, 6, 1), AS_OF) == "1 June"
    assert month_day(date(2025, 11, 20), AS_OF) == "November 2025"


# -- each signal alone -----------------------------------------------------------------------


def test_a_stage_stay_is_compared_with_the_usual_one_learned_from_past_deals(
    world: World,
) -> None:
    _history(world.b, world.account, world.rep, "Negotiation", 20)
    deal = world.deal(stage="Negotiation", in_stage=60)
    assert world.sentence(deal) == "Stuck in Negotiation three times longer than usual."


def test_a_stage_stay_without_history_is_compared_with_the_limit(world: World) -> None:
    deal = world.deal(in_stage=60)  # the default limit is 30 days
    assert world.sentence(deal) == "Stuck in Proposal twice the 30 days allowed."


def test_a_quiet_deal_says_since_when(world: World) -> None:
    deal = world.deal(active=40, dm=True)
    assert world.sentence(deal) == "Nothing has happened on it since 6 May."


def test_a_moved_close_date_says_how_often(world: World) -> None:
    deal = world.deal()
    world.b.close_change(deal, AS_OF, AS_OF + timedelta(days=30), AS_OF - timedelta(days=40))
    world.b.close_change(
        deal, AS_OF + timedelta(days=30), AS_OF + timedelta(days=60), AS_OF - timedelta(days=9)
    )
    assert world.sentence(deal) == "Its close date has moved twice."


def test_a_passed_close_date_is_named(world: World) -> None:
    deal = world.deal(close=AS_OF - timedelta(days=10))
    assert world.sentence(deal) == "Its close date (5 June) has passed."


def test_no_decision_maker_says_for_how_long_from_the_rule(world: World) -> None:
    deal = world.deal(dm=False)
    assert world.sentence(deal) == ("No one has spoken to a decision maker in the last two months.")


def test_an_account_no_executive_met_says_never_or_since_when(world: World) -> None:
    never = world.deal(exec_visit=None)
    assert world.sentence(never) == "No executive has ever met them."
    world.account = world.b.account("Initech", city="Chicago")  # met in February
    world.cfo = world.b.contact(world.account, "Ines", title="CFO", seniority="C")
    met = world.deal(exec_visit=120)
    assert world.sentence(met) == "No executive has met them since February."


def test_one_contact_only_is_said_in_people(world: World) -> None:
    deal = world.deal(active=None)
    world.b.activity(AS_OF - timedelta(days=3), deal=deal, account=world.account,
                     contacts=(world.cfo,))  # fmt: skip
    assert world.sentence(deal) == (
        "Only one person at the customer has been involved in the last three months."
    )


# -- signals together ------------------------------------------------------------------------


def test_a_stall_and_a_risk_make_one_sentence(world: World) -> None:
    _history(world.b, world.account, world.rep, "Negotiation", 20)
    deal = world.deal(stage="Negotiation", in_stage=60, dm=False)
    assert world.sentence(deal) == (
        "Stuck in Negotiation three times longer than usual, and no one has spoken to a "
        "decision maker in the last two months."
    )


def test_many_signals_make_a_stall_sentence_and_a_risk_sentence(world: World) -> None:
    deal = world.deal(in_stage=95, active=None, exec_visit=None, close=AS_OF - timedelta(days=3))
    text = world.sentence(deal)
    stalls, risks = text.split(". ")
    assert stalls.startswith("Stuck in Proposal more than three times the 30 days allowed, ")
    assert "its close date (12 June) has passed" in stalls
    assert risks.startswith("No one at the customer has been involved in the last three months")
    assert risks.endswith("and no executive has ever met them.")


def test_a_healthy_deal_says_nothing_stands_out(world: World) -> None:
    assert world.sentence(world.deal()) == "Nothing stands out on this deal right now."


# -- the executive ---------------------------------------------------------------------------


def test_the_executive_is_explained_by_what_they_bring(world: World) -> None:
    deal = world.deal(in_stage=60, exec_visit=None)
    world.b.visit(world.account, date(2026, 3, 10), execs=(world.ceo,))
    found = suggest_for_deal(world.conn, deal, AS_OF, load_rules(world.conn))
    said = executive_sentence(found.executive)
    _plain(said)
    assert said.startswith("Naomi has met them before (March), ")
    assert "is senior enough to meet their CFO" in said
    assert "lives in Chicago" in said
    whole = explain(found, AS_OF)
    assert whole.who == said
    assert whole.rep == "With Rae Rep, who owns the deal."
    for paragraph in whole.paragraphs():
        _plain(paragraph)


def test_an_executive_without_visits_this_month_is_not_told_zero_of_n(world: World) -> None:
    deal = world.deal(in_stage=60, exec_visit=None)
    found = suggest_for_deal(world.conn, deal, AS_OF, load_rules(world.conn))
    said = executive_sentence(found.executive)
    assert "has no customer visit yet this month" in said
    assert "0 of" not in said


# -- the command line ------------------------------------------------------------------------


def test_suggest_speaks_in_sentences_and_verbose_adds_the_numbers(
    workspace: Workspace, workspace_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with workspace.begin() as conn:
        w = World(conn)
        w.deal(in_stage=60, dm=False)
    assert main(["--db", workspace_db, "suggest", "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    sentences = out.split("\n\n", 1)[1]  # below the table
    assert "   Why: Stuck in Proposal twice the 30 days allowed, and no one has spoken" in out
    assert "   Who: Naomi " in out
    _plain(sentences)
    args = ["--db", workspace_db, "suggest", "--as-of", AS_OF.isoformat(), "--verbose"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "(weight 3)" in out and "score " in out and "   Points: Naomi Park" in out
