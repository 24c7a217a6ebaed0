"""The one list of customer seniority levels: their order, their words, and that order in SQL.

A contact's `seniority` is one of SENIORITIES (the importer refuses anything else); every list
of people sorted "most senior first" and every place that shows the level reads it from here.
"""

from __future__ import annotations

from fieldvisit.level_scale import LevelScale

# Most senior first.
SENIORITIES = ("C", "VP", "Director", "Manager", "Staff")
# How a level reads on screen and in a briefing.
SENIORITY_WORDS = {"C": "C-level", "VP": "VP", "Director": "Director", "Manager": "Manager",
                   "Staff": "Staff"}  # fmt: skip
SENIORITY_SCALE = LevelScale(SENIORITIES, SENIORITY_WORDS)
# 0 for the most senior; unknown or missing levels sort after every known one.
SENIORITY_RANK = SENIORITY_SCALE.ranks


def seniority_word(level: str | None, unknown: str = "") -> str:
    """Return the words for a level ("C" → "C-level"); `unknown` for none or one not listed."""
    return SENIORITY_SCALE.word(level, unknown)


def seniority_rank(level: str | None) -> int:
    """Return where a level sorts, most senior first (unknown last)."""
    return SENIORITY_SCALE.order(level)


def seniority_order_sql(column: str = "seniority") -> str:
    """Return an SQL expression sorting `column` most senior first (unknown last)."""
    return SENIORITY_SCALE.order_sql(column)
