"""Who a change is recorded as made by: --as, FIELDVISIT_USER, the saved name, else the login."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.store import open_workspace
from fieldvisit.store.identity import (
    PersonRefused,
    default_person,
    login_name,
    person_is_set,
    save_person,
    saved_person,
)


def test_the_login_name_until_a_name_is_saved_then_the_saved_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FIELDVISIT_USER", raising=False)
    assert default_person() == login_name()
    assert not person_is_set()
    save_person("  Dana   Scully ")
    assert saved_person() == "Dana Scully"
    assert default_person() == "Dana Scully"
    monkeypatch.setenv("FIELDVISIT_USER", "priya@example.com")
    assert default_person() == "priya@example.com"


def test_an_empty_or_long_name_is_refused() -> None:
    with pytest.raises(PersonRefused, match="empty"):
        save_person("   ")
    with pytest.raises(PersonRefused, match="at most 120"):
        save_person("x" * 121)
    assert saved_person() is None


def _last_change(path: Path) -> tuple[str, str, str]:
    ws = open_workspace(path)
    try:
        with ws.connect() as conn:
            row = conn.execute(
                text("SELECT person, action, fields FROM change_log ORDER BY id DESC LIMIT 1")
            ).one()
    finally:
        ws.close()
    return (str(row[0]), str(row[1]), str(row[2]))


def _a_planned_visit(path: Path) -> str:
    ws = open_workspace(path)
    try:
        with ws.connect() as conn:
            return str(
                conn.execute(
                    text(
                        "SELECT external_id FROM visit WHERE status = 'planned' "
                        "ORDER BY external_id LIMIT 1"
                    )
                ).scalar_one()
            )
    finally:
        ws.close()


def test_the_command_line_records_the_person_given_with_as(
    small_demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Recorded first, so what --as puts in the environment is undone after the test.
    monkeypatch.setenv("FIELDVISIT_USER", "")
    visit = _a_planned_visit(small_demo)
    argv = ["--db", str(small_demo), "--as", "priya@example.com"]
    assert main([*argv, "visit-status", "--visit", visit, "--status", "done"]) == 0
    assert _last_change(small_demo) == ("priya@example.com", "done", "status")
    monkeypatch.setenv("FIELDVISIT_USER", "Dana")
    assert (
        main(["--db", str(small_demo), "visit-status", "--visit", visit, "--status", "cancelled"])
        == 0
    )
    assert _last_change(small_demo) == ("Dana", "cancelled", "status")
    capsys.readouterr()
