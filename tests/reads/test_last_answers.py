"""Answers kept for the next start come back exactly as they were, only under the same
workspace, date, data and version: any write to the workspace, from any program, retires them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.reads.last_answers import LastAnswers, answer_key
from fieldvisit.reads.typed_json import NotThatShape, from_plain, to_plain
from fieldvisit.reads.week_answers import (
    WeekAnswers,
    as_shown,
    kept_types,
    load_side,
    load_suggested,
)
from fieldvisit.settings import load_rules
from fieldvisit.store import open_workspace
from tests.ui.demo_files import AS_OF, small_demo_copy


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")


def _answers(path: Path, as_of: date = AS_OF) -> WeekAnswers:
    ws = open_workspace(path)
    try:
        with ws.connect() as conn:
            rules = load_rules(conn)
            suggested = load_suggested(conn, as_of, rules, 8)
            return WeekAnswers(suggested, as_shown(load_side(conn, as_of, rules)))
    finally:
        ws.close()


def test_this_weeks_answers_come_back_as_they_were(demo: Path, tmp_path: Path) -> None:
    answers = _answers(demo)
    assert answers.suggested.suggestions and answers.side.upcoming and answers.side.trips
    kept = LastAnswers(tmp_path)
    kept.keep("week", answer_key(demo, AS_OF), answers)
    back = kept.recall("week", answer_key(demo, AS_OF), WeekAnswers, kept_types())
    assert back == answers


def test_a_write_another_day_or_another_file_retires_them(demo: Path, tmp_path: Path) -> None:
    kept = LastAnswers(tmp_path)
    answers = _answers(demo)
    kept.keep("week", answer_key(demo, AS_OF), answers)
    other = tmp_path / "other.fieldvisit"
    other.write_bytes(demo.read_bytes())
    assert kept.recall("week", answer_key(other, AS_OF), WeekAnswers, kept_types()) is None
    later = AS_OF + timedelta(days=1)
    assert kept.recall("week", answer_key(demo, later), WeekAnswers, kept_types()) is None
    top = answers.suggested.suggestions[0].deal.deal_id
    argv = ["--db", str(demo), "snooze", "--deal", top, "--until", "2026-07-31"]
    assert main([*argv, "--reason", "Budget in July"]) == 0
    assert kept.recall("week", answer_key(demo, AS_OF), WeekAnswers, kept_types()) is None


def test_a_damaged_or_foreign_file_is_ignored(demo: Path, tmp_path: Path) -> None:
    kept = LastAnswers(tmp_path)
    key = answer_key(demo, AS_OF)
    kept.keep("week", key, _answers(demo))
    [file] = tmp_path.glob("week-*.json")
    stored = json.loads(file.read_text())
    stored["answer"]["side"]["due_total"] = "four"  # not a number
    file.write_text(json.dumps(stored))
    assert kept.recall("week", key, WeekAnswers, kept_types()) is None
    file.write_bytes(b"\x00\xff not json")
    assert kept.recall("week", key, WeekAnswers, kept_types()) is None


def test_a_value_that_does_not_fit_its_type_is_refused() -> None:
    with pytest.raises(NotThatShape):
        from_plain(tuple[int, ...], to_plain(("a", "b")))
    assert from_plain(dict[int, date], to_plain({3: AS_OF})) == {3: AS_OF}
