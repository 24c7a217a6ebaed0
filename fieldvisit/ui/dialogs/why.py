"""Why? — a suggestion in plain sentences (what is wrong, who should go and why, when), with the
numbers behind it (each signal's weight and points, each executive's points) under Details."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from fieldvisit.planning.explain import deal_sentence, explain
from fieldvisit.signal_table import signal_label
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.focus_return import return_focus

if TYPE_CHECKING:
    from fieldvisit.planning import DealSignals, ExecChoice, Suggestion

LIMIT_SOURCES = {
    "setting": "set in Settings",
    "history": "learned from how long past deals stayed in this stage",
    "default": "the default, as there is not enough history yet",
}
FACTOR_NAMES = {
    "continuity": "Has met them",
    "seniority": "Seniority",
    "proximity": "Nearby",
    "capacity": "Has time",
}


def _points(value: float) -> str:
    return style.number(value, 1)


def _exec_name(choice: ExecChoice) -> str:
    return f"{choice.name} ({choice.title})" if choice.title else choice.name


def signals_html(deal: DealSignals) -> str:
    """Return the signal table: what we see, its weight, and the points it adds."""
    points = dict(deal.score_breakdown)
    rows = []
    for sig in sorted(deal.signals, key=lambda s: -points.get(s.code, 0.0)):
        tone = style.tone("amber" if sig.stalls else "muted").name()
        kind = "stall" if sig.stalls else "risk"
        rows.append(
            f"<tr><td><span style='color:{tone}'>●</span> <b>{escape(signal_label(sig.code))}</b>"
            f"<br><span style='color:{style.muted_colour().name()}'>{kind}</span></td>"
            f"<td>{escape(sig.detail)}</td><td align='right'>{_points(sig.weight)}</td>"
            f"<td align='right'>{_points(points.get(sig.code, 0.0))}</td></tr>"
        )
    if not rows:
        rows.append("<tr><td colspan='4'>Nothing stands out on this deal right now.</td></tr>")
    total_weight = sum(s.weight for s in deal.signals)
    size = (
        f"The weights add up to {_points(total_weight)}; a deal of "
        f"{style.money(deal.amount, deal.currency)} counts {style.number(deal.size_factor, 2)}× "
        f"as much, so its priority is <b>{_points(deal.score)}</b>."
    )
    limit = ""
    if deal.days_in_stage is not None:
        limit = (
            f"<p>In {escape(deal.stage)} for {style.plural(deal.days_in_stage, 'day')}; the limit "
            f"for this stage is {style.plural(round(deal.stage_limit), 'day')}, "
            f"{LIMIT_SOURCES.get(deal.stage_limit_source, deal.stage_limit_source)}.</p>"
        )
    return (
        "<h3>What we see</h3>"
        "<table width='100%' cellspacing='0' cellpadding='6'>"
        "<tr><th align='left'>Signal</th><th align='left'>In plain words</th>"
        "<th align='right'>Weight</th><th align='right'>Points</th></tr>"
        + "".join(rows)
        + f"</table><p>{size}</p>{limit}"
    )


def choice_html(suggestion: Suggestion) -> str:
    """Return who should go (points per reason), the alternatives, with whom and when."""
    best = suggestion.executive
    factors = "".join(
        f"<tr><td>{escape(FACTOR_NAMES.get(f.code, f.code))}</td><td>{escape(f.reason)}</td>"
        f"<td align='right'>{_points(f.points)}</td></tr>"
        for f in best.factors
    )
    alternatives = "".join(
        f"<tr><td>{escape(_exec_name(alt))}</td>"
        f"<td>{escape(', '.join(alt.reasons) or 'no particular reason')}</td>"
        f"<td align='right'>{_points(alt.score)}</td></tr>"
        for alt in suggestion.alternatives
    )
    rep = (
        f"<p><b>With:</b> {escape(suggestion.rep_name)}, who owns the deal.</p>"
        if suggestion.rep_name
        else ""
    )
    window = (
        f"<p><b>When:</b> {style.day(suggestion.window_start)} – "
        f"{style.day(suggestion.window_end)}. {escape(suggestion.window_reason)}</p>"
    )
    alt_block = (
        "<h3>Also possible</h3><table width='100%' cellspacing='0' cellpadding='6'>"
        "<tr><th align='left'>Executive</th><th align='left'>Reasons</th>"
        f"<th align='right'>Points</th></tr>{alternatives}</table>"
        if alternatives
        else ""
    )
    return (
        f"<h3>Who should go: {escape(_exec_name(best))} — {_points(best.score)} points</h3>"
        "<table width='100%' cellspacing='0' cellpadding='6'>"
        "<tr><th align='left'>Reason</th><th align='left'>Detail</th>"
        f"<th align='right'>Points</th></tr>{factors}</table>"
        f"{rep}{window}{alt_block}"
    )


def words_html(deal: DealSignals, suggestion: Suggestion | None, as_of: date) -> str:
    """Return the plain sentences: what is wrong with the deal, then who, with whom and when."""
    if suggestion is None:
        return f"<h3>What is wrong</h3><p>{escape(deal_sentence(deal, as_of))}</p>"
    said = explain(suggestion, as_of)
    who = f"<h3>Who should go: {escape(_exec_name(suggestion.executive))}</h3>"
    rest = "".join(f"<p>{escape(p)}</p>" for p in (said.who, said.rep, said.when, said.others) if p)
    return f"<h3>What is wrong</h3><p>{escape(said.deal)}</p>{who}{rest}"


def _as_of_of(parent: QWidget | None) -> date:
    ctx = getattr(parent, "ctx", None)
    return ctx.as_of if isinstance(ctx, AppContext) else date.today()


class WhyDialog(QDialog):
    """Shows the reasons behind a suggestion (or a deal's signals), the numbers under Details."""

    def __init__(
        self,
        deal: DealSignals,
        suggestion: Suggestion | None = None,
        parent: QWidget | None = None,
        as_of: date | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Why {deal.account_name}?")
        self.setAccessibleName(self.windowTitle())
        self.resize(760, 640)
        as_of = as_of or _as_of_of(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        muted = style.muted_colour().name()
        sheet = (
            f"th {{ color: {muted}; border-bottom: 1px solid {muted}; }} h3 {{ margin-top: 14px; }}"
        )
        head = (
            f"<h2>{escape(deal.account_name)}</h2><p style='color:{muted}'>"
            f"{escape(deal.deal_name)} — {escape(deal.stage)} · "
            f"{style.money(deal.amount, deal.currency)} · owner {escape(deal.owner_rep_name)}</p>"
        )
        self.text = self._browser("Reasons", sheet)
        self.text.setHtml(head + words_html(deal, suggestion, as_of))
        col.addWidget(self.text, 2)
        self.details = self._browser("Details: weights and points", sheet)
        self.details.setHtml(signals_html(deal) + (choice_html(suggestion) if suggestion else ""))
        self.details.setVisible(False)
        col.addWidget(self.details, 3)
        row = QHBoxLayout()
        self.details_button = QPushButton("&Details", self)
        self.details_button.setCheckable(True)
        self.details_button.setToolTip("Show the weights and points behind these reasons")
        self.details_button.toggled.connect(self._show_details)
        row.addWidget(self.details_button)
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        col.addLayout(row)

    def _browser(self, name: str, sheet: str) -> QTextBrowser:
        browser = QTextBrowser(self)
        browser.setOpenLinks(False)
        browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        browser.setAccessibleName(name)
        browser.document().setDefaultStyleSheet(sheet)
        return browser

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("Hide &details" if shown else "&Details")

    @classmethod
    def show_for(
        cls,
        deal: DealSignals,
        suggestion: Suggestion | None = None,
        parent: QWidget | None = None,
        as_of: date | None = None,
    ) -> WhyDialog:
        """Open the dialog window-modal (without blocking) and return it."""
        dialog = cls(deal, suggestion, parent, as_of)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return_focus(dialog).open()
        return dialog
