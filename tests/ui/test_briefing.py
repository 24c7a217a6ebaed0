"""The briefing pack: a one-page PDF per visit, written whole, with what to know before walking in."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from fieldvisit.ui.briefing import briefing_document, briefing_html, save_briefing_pdf
from fieldvisit.ui.briefing_data import briefing_for
from fieldvisit.ui.context import AppContext
from tests.ui.demo_files import app_context, small_demo_copy


@pytest.fixture
def ctx(
    qapp: QApplication, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppContext]:
    path = small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")
    with app_context(path) as context:
        yield context  # type: ignore[misc]


def planned_visit(ctx: AppContext) -> tuple[int, str]:
    """Return a planned visit on an account that has earlier debriefs, and the account's name."""
    with ctx.workspace.connect() as conn:
        return conn.execute(
            text(
                "SELECT v.id, a.name FROM visit v JOIN account a ON a.id = v.account_id "
                "WHERE v.status = 'planned' AND v.deal_id IS NOT NULL AND EXISTS (SELECT 1 FROM "
                "visit p JOIN debrief d ON d.visit_id = p.id WHERE p.account_id = v.account_id) "
                "ORDER BY v.start LIMIT 1"
            )
        ).one()  # type: ignore[return-value]


def test_the_briefing_pdf_is_a_real_one_page_pdf_about_the_account(
    ctx: AppContext, tmp_path: Path
) -> None:
    visit, account = planned_visit(ctx)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "briefing.pdf"
    assert save_briefing_pdf(ctx, visit, target) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 5_000
    assert data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1
    assert list(out.iterdir()) == [target]  # no temporary file left beside it
    if shutil.which("pdftotext"):
        words = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert account in words
    doc = briefing_document(ctx, visit)
    assert account in doc.toPlainText()


def test_the_briefing_holds_the_deal_people_met_and_earlier_debriefs(ctx: AppContext) -> None:
    visit, account = planned_visit(ctx)
    with ctx.workspace.connect() as conn:
        brief = briefing_for(conn, visit, ctx.as_of, ctx.rules())
    html = briefing_html(brief, ctx.as_of)
    assert brief.header.account_name == account
    assert brief.deal is not None and brief.deal.deal_name in html
    for heading in ("The deal", "People we met before", "Open next steps", "Previous debriefs"):
        assert f">{heading}<" in html
    assert brief.previous, "the account has debriefs from earlier visits"
    assert brief.previous[0][0].start < brief.header.start
    if brief.deal.signals:
        assert brief.deal.signals[0].detail in html


def test_a_failed_save_leaves_an_existing_pdf_alone(ctx: AppContext, tmp_path: Path) -> None:
    visit, _account = planned_visit(ctx)
    target = tmp_path / "briefing.pdf"
    target.write_bytes(b"%PDF-1.4 the old one")
    folder = tmp_path / "missing-folder" / "briefing.pdf"
    with pytest.raises(Exception, match="cannot be written"):
        save_briefing_pdf(ctx, visit, folder)
    assert target.read_bytes() == b"%PDF-1.4 the old one"
