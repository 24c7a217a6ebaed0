"""`fieldvisit briefing`: a printable PDF, one page per visit, body text at a reading size, on the
paper of the user's country; it refuses what it cannot brief and never overwrites unasked."""

from __future__ import annotations

import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldvisit.cli import main
from fieldvisit.paper import country_from_environment, country_of_locale, paper_for_country
from fieldvisit.store import open_workspace
from tests.cli_runs import fv_command, run_fv
from tests.pdf_facts import pdf_facts
from tests.ui.demo_files import AS_OF, small_demo_copy


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")


def _rows(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    ws = open_workspace(db)
    try:
        with ws.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        ws.close()


def a_planned_visit(db: Path) -> tuple[str, str]:
    """Return a planned visit's id and its account's name."""
    return _rows(  # type: ignore[return-value]
        db,
        "SELECT v.external_id, a.name FROM visit v JOIN account a ON a.id = v.account_id "
        "WHERE v.status = 'planned' AND v.deal_id IS NOT NULL ORDER BY v.start LIMIT 1",
    )[0]


def busiest_week(db: Path) -> tuple[str, date, list[str]]:
    """Return an executive with several planned visits in seven days from some day, that day,
    and the accounts of those visits in time order."""
    rows = _rows(
        db,
        "SELECT e.email, v.start, a.name FROM visit v JOIN account a ON a.id = v.account_id "
        "JOIN visit_executive ve ON ve.visit_id = v.id JOIN executive e ON e.id = ve.executive_id "
        "WHERE v.status = 'planned' ORDER BY v.start, v.id",
    )
    best: tuple[str, date, list[str]] = ("", AS_OF, [])
    for email, start, _name in rows:
        first = date.fromisoformat(str(start)[:10])
        last = first + timedelta(days=7)
        names = [
            n for e, s, n in rows if e == email and first <= date.fromisoformat(str(s)[:10]) < last
        ]
        if len(names) > len(best[2]):
            best = (email, first, names)
    assert len(best[2]) >= 2, "the small demo has an executive with two visits in a week"
    return best


def test_one_visit_is_one_readable_page_with_body_text_at_reading_size(
    demo: Path, tmp_path: Path
) -> None:
    visit_id, account = a_planned_visit(demo)
    out = tmp_path / "visit.pdf"
    done = run_fv(demo, "briefing", "--visit", visit_id, "-o", str(out), "--paper", "a4")
    assert done.returncode == 0, done.stderr
    assert f"Saved {out}: 1 page (A4" in done.stdout
    facts = pdf_facts(out)
    assert facts.pages == 1
    assert facts.paper() == "a4"
    assert 10 <= facts.body_pt <= 11, facts.sizes
    assert max(facts.sizes) > facts.body_pt + 3, "headings are larger than the body"
    page = facts.page_texts[0]
    for words in (account, "Who attends", "The deal", "Last visits", "Open next steps"):
        assert words in page
    assert [p.name for p in tmp_path.glob("*.pdf*")] == ["visit.pdf"], "no temporary file left"


def test_an_executives_week_is_one_page_per_visit_on_letter(demo: Path, tmp_path: Path) -> None:
    email, first, accounts = busiest_week(demo)
    out = tmp_path / "week.pdf"
    done = run_fv(
        demo,
        "briefing",
        "--exec",
        email,
        "--week",
        "--as-of",
        first.isoformat(),
        "-o",
        str(out),
        "--paper",
        "letter",
    )
    assert done.returncode == 0, done.stderr
    facts = pdf_facts(out)
    assert facts.pages == len(accounts)
    assert facts.paper() == "letter"
    assert 10 <= facts.body_pt <= 11
    for page, account in zip(facts.page_texts, accounts, strict=True):
        assert account in page, "each visit on its own page, in time order"


@pytest.mark.parametrize(("locale", "paper"), [("en_US.UTF-8", "letter"), ("de_DE.UTF-8", "a4")])
def test_the_paper_follows_the_locale(demo: Path, tmp_path: Path, locale: str, paper: str) -> None:
    visit_id, _account = a_planned_visit(demo)
    out = tmp_path / "visit.pdf"
    done = run_fv(
        demo,
        "briefing",
        "--visit",
        visit_id,
        "-o",
        str(out),
        env={"LC_ALL": "", "LC_PAPER": locale},
    )
    assert done.returncode == 0, done.stderr
    assert pdf_facts(out).paper() == paper


def test_it_runs_without_a_display(demo: Path, tmp_path: Path) -> None:
    visit_id, _account = a_planned_visit(demo)
    out = tmp_path / "visit.pdf"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    done = subprocess.run(
        fv_command(demo, "briefing", "--visit", visit_id, "-o", str(out)),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert pdf_facts(out).pages == 1


def test_an_existing_file_is_refused_unless_forced(demo: Path, tmp_path: Path) -> None:
    visit_id, _account = a_planned_visit(demo)
    out = tmp_path / "mine.pdf"
    out.write_bytes(b"someone's own notes")
    assert main(["--db", str(demo), "briefing", "--visit", visit_id, "-o", str(out)]) == 1
    assert out.read_bytes() == b"someone's own notes"
    done = run_fv(demo, "briefing", "--visit", visit_id, "-o", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert pdf_facts(out).pages == 1


def test_what_cannot_be_briefed_is_one_line_and_no_file(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "none.pdf"
    email, _first, _accounts = busiest_week(demo)
    cases = [
        (["--visit", "V-NOPE"], "No visit 'V-NOPE' in this workspace."),
        (["--week", "--as-of", "2031-01-06"], "No visits are planned from Mon 6 Jan"),
        (["--exec", email, "--week", "--as-of", "2031-01-06"], "nothing to brief"),
        (["--exec", "nobody@example.com", "--week"], "No executive 'nobody@example.com'"),
        (["--exec", email, "--visit", "V-NOPE"], "--exec EMAIL goes with --week"),
    ]
    for args, words in cases:
        assert main(["--db", str(demo), "briefing", *args, "-o", str(out)]) == 1, args
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, (args, err)
        assert not out.exists()


def test_the_paper_rule() -> None:
    assert [paper_for_country(c) for c in ("US", "ca", "MX", "PH")] == ["letter"] * 4
    assert [paper_for_country(c) for c in ("DE", "GB", "JP", None)] == ["a4"] * 4
    assert country_of_locale("en_US.UTF-8") == "US"
    assert country_of_locale("de_AT@euro") == "AT"
    assert country_of_locale("C.UTF-8") is None
    env = {"LC_ALL": "fr_CA.UTF-8", "LC_PAPER": "de_DE.UTF-8", "LANG": "en_GB.UTF-8"}
    assert country_from_environment(env) == "CA", "LC_ALL overrides the rest"
    assert country_from_environment({"LC_PAPER": "en_PH.UTF-8", "LANG": "en_GB"}) == "PH"
    assert country_from_environment({}) is None
