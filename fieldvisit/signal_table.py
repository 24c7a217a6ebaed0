"""The one table of deal signals: code, stall or risk, label, short label, default weight.

Planning (`planning.signals` holds each code's rule), the chips, the Why? dialog, the Settings
page's weights and the tests read it; nothing else lists signal codes or their words. Adding a
signal is a row here and its rule in `planning.signals.RULES` (see docs/architecture.md).
Codes are stored (settings' `signal_weights`, outcomes): never rename one without a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class SignalKind:
    """One signal as the product names it."""

    code: str  # stored and in JSON output; never shown
    kind: Literal["stall", "risk"]  # a stall makes a deal a candidate; a risk adds priority
    label: str  # chips, Why?, Settings
    short: str  # the deals table, where space is tight
    weight: float  # default priority weight (Settings › Signals overrides it)

    @property
    def stalls(self) -> bool:
        return self.kind == "stall"


# In display order: the stall signals first, in the order of the rules.
SIGNALS: tuple[SignalKind, ...] = (
    SignalKind("stage_age", "stall", "Stuck in stage", "Stuck", 3.0),
    SignalKind("idle", "stall", "No recent activity", "Quiet", 2.0),
    SignalKind("close_slipped", "stall", "Close date slipped", "Slipped", 2.0),
    SignalKind("single_threaded", "risk", "One contact only", "One contact", 1.0),
    SignalKind("no_decision_maker", "risk", "No decision maker", "No decider", 1.5),
    SignalKind("no_exec_touch", "risk", "No executive visit", "No exec visit", 1.0),
)


def signal_kind(code: str) -> SignalKind | None:
    """Return the table's row for a code, None for a code it does not hold."""
    return next((s for s in SIGNALS if s.code == code), None)


def codes(kind: Literal["stall", "risk"] | None = None) -> tuple[str, ...]:
    """Return the signal codes in display order (only stalls or risks when `kind` says so)."""
    return tuple(s.code for s in SIGNALS if kind is None or s.kind == kind)


def is_stall(code: str) -> bool:
    """Return whether a code is a stall signal."""
    found = signal_kind(code)
    return found is not None and found.stalls


def signal_label(code: str, short: bool = False) -> str:
    """Return the words shown for a signal code (the code itself never reaches the screen)."""
    found = signal_kind(code)
    if found is None:
        return code.replace("_", " ").capitalize()
    return found.short if short else found.label


def signal_words() -> dict[str, str]:
    """Return each code's label, in display order (Settings' weight rows)."""
    return {s.code: s.label for s in SIGNALS}


def signal_rank(code: str) -> int:
    """Return where a signal goes in a row of chips: stalls first, in the order of the rules."""
    order = codes()
    return order.index(code) if code in order else len(order)


def default_weights() -> dict[str, float]:
    """Return each signal's default priority weight."""
    return {s.code: s.weight for s in SIGNALS}
