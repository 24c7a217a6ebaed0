"""The briefing pack: one printable page per visit, saved as a PDF for the plane.

The page is HTML laid out by QTextDocument and printed through QPdfWriter into a QSaveFile, so
the PDF on disk is either the old one or the complete new one, never half-written.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSaveFile, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from fieldvisit.debriefs import visit_header
from fieldvisit.errors import FieldVisitError
from fieldvisit.ui import style
from fieldvisit.ui.briefing_data import Briefing, briefing_for
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.debrief_text import SENTIMENT_SENTENCE, paragraphs
from fieldvisit.ui.plain_text import as_text
from fieldvisit.ui.workspaces import describe

MODE_WORDS = {"in_person": "In person", "video": "Video call", "phone": "Phone call"}
CSS = """
body { font-size: 10pt; color: #1d2330; }
h1 { font-size: 18pt; margin: 0 0 2px 0; }
h2 { font-size: 12.5pt; margin: 14px 0 4px 0; border-bottom: 1px solid #d9dde4; }
h3 { font-size: 10.5pt; margin: 8px 0 2px 0; }
.muted { color: #5d6575; }
.risk { color: #b26b00; }
td, th { padding: 2px 10px 2px 0; vertical-align: top; }
th { color: #5d6575; text-align: left; font-weight: 600; }
"""


def _table(head: list[str], rows: list[list[str]]) -> str:
    top = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table cellspacing=0>{'<tr>' + top + '</tr>'}{body}</table>"


def _when(b: Briefing) -> str:
    h = b.header
    text = style.time_in_zones(
        h.start,
        h.account_tz,
        b.exec_tz,
        place=h.account_city or None,
        with_day=True,
    )
    if b.end is not None:
        minutes = int((b.end - h.start).total_seconds() // 60)
        text += f", {style.plural(minutes, 'minute')}"
    return text


def _due(due: date | None, as_of: date) -> str:
    if due is None:
        return "no date"
    return style.short_day(due, as_of) + (" (overdue)" if due < as_of else "")


def briefing_html(b: Briefing, as_of: date) -> str:
    """Return the briefing page as HTML (everything typed is escaped)."""
    h = b.header
    parts = [f"<h1>{escape(h.account_name)}</h1>"]
    facts = [_when(b), MODE_WORDS.get(b.mode, b.mode)]
    if b.location:
        facts.append(b.location)
    parts.append(f"<p class=muted>{escape(' · '.join(facts))}</p>")
    who = ", ".join(h.executives) or "No executive yet"
    if h.reps:
        who += f", with {', '.join(h.reps)}"
    parts.append(f"<p><b>Going:</b> {escape(who)}</p>")
    planned = [c for c in h.contacts if c.contact_id in set(h.planned_contact_ids)]
    if planned:
        names = ", ".join(f"{c.name} ({c.title})" if c.title else c.name for c in planned)
        parts.append(f"<p><b>Meeting:</b> {escape(names)}</p>")
    if b.objective:
        parts.append(f"<p><b>Our objective:</b> {escape(b.objective)}</p>")
    if b.agenda:
        parts.append(f"<p><b>Agenda shared with the customer:</b> {escape(b.agenda)}</p>")
    account = [x for x in (b.account_industry, h.account_city) if x]
    if b.account_tier == "strategic":
        account.append("strategic account")
    if account:
        parts.append(f"<p class=muted>{escape(' · '.join(account))}</p>")

    parts.append("<h2>The deal</h2>")
    if b.deal is None:
        parts.append("<p>No deal is linked to this visit.</p>")
    else:
        d = b.deal
        line = [d.deal_name, d.stage, style.money(d.amount, d.currency)]
        if d.days_in_stage is not None:
            line.append(f"{style.plural(d.days_in_stage, 'day')} in {d.stage}")
        if d.close_date:
            line.append(f"closes {style.short_day(d.close_date, as_of)}")
        parts.append(f"<p><b>{escape(' · '.join(line))}</b></p>")
        parts.append(f"<p class=muted>Owner: {escape(d.owner_rep_name)}</p>")
        if d.signals:
            parts.append("<h3>Why it needs attention</h3><ul>")
            parts += [f"<li class=risk>{escape(s.detail)}</li>" for s in d.signals]
            parts.append("</ul>")
        else:
            parts.append("<p>No stall signals: the deal is moving.</p>")
    if b.stage_history:
        steps = " → ".join(
            f"{stage} ({style.short_day(day, as_of)})" for stage, day in b.stage_history
        )
        parts.append(f"<h3>Stage history</h3><p>{escape(steps)}</p>")
    if b.close_moves:
        moves = [
            f"{style.short_day(old, as_of)} → {style.short_day(new, as_of)} "
            f"(on {style.short_day(on, as_of)})"
            for old, new, on in b.close_moves
        ]
        parts.append(f"<h3>Close date moves</h3><p>{escape('; '.join(moves))}</p>")

    parts.append("<h2>People we met before</h2>")
    if b.met_before:
        rows = [
            [
                m.name,
                m.title or "—",
                style.short_day(m.last_met, as_of),
                style.plural(m.times, "visit"),
            ]
            for m in b.met_before
        ]
        parts.append(_table(["Name", "Title", "Last met", "Visits"], rows))
    else:
        parts.append("<p>No executive has met anyone here yet: this is a first meeting.</p>")

    parts.append("<h2>Open next steps</h2>")
    if b.open_steps:
        rows = [
            [
                step.text,
                step.owner or "—",
                _due(step.due_on, as_of),
                style.short_day(agreed, as_of),
            ]
            for step, agreed in b.open_steps
        ]
        parts.append(_table(["Next step", "Owner", "Due", "Agreed on"], rows))
    else:
        parts.append("<p>None open.</p>")

    parts.append("<h2>Previous debriefs</h2>")
    if not b.previous:
        parts.append("<p>No debriefs from earlier visits.</p>")
    for header, data in b.previous:
        when = style.day(style.local_day(header.start, header.account_tz), with_year=True)
        execs = ", ".join(header.executives)
        parts.append(f"<h3>{escape(when)}{' · ' + escape(execs) if execs else ''}</h3>")
        lead = data.summary.strip()
        if data.sentiment in SENTIMENT_SENTENCE:
            lead = f"{lead} {SENTIMENT_SENTENCE[data.sentiment]}".strip()
        if lead:
            parts.append(f"<p><b>{escape(lead)}</b></p>")
        if data.learned.strip():
            parts.append(paragraphs(data.learned))
        if data.challenges.strip():
            parts.append(f"<p class=muted>Their challenges: {escape(data.challenges.strip())}</p>")
    return f"<html><head><style>{CSS}</style></head><body>{''.join(parts)}</body></html>"


def briefing_document(ctx: AppContext, visit_pk: int) -> QTextDocument:
    """Return the laid-out briefing of a visit."""
    with ctx.workspace.connect() as conn:
        brief = briefing_for(conn, visit_pk, ctx.as_of, ctx.rules())
    doc = QTextDocument()
    doc.setDefaultFont(style.font(10))
    doc.setHtml(briefing_html(brief, ctx.as_of))
    doc.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, f"Briefing: {brief.header.account_name}"
    )
    return doc


def save_briefing_pdf(ctx: AppContext, visit_pk: int, path: Path | str) -> Path:
    """Write the visit's briefing to `path` as a PDF (atomically) and return the path."""
    path = Path(path)
    doc = briefing_document(ctx, visit_pk)
    out = QSaveFile(str(path))
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly):
        raise FieldVisitError(f"{path} cannot be written: {out.errorString()}")
    writer = QPdfWriter(out)
    writer.setTitle(doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator("Field Visit")
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout.Unit.Millimeter)
    layout = writer.pageLayout()
    rect = layout.paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    del writer  # finishes the PDF before the file is committed
    if not out.commit():
        raise FieldVisitError(f"{path} could not be saved: {out.errorString()}")
    return path


def save_briefing_dialog(
    ctx: AppContext, visit_pk: int, parent: QWidget | None = None
) -> Path | None:
    """Ask where to save a visit's briefing, save it, and return the path (None if cancelled)."""
    with ctx.workspace.connect() as conn:
        header = visit_header(conn, visit_pk)
    day = style.local_day(header.start, header.account_tz).isoformat()
    suggested = f"Briefing {header.account_name} {day}.pdf".replace("/", "-")
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Save briefing", suggested, "PDF (*.pdf)")
    if not chosen:
        return None
    try:
        return save_briefing_pdf(ctx, visit_pk, chosen)
    except FieldVisitError as exc:
        QMessageBox.warning(parent, "Briefing not saved", as_text(describe(exc)))
        return None
