"""Invariants over many generated workspaces (hypothesis): snoozes hold, visits only help,
and no answer depends on the order rows were inserted in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection

from fieldvisit.planning import (
    coverage,
    held_deals,
    impact,
    signals_for_deal,
    suggest_visits,
)
from fieldvisit.planning.serialize import coverage_json, impact_json, suggestion_json
from fieldvisit.settings import Rules
from fieldvisit.store import Workspace
from tests.planning.builders import AS_OF, CITIES, Builder

RULES = Rules()
FAST = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextmanager
def scratch(workspace: Workspace) -> Iterator[Connection]:
    """Yield a connection whose changes are all rolled back (one workspace, many examples)."""
    with workspace.engine.connect() as conn:
        tx = conn.begin()
        try:
            yield conn
        finally:
            tx.rollback()


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


@FAST
@given(
    stage_days=st.integers(0, 90),
    until=st.integers(-10, 40),
    later=st.integers(0, 40),
)
def test_a_snoozed_deal_is_never_suggested_before_its_date(
    workspace: Workspace, stage_days: int, until: int, later: int
) -> None:
    with scratch(workspace) as conn:
        b = Builder(conn)
        b.executive("ceo@us.example")
        deal = b.deal(b.account("Globex"), b.rep("r@us.example"), entered=ago(stage_days))
        until_day = AS_OF + timedelta(days=until)
        b.snooze(deal, until_day, "later")
        as_of = AS_OF + timedelta(days=later)
        suggested = {s.deal.deal_pk for s in suggest_visits(conn, as_of, RULES)}
        stalled = signals_for_deal(conn, deal, as_of, RULES).stalled
        if as_of < until_day:
            assert deal not in suggested
            assert [h.status for h in held_deals(conn, as_of, RULES)] == (
                ["snoozed"] if stalled else []
            )
        else:
            assert (deal in suggested) == stalled


@dataclass(frozen=True)
class VisitSpec:
    day: int
    with_exec: bool
    status: str
    on_deal: bool


visit_specs = st.lists(
    st.builds(
        VisitSpec,
        day=st.integers(-20, 300),
        with_exec=st.booleans(),
        status=st.sampled_from(["done", "planned", "cancelled"]),
        on_deal=st.booleans(),
    ),
    max_size=5,
)


@FAST
@given(visits=visit_specs, extra_day=st.integers(0, 300), extra_on_deal=st.booleans())
def test_a_done_executive_visit_never_makes_no_exec_touch_appear(
    workspace: Workspace, visits: list[VisitSpec], extra_day: int, extra_on_deal: bool
) -> None:
    with scratch(workspace) as conn:
        b = Builder(conn)
        ceo, rep, acct = b.executive("ceo@us.example"), b.rep("r@us.example"), b.account("Globex")
        deal = b.deal(acct, rep, entered=ago(40))
        other = b.deal(acct, rep, entered=ago(40))
        for v in visits:
            b.visit(
                acct,
                ago(v.day),
                deal=deal if v.on_deal else other,
                execs=(ceo,) if v.with_exec else (),
                status=v.status,
            )
        before = signals_for_deal(conn, deal, AS_OF, RULES)
        b.visit(acct, ago(extra_day), deal=deal if extra_on_deal else other, execs=(ceo,))
        after = signals_for_deal(conn, deal, AS_OF, RULES)
        if before.signal("no_exec_touch") is None:
            assert after.signal("no_exec_touch") is None
        assert after.last_exec_visit_on is not None
        assert (
            before.last_exec_visit_on is None
            or after.last_exec_visit_on >= before.last_exec_visit_on
        )


# -- insertion order ----------------------------------------------------------------------

EXECS = [
    ("ann@us.example", "C", "Chicago"),
    ("bob@us.example", "SVP", "Boston"),
    ("cy@us.example", "VP", "Chicago"),  # same place as Ann: ties fall to the e-mail
    ("dee@us.example", "C", "London"),
]
ACCOUNTS = [("A1", "Globex", "Chicago"), ("A2", "Initech", "Evanston"), ("A3", "Hooli", "Boston")]


@dataclass(frozen=True)
class DealSpec:
    account: int
    stage_days: int
    amount: int
    idle_days: int
    contacts: int


deal_specs = st.lists(
    st.builds(
        DealSpec,
        account=st.integers(0, len(ACCOUNTS) - 1),
        stage_days=st.integers(0, 80),
        amount=st.sampled_from([50_000, 100_000, 250_000, 250_000, 1_000_000]),
        idle_days=st.integers(0, 60),
        contacts=st.integers(0, 2),
    ),
    min_size=1,
    max_size=6,
)


def _build(conn: Connection, deals: list[DealSpec], orders: list[list[int]]) -> None:
    """Insert the same world, each table's rows in the given order."""
    b = Builder(conn)
    exec_order, acct_order, deal_order = orders
    execs = {}
    for i in exec_order:
        email, level, city = EXECS[i]
        execs[i] = b.executive(email, level=level, city=city)
    rep = b.rep("rep@us.example")
    accounts, contacts = {}, {}
    for i in acct_order:
        ext, name, city = ACCOUNTS[i]
        accounts[i] = b.account(name, external_id=ext, city=city)
        contacts[i] = [
            b.contact(accounts[i], f"{name} CFO", title="CFO", seniority="C",
                      decision_maker=True, external_id=f"{ext}-C1"),
            b.contact(accounts[i], f"{name} VP", title="VP IT", seniority="VP",
                      decision_maker=True, external_id=f"{ext}-C2"),
        ]  # fmt: skip
    for i in deal_order:
        spec = deals[i]
        acct = accounts[spec.account]
        pk = b.deal(acct, rep, external_id=f"D{i}", amount=spec.amount,
                    entered=ago(spec.stage_days), created=ago(200))  # fmt: skip
        b.activity(ago(spec.idle_days), deal=pk, account=acct,
                   contacts=tuple(contacts[spec.account][: spec.contacts]))  # fmt: skip
    # Ann met Globex; Bob met Hooli long ago (continuity, coverage and impact all see them).
    b.visit(accounts[0], ago(30), execs=(execs[0],), contacts=(contacts[0][0],),
            external_id="HV-A")  # fmt: skip
    b.visit(accounts[2], ago(120), execs=(execs[1],), external_id="HV-B")


@FAST
@given(
    deals=deal_specs,
    data=st.data(),
)
def test_answers_do_not_depend_on_the_order_rows_were_inserted(
    workspace: Workspace, deals: list[DealSpec], data: st.DataObject
) -> None:
    answers = []
    for _ in range(2):
        orders = [
            data.draw(st.permutations(range(len(EXECS)))),
            data.draw(st.permutations(range(len(ACCOUNTS)))),
            data.draw(st.permutations(range(len(deals)))),
        ]
        with scratch(workspace) as conn:
            _build(conn, deals, orders)
            answers.append(
                (
                    [suggestion_json(s) for s in suggest_visits(conn, AS_OF, RULES)],
                    coverage_json(coverage(conn, AS_OF, RULES)),
                    impact_json(impact(conn, AS_OF, RULES)),
                )
            )
    assert answers[0] == answers[1]
    assert CITIES  # the builder's cities are the ones named above
