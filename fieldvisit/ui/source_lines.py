"""Forget the source text Python keeps of the modules it imported, whenever the app goes idle.

PySide6 (its signature support) makes Python's `linecache` read and keep the source of every
module imported after it: on the large demo some 30 MiB of text nobody reads again, as one
string per line (napari issue 8584). The lines are read again from the files when a traceback
needs them. So once the background work the app started is done (the launch settled, a page's
first load finished), the kept lines of real files are dropped; lines registered without a file
(code made at run time, whose text exists nowhere else) are kept.
"""

from __future__ import annotations

import linecache

from PySide6.QtCore import QObject

from fieldvisit.ui.tasks import Task, TaskRunner


def forget_sources() -> int:
    """Drop the kept source lines of modules read from files; return how many files."""
    kept = list(linecache.cache.items())  # one step: a worker's import may add lines meanwhile
    files = [name for name, entry in kept if len(entry) == 4 and entry[1]]
    for name in files:
        linecache.cache.pop(name, None)
    return len(files)


class SourceLines(QObject):
    """Forgets the kept source lines each time `tasks` has no task left."""

    def __init__(self, tasks: TaskRunner):
        super().__init__(tasks)
        self.tasks = tasks
        tasks.task_finished.connect(self._finished)

    def _finished(self, _task: Task) -> None:
        if not self.tasks.active():
            forget_sources()


def forget_when_idle(tasks: TaskRunner) -> SourceLines:
    """Keep no source lines once `tasks` falls idle (the app's runner, given at launch)."""
    found = tasks.findChild(SourceLines)
    return found if isinstance(found, SourceLines) else SourceLines(tasks)
