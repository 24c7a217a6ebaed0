"""Why? — the full breakdown behind a suggestion: each signal with its weight and points, who
should go and why (with the alternatives), and when."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from fieldvisit.ui import style
from fieldvisit.ui.widgets.chips import signal_label

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


class WhyDialog(QDialog):
    """Shows the reasons behind a suggestion (or a deal's signals) in full."""

    def __init__(
        self,
        deal: DealSignals,
        suggestion: Suggestion | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Why {deal.account_name}?")
        self.setAccessibleName(self.windowTitle())
        self.resize(760, 640)
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_XL, style.SPACE_L, style.SPACE_XL, style.SPACE_L)
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.text.setAccessibleName("Reasons")
        muted = style.muted_colour().name()
        head = (
            f"<h2>{escape(deal.account_name)}</h2><p style='color:{muted}'>"
            f"{escape(deal.deal_name)} — {escape(deal.stage)} · "
            f"{style.money(deal.amount, deal.currency)} · owner {escape(deal.owner_rep_name)}</p>"
        )
        body = signals_html(deal) + (choice_html(suggestion) if suggestion else "")
        self.text.document().setDefaultStyleSheet(
            f"th {{ color: {muted}; border-bottom: 1px solid {muted}; }} h3 {{ margin-top: 14px; }}"
        )
        self.text.setHtml(head + body)
        col.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        col.addLayout(row)

    @classmethod
    def show_for(
        cls, deal: DealSignals, suggestion: Suggestion | None = None, parent: QWidget | None = None
    ) -> WhyDialog:
        """Open the dialog window-modal (without blocking) and return it."""
        dialog = cls(deal, suggestion, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
