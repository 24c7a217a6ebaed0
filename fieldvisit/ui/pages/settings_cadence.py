"""Settings → Visit cadence: how often each account tier should see an executive.

One spin box per account tier; 0 reads "No cadence" and leaves the tier out of
`Rules.cadence_days` (the core's `planning.cadence.check_cadence` cleans the value). The Settings
page saves it with the other rules.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QSpinBox, QWidget
from sqlalchemy.engine import Connection

from fieldvisit.planning.cadence import CADENCE_MAX_DAYS, check_cadence
from fieldvisit.settings import Rules
from fieldvisit.store.models import TIERS
from fieldvisit.ui.pages.settings_forms import section_layout

INTRO = (
    "How often an executive should visit each account tier. Coverage lists the accounts due "
    "for a visit: the last executive visit plus these days, or now when no executive has met "
    "them yet."
)


class CadenceSection(QWidget):
    """Days between executive visits, per account tier."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        col, form = section_layout(self, INTRO)
        self.days: dict[str, QSpinBox] = {}
        for tier in TIERS:
            spin = QSpinBox(self)
            spin.setRange(0, CADENCE_MAX_DAYS)
            spin.setSuffix(" days")
            spin.setSpecialValueText("No cadence")
            spin.setAccessibleName(f"Executive visit cadence for {tier} accounts")
            self.days[tier] = spin
            form.addRow(f"{tier.capitalize()} accounts, every", spin)
        col.addStretch(1)

    def show_rules(self, rules: Rules, _conn: Connection | None = None) -> None:
        """Show the stored cadence (a tier without an entry shows "No cadence")."""
        for tier, spin in self.days.items():
            spin.setValue(int(rules.cadence_days.get(tier, 0)))

    def edited(self) -> dict[str, Any]:
        """Return the cadence on screen as the rule it sets."""
        return {"cadence_days": check_cadence({t: s.value() for t, s in self.days.items()})}

    def problem(self) -> str | None:
        """Return None: every value the boxes allow is a cadence."""
        return None


__all__ = ["CadenceSection"]
