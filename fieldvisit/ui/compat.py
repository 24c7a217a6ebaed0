"""Work-arounds for defects in the Qt bindings, each with the test that shows it.

PySide6 6.12 on Python 3.11 drops one reference to ``None`` every time C++ calls a Python
override that returns ``None`` where Qt expects a ``QVariant`` (``QAbstractItemModel.data`` for
every role a model does not answer, ``headerData``…). A list view asks for a dozen roles per
visible cell on every repaint, so after some thousands of paints ``None``'s reference count
reaches zero and the interpreter aborts with "Fatal Python error: none_dealloc". From Python 3.12
on ``None`` is immortal and the defect is harmless. Measured here: 1,000 calls of a proxy
model's ``data()`` into a Python model lower ``sys.getrefcount(None)`` by 999.
"""

from __future__ import annotations

import ctypes
import sys

# Far more references than a program could ever drop (one per repaint of one cell and role).
_NONE_RESERVE = 1 << 40


def guard_none_refcount() -> bool:
    """Give ``None`` a reserve of references on Python < 3.12; return True when it was needed.

    Calling it more than once is harmless: the reserve is only topped up when it runs low.
    """
    if sys.version_info >= (3, 12):
        return False
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    if refcnt.value < _NONE_RESERVE // 2:
        refcnt.value += _NONE_RESERVE
    return True
