"""Settings › Money: the workspace currency and what other currencies are worth in it.

One row per currency the open deals use (and any with a rate), each with its rate; *Add currency*
adds another. The core (`planning.money`) checks the values and owns the conversion.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.planning.money import check_rates, deal_currencies
from fieldvisit.settings import Rules
from fieldvisit.ui import style
from fieldvisit.ui.pages.base import button

INTRO = (
    "Deals keep and show their own currency. The strategic amount and priorities compare amounts "
    "converted into the workspace currency; a currency without a rate is compared as it stands."
)


def _code_edit(parent: QWidget, placeholder: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), edit))
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(90)
    return edit


class MoneyEditor(QWidget):
    """Edits `Rules.currency` and `Rules.currency_rates`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rates: dict[str, QDoubleSpinBox] = {}
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(style.SPACE_L)
        col.addWidget(style.label(INTRO, role="muted", wrap=True))
        head = QFormLayout()
        head.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.currency = _code_edit(self, "USD")
        self.currency.setAccessibleName("Workspace currency")
        self.currency.textEdited.connect(self._relabel)
        head.addRow("&Workspace currency", self.currency)
        col.addLayout(head)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        col.addLayout(self.form)
        self.none_note = style.label("", role="muted", wrap=True, parent=self)
        col.addWidget(self.none_note)
        add_row = QHBoxLayout()
        self.new_code = _code_edit(self, "GBP")
        self.new_code.setAccessibleName("Currency to add")
        self.new_code.returnPressed.connect(self.add_currency)
        self.add_button = button("A&dd currency", self)
        self.add_button.clicked.connect(self.add_currency)
        add_row.addWidget(self.new_code)
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        col.addLayout(add_row)
        col.addStretch(1)

    def show_values(self, currency: str, rates: dict[str, float], used: list[str]) -> None:
        """Show the stored currency and rates, with a row for each currency deals use."""
        self.currency.setText(currency)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.rates = {}
        for code in sorted({*(c.upper() for c in rates), *used} - {currency.upper()}):
            self._add_row(code, next((v for k, v in rates.items() if k.upper() == code), 0.0))
        self.none_note.setText(
            ""
            if self.rates
            else f"Every open deal is in {currency}; add a currency to give it a rate."
        )
        self.none_note.setVisible(not self.rates)

    def _add_row(self, code: str, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setDecimals(6)
        spin.setRange(0.0, 1_000_000.0)
        spin.setSpecialValueText("No rate")
        spin.setValue(value)
        spin.setAccessibleName(f"Rate of {code}")
        self.rates[code] = spin
        self.form.addRow(f"1 {code} =", spin)
        self.none_note.hide()
        self._relabel()
        return spin

    def _relabel(self) -> None:
        home = self.currency.text().upper() or "…"
        for spin in self.rates.values():
            spin.setSuffix(f" {home}")

    def add_currency(self) -> None:
        """Add a row for the currency typed beside the button, and put the cursor in it."""
        code = self.new_code.text().strip().upper()
        if len(code) != 3 or code == self.currency.text().upper():
            self.new_code.setFocus()
            return
        spin = self.rates.get(code) or self._add_row(code, 0.0)
        self.new_code.clear()
        spin.show()  # a row added to a shown form appears only on the next event loop pass
        spin.setFocus()
        spin.selectAll()

    def show_rules(self, rules: Rules, conn: Connection) -> None:
        """Show the workspace currency and rates, with a row for each currency deals use."""
        self.show_values(rules.currency, rules.currency_rates, deal_currencies(conn))

    def edited(self) -> dict[str, Any]:
        """Return the currency rules on screen."""
        currency, rates = self.values()
        return {"currency": currency, "currency_rates": rates}

    def values(self) -> tuple[str, dict[str, float]]:
        """Return the currency and the rates on screen (rows without a rate left out)."""
        rates = {code: spin.value() for code, spin in self.rates.items() if spin.value() > 0}
        return self.currency.text().strip().upper(), rates

    def problem(self) -> str | None:
        """Return why the values cannot be saved, in plain words, or None."""
        currency, rates = self.values()
        try:
            check_rates(currency, rates)
        except FieldVisitError as exc:
            return str(exc)
        return None
