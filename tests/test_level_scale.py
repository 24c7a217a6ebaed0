"""Lists of people sort most senior first the same way in Python and in SQL, unknown levels last,
for customers' seniority and executives' levels alike (one rule: `fieldvisit/level_scale.py`)."""

from __future__ import annotations

import sqlite3

import pytest

from fieldvisit.executive_levels import EXECUTIVE_LEVELS, level_order, level_order_sql, level_word
from fieldvisit.level_scale import LevelScale
from fieldvisit.seniority import SENIORITIES, seniority_order_sql, seniority_rank, seniority_word


def _sorted_by_sql(levels: list[str | None], order_sql: str) -> list[str | None]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE person (name TEXT, level TEXT)")
    db.executemany(
        "INSERT INTO person VALUES (?, ?)", [(f"p{n}", lv) for n, lv in enumerate(levels)]
    )
    rows = db.execute(f"SELECT level FROM person ORDER BY {order_sql}, name").fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize(
    ("known", "order", "order_sql"),
    [
        (SENIORITIES, seniority_rank, seniority_order_sql("level")),
        (EXECUTIVE_LEVELS, level_order, level_order_sql("level")),
    ],
)
def test_sql_sorts_people_as_python_does_with_unknown_levels_last(known, order, order_sql) -> None:  # type: ignore[no-untyped-def]
    levels: list[str | None] = [None, "Intern", *reversed(known)]
    by_sql = _sorted_by_sql(levels, order_sql)
    assert by_sql[: len(known)] == list(known)
    assert set(by_sql[len(known) :]) == {None, "Intern"}
    assert [order(lv) for lv in by_sql] == sorted(order(lv) for lv in levels)


def test_a_level_reads_in_words_and_an_unknown_one_as_the_caller_says() -> None:
    assert seniority_word("C") == level_word("C") == "C-level"
    assert seniority_word("Staff") == "Staff"
    assert level_word("Staff", unknown="Not an executive") == "Not an executive"
    scale = LevelScale(("Lead", "Member"), {"Lead": "Team lead", "Member": "Member"})
    assert (scale.word(None, "?"), scale.order("Lead"), scale.order("Guest")) == ("?", 0, 2)
