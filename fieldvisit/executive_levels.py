"""The one list of executive levels: their order, their words, their rank, and that order in SQL.

An executive's `level` is one of EXECUTIVE_LEVELS (C, SVP, VP; the store and the importers refuse
anything else). Planning's choice of executive, the briefing pack, the CRM import wizard, Settings
and every list of executives "most senior first" read it from here (as `seniority.py` does for
customers' levels).
"""

from __future__ import annotations

from fieldvisit.level_scale import LevelScale

# Most senior first.
EXECUTIVE_LEVELS = ("C", "SVP", "VP")
# How a level reads on screen and in a briefing.
LEVEL_WORDS = {"C": "C-level", "SVP": "SVP", "VP": "VP"}
NOT_AN_EXECUTIVE = "Not an executive"
EXECUTIVE_SCALE = LevelScale(EXECUTIVE_LEVELS, LEVEL_WORDS)
# How senior, the higher the more (C 3, SVP 2, VP 1): planning matches it to the customer's level.
EXEC_RANK = {level: len(EXECUTIVE_LEVELS) - n for n, level in enumerate(EXECUTIVE_LEVELS)}


def level_word(level: str | None, unknown: str = "") -> str:
    """Return the words for a level ("C" → "C-level"); `unknown` for none or one not listed."""
    return EXECUTIVE_SCALE.word(level, unknown)


def level_order(level: str | None) -> int:
    """Return where a level sorts, most senior first (none or unknown last)."""
    return EXECUTIVE_SCALE.order(level)


def level_order_sql(column: str = "level") -> str:
    """Return an SQL expression sorting `column` most senior first (none or unknown last)."""
    return EXECUTIVE_SCALE.order_sql(column)
