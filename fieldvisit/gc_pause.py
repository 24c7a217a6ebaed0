"""Pausing Python's cyclic garbage collector while a batch builds many objects without cycles.

A collection walks every tracked container of its generation, and the oldest one the whole heap;
building every suggestion of a large workspace (about a million tuples, dicts and frozen
dataclasses, none in a cycle) sets off hundreds of collections that free nothing and took a third
of `suggest --json` on the large demo. Reference counting still frees everything as usual; cycles
made meanwhile wait for the next collection after the block.

Where the collector is already off (the app runs it on the GUI thread only: `ui/gc_guard.py`),
pausing does nothing and leaves it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with automatic collection off, then put it back as it was."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
