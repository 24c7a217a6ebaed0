"""Signal chips never push the "+N" that counts the rest out of their cell: at 1440 px the Deals
table drew "Stuck", "Quiet" and a "+" cut off at the column's edge."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from fieldvisit.signal_table import codes
from fieldvisit.ui.widgets.chips import CHIP_GAP, ChipsDelegate, chips_that_fit

ROLE = Qt.ItemDataRole.UserRole + 1


def test_the_count_of_the_rest_always_has_room() -> None:
    widths = [52.0, 50.0, 61.0, 70.0]
    rest = 18.0
    for room in range(0, 260):
        shown = chips_that_fit(widths, room, lambda _n: rest)
        used = sum(widths[:shown]) + CHIP_GAP * shown
        if shown < len(widths):
            assert used + rest <= room or shown == 0, (room, shown)
        else:
            assert used - CHIP_GAP <= room
    assert chips_that_fit(widths, 1000, lambda _n: rest) == 4
    assert chips_that_fit(widths, 52, lambda _n: rest) == 0  # no room for "Stuck" and "+3"


def ink_right_of(image: QImage, x: int) -> int:
    """Count the pixels right of column `x` that are not the background."""
    background = image.pixelColor(image.width() - 1, 0)
    return sum(
        image.pixelColor(px, py) != background
        for px in range(x, image.width())
        for py in range(image.height())
    )


def test_chips_painted_in_a_narrow_cell_stay_inside_it(qapp) -> None:  # type: ignore[no-untyped-def]
    model = QStandardItemModel(1, 1)
    item = QStandardItem()
    item.setData(",".join(codes()[:5]), ROLE)
    model.setItem(0, 0, item)
    view = QTableView()
    view.setModel(model)
    delegate = ChipsDelegate(ROLE, view)
    for cell_width in range(16, 260, 7):
        image = QImage(cell_width + 80, 34, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        option = QStyleOptionViewItem()
        option.rect = QRect(0, 0, cell_width, 34)
        option.palette = view.palette()
        painter = QPainter(image)
        delegate.paint(painter, option, model.index(0, 0))
        painter.end()
        assert ink_right_of(image, cell_width) == 0, f"drawn past a {cell_width} px cell"
