"""Charts (QtCharts): executives' visits against target, and the impact comparison.

Charts follow the palette (light or dark), use the accent and the meaning colours sparingly, and
always carry the numbers as text too: bar labels, a legend in words, and an accessible
description that says what the picture shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from fieldvisit.ui import style


@dataclass(frozen=True)
class TargetBar:
    """One executive's bar: visits done in the window and the target for it."""

    name: str
    visits: int
    target: int


def _base_chart() -> QChart:
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(0, 0, 0, 0))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    text = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    chart.legend().setLabelColor(text)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(style.font(style.SMALL_PT))
    return chart


def _style_axis(axis: QValueAxis | QBarCategoryAxis) -> None:
    pal = QGuiApplication.palette()
    axis.setLabelsColor(pal.color(QPalette.ColorRole.WindowText))
    axis.setLabelsFont(style.font(style.SMALL_PT))
    axis.setLinePen(QPen(pal.color(QPalette.ColorRole.Mid)))
    axis.setGridLinePen(QPen(pal.color(QPalette.ColorRole.Midlight)))


def _target_marker(height: int) -> QImage:
    """Return a short upright stroke: the target mark on each bar."""
    image = QImage(4, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.fillRect(
        1, 0, 2, height, QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    )
    painter.end()
    return image


class ChartView(QChartView):
    """A chart view with antialiasing and no frame."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFrameShape(QChartView.Shape.NoFrame)
        self.setStyleSheet("background: transparent;")


class TargetBarChart(ChartView):
    """Horizontal bars of visits per executive, the monthly target marked on each."""

    ROW_PX = 28  # room for every executive's name on the axis
    MARK_PX = 18

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Visits against target per executive")
        self.bars: list[TargetBar] = []

    def show_bars(self, bars: Sequence[TargetBar]) -> None:
        """Draw the bars, top to bottom in the order given."""
        self.bars = list(bars)
        chart = _base_chart()
        # Qt draws the first category at the bottom; reverse so the list reads top-down.
        ordered = list(reversed(self.bars))
        met = QBarSet("At or above target")
        behind = QBarSet("Below target")
        met.setColor(style.tone("green"))
        behind.setColor(style.tone("amber"))
        for bar in ordered:
            reached = bar.visits >= bar.target
            met.append(float(bar.visits) if reached else 0.0)
            behind.append(0.0 if reached else float(bar.visits))
        for bar_set in (met, behind):
            bar_set.setBorderColor(QColor(Qt.GlobalColor.transparent))
            bar_set.setLabelColor(QGuiApplication.palette().color(QPalette.ColorRole.WindowText))
            bar_set.setLabelFont(style.font(style.SMALL_PT))
        series = QHorizontalStackedBarSeries()
        series.append(met)
        series.append(behind)
        series.setBarWidth(0.62)
        chart.addSeries(series)

        names = QBarCategoryAxis()
        names.append([self._label(b) for b in ordered])
        names.setTruncateLabels(False)
        _style_axis(names)
        names.setGridLineVisible(False)
        top = max([b.visits for b in self.bars] + [b.target for b in self.bars] + [1])
        values = QValueAxis()
        values.setRange(0, top + max(1, top // 8))
        values.setLabelFormat("%d")
        values.setTickType(QValueAxis.TickType.TicksDynamic)
        values.setTickInterval(self._step(top))
        values.setTickAnchor(0)
        _style_axis(values)
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)

        targets = QScatterSeries()
        targets.setName("Monthly target")
        targets.setLightMarker(_target_marker(self.MARK_PX))
        targets.setMarkerSize(self.MARK_PX)
        targets.setColor(QGuiApplication.palette().color(QPalette.ColorRole.WindowText))
        targets.setBorderColor(QColor(Qt.GlobalColor.transparent))
        for i, bar in enumerate(ordered):
            targets.append(QPointF(bar.target, i))
        chart.addSeries(targets)
        rows = QValueAxis()
        rows.setRange(-0.5, len(ordered) - 0.5)
        rows.setVisible(False)
        chart.addAxis(rows, Qt.AlignmentFlag.AlignRight)
        targets.attachAxis(values)
        targets.attachAxis(rows)

        self.setChart(chart)
        self.setMinimumHeight(self.ROW_PX * len(self.bars) + 70)
        behind_names = [b.name for b in self.bars if b.visits < b.target]
        self.setAccessibleDescription(
            "; ".join(f"{b.name}: {b.visits} visits, target {b.target}" for b in self.bars)
            + (f". Below target: {', '.join(behind_names)}." if behind_names else ".")
        )

    @staticmethod
    def _label(bar: TargetBar) -> str:
        return f"{bar.name}  {bar.visits}/{bar.target}"

    @staticmethod
    def _step(top: int) -> int:
        for step in (1, 2, 5, 10, 20, 50, 100):
            if top / step <= 8:
                return step
        return 200


@dataclass(frozen=True)
class ImpactBar:
    """One group of the impact comparison: its name, its size and how many advanced."""

    label: str
    n: int
    advanced: int

    @property
    def rate(self) -> float:
        return self.advanced / self.n if self.n else 0.0


class ImpactChart(ChartView):
    """Two bars: the share of stalled deals that advanced a stage, with and without a visit."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Share of stalled deals that advanced a stage")
        self.groups: list[ImpactBar] = []

    def show_groups(self, groups: Sequence[ImpactBar]) -> None:
        """Draw one bar per group (top to bottom in the order given), labelled with n and rate."""
        self.groups = list(groups)
        chart = _base_chart()
        chart.legend().setVisible(False)
        ordered = list(reversed(self.groups))
        series = QHorizontalBarSeries()
        bars = QBarSet("Advanced a stage")
        colours = [style.tone("accent"), style.muted_colour()]
        for group in ordered:
            bars.append(float(round(group.rate * 100)))
        bars.setColor(colours[0])
        bars.setBorderColor(QColor(Qt.GlobalColor.transparent))
        # The visited group in the accent, the comparison group muted.
        if len(ordered) > 1:
            for i in range(len(ordered) - 1):
                bars.setBarSelected(i, True)
            bars.setSelectedColor(colours[1])
        bars.setLabelColor(QGuiApplication.palette().color(QPalette.ColorRole.WindowText))
        bars.setLabelFont(style.font(style.BODY_PT))
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setBarWidth(0.55)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append([f"{g.label} ({g.advanced} of {g.n})" for g in ordered])
        names.setTruncateLabels(False)
        _style_axis(names)
        names.setGridLineVisible(False)
        names.setLabelsFont(style.font(style.BODY_PT))
        values = QValueAxis()
        top = max([g.rate * 100 for g in self.groups] + [10])
        # Round ticks (0%, 20%, 40%…), with room right of the longest bar for its label.
        step = 10 if top <= 40 else 20
        values.setRange(0, min(100, math.ceil((top * 1.2 + 5) / step) * step))
        values.setTickType(QValueAxis.TickType.TicksDynamic)
        values.setTickAnchor(0)
        values.setTickInterval(step)
        values.setLabelFormat("%d%%")
        _style_axis(values)
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(values)
        self.setChart(chart)
        self.setAccessibleDescription(
            "; ".join(
                f"{g.label}: {g.advanced} of {g.n} advanced ({g.rate:.0%})" for g in self.groups
            )
        )
