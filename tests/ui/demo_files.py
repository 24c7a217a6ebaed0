"""A small demo workspace built once per test session and copied for each test that needs one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path

from fieldvisit.demo import generate_demo
from fieldvisit.store import open_workspace

AS_OF = date(2026, 6, 15)


@lru_cache(maxsize=1)
def _template(folder: Path) -> Path:
    path = folder / "small-demo-template.fieldvisit"
    generate_demo(path, "small", seed=7, as_of=AS_OF)
    return path


def small_demo_copy(session_folder: Path, target: Path) -> Path:
    """Copy the session's small demo workspace (built on first use) to `target`."""
    shutil.copyfile(_template(session_folder), target)
    return target


@contextmanager
def app_context(path: Path) -> Iterator[object]:
    """Yield an AppContext on the workspace at `path`; its tasks finish and it closes after."""
    from fieldvisit.ui.context import AppContext

    ws = open_workspace(path)
    ctx = AppContext(ws, AS_OF)
    try:
        yield ctx
    finally:
        ctx.tasks.shutdown()
        ws.close()
