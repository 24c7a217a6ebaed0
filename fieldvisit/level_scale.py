"""A scale of levels, most senior first: how each level reads, where it sorts, and that order in SQL.

Executives' levels (`executive_levels.py`) and customers' seniority (`seniority.py`) are two
scales under one rule, kept here: a level not on the scale (or none) reads as the caller's
`unknown` and sorts after every level on it, in Python and in SQL alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LevelScale:
    """Levels most senior first, and how each reads on screen and in a briefing."""

    levels: tuple[str, ...]
    words: Mapping[str, str]
    # 0 for the most senior; no level (or one not listed) sorts at `unknown`, after them all.
    ranks: Mapping[str, int] = field(init=False)
    unknown: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ranks", {level: n for n, level in enumerate(self.levels)})
        object.__setattr__(self, "unknown", len(self.levels))

    def word(self, level: str | None, unknown: str = "") -> str:
        """Return the words for a level ("C" → "C-level"); `unknown` for none or one not listed."""
        return self.words.get(level or "", unknown)

    def order(self, level: str | None) -> int:
        """Return where a level sorts, most senior first (none or unknown last)."""
        return self.ranks.get(level or "", self.unknown)

    def order_sql(self, column: str) -> str:
        """Return an SQL expression sorting `column` most senior first (none or unknown last)."""
        whens = " ".join(f"WHEN '{level}' THEN {n}" for level, n in self.ranks.items())
        return f"CASE {column} {whens} ELSE {self.unknown} END"
