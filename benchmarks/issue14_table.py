"""Issue 14's table from measured figures: each row on the small, medium and large demos, how it
grows (the exponent), its ratio to the baseline measured in the same run, its aim and whether the
large demo meets it. Pure Python (no Qt, no workspace), so a test can feed it made-up figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

SIZES = ("small", "medium", "large")


@dataclass(frozen=True)
class Aim:
    """A row's aim: below `limit` (or at most, with `inclusive`), on the value or on the ratio."""

    limit: float
    unit: str  # "s", "MiB" or "×"
    on_ratio: bool = False
    inclusive: bool = False
    size: str = "large"  # the demo the aim is judged on

    def words(self) -> str:
        sign = "≤" if self.inclusive else "<"
        unit = "×" if self.on_ratio else f" {self.unit}"
        return f"{sign} {self.limit:g}{unit}" + ("" if self.size == "large" else f" ({self.size})")

    def met_by(self, figure: float) -> bool:
        return figure <= self.limit if self.inclusive else figure < self.limit


@dataclass(frozen=True)
class Measured:
    """One row on one demo: its figure and the baseline's, taken in the same run (same unit)."""

    value: float
    baseline: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline


@dataclass
class Row:
    """A row of the table: what is measured, against which baseline, its aim and its figures."""

    what: str
    unit: str
    baseline: str
    aim: Aim
    figures: dict[str, Measured] = field(default_factory=dict)
    note: str = ""  # why a row or a size was not measured

    def exponent(self, sizes: dict[str, int]) -> float | None:
        """Return how the row grows with the workspace size (see `fit_exponent`)."""
        names = [s for s in SIZES if s in self.figures and s in sizes]
        return fit_exponent([sizes[s] for s in names], [self.figures[s].value for s in names])

    def met(self) -> bool | None:
        """Return whether the aim's demo meets the aim; None when it was not measured."""
        got = self.figures.get(self.aim.size)
        if got is None:
            return None
        figure = got.ratio if self.aim.on_ratio else got.value
        return None if figure is None else self.aim.met_by(figure)


def fit_exponent(sizes: list[int], values: list[float]) -> float | None:
    """Return the slope of log(value) over log(size), least squares over every point.

    1.0 grows in proportion to the data, 0 not at all; None with fewer than two distinct sizes
    or a value that is not positive (no logarithm).
    """
    if any(n <= 0 for n in sizes) or any(v <= 0 for v in values):
        return None
    points = [(math.log(n), math.log(v)) for n, v in zip(sizes, values, strict=True)]
    xs = [x for x, _ in points]
    if len(set(xs)) < 2:
        return None
    mean_x = sum(xs) / len(xs)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def _figure(value: float, unit: str) -> str:
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def table(rows: list[Row], sizes: dict[str, int]) -> list[str]:
    """Return the table as Markdown lines: what | small | medium | large | exponent | ratio | aim | met?

    The ratio is the aim's demo's figure over its baseline (else the largest demo measured);
    `sizes` gives each demo's open deals (the size the exponent is fitted over).
    """
    lines = [
        "| what | small | medium | large | exponent | ratio to baseline | aim | met? |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        cells = [
            _figure(row.figures[s].value, row.unit) if s in row.figures else "—" for s in SIZES
        ]
        exponent = row.exponent(sizes)
        # The ratio on the aim's demo, else on the largest one measured (named).
        measured = [s for s in SIZES if s in row.figures]
        at = row.aim.size if row.aim.size in row.figures else (measured or [""])[-1]
        ratio = row.figures[at].ratio if at else None
        ratio_text = "—" if ratio is None else f"{ratio:.2f}× {row.baseline}"
        if ratio is not None and at != row.aim.size:
            ratio_text += f" ({at})"
        met = row.met()
        verdict = "not measured" if met is None else "yes" if met else "NO"
        what = row.what + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {what} | {' | '.join(cells)} | "
            f"{'—' if exponent is None else f'{exponent:.2f}'} | {ratio_text} | "
            f"{row.aim.words()} | {verdict} |"
        )
    return lines
