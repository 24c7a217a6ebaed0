"""The Qt bindings we pin do not leak: PySide6 6.12.0 dropped a reference to None on every model
data() call on Python 3.11, which aborted the app after some thousands of repaints."""

from __future__ import annotations

import sys

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)


class Silent(QAbstractListModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 10

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return None


def test_model_data_returning_none_keeps_none_alive(qapp: object) -> None:
    model = Silent()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    index = proxy.index(1, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        proxy.data(index, Qt.ItemDataRole.DisplayRole)
    assert sys.getrefcount(None) - before > -100
