"""Drives the real app in a child process for the crash tests (tests/ui/test_draft_crash.py).

    python -m tests.ui.crash_driver type WORKSPACE SEED
        Starts the app exactly as `fieldvisit --db WORKSPACE` does (run_app), opens the debrief
        editor with Ctrl+D, and types into "What we learned" with QTest, one character every
        80–150 ms, printing `K <monotonic seconds> <json char>` after each one (flushed). It
        types until it is killed.

    python -m tests.ui.crash_driver recover WORKSPACE
        Starts the app the same way; the app's own start-up offers the unsaved debriefs. Prints
        `OFFER <json>` (the lines the offer shows), presses "Open my notes" and prints
        `EDITOR <json>` (the visit, account, the text under "What we learned", the draft status),
        then quits.

Lines starting with `#` are progress notes. Nothing here is imported by the app.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

WORDS = [
    "pilot",
    "plant",
    "budget",
    "renewal",
    "legal",
    "security",
    "review",
    "champion",
    "pricing",
    "timeline",
    "rollout",
    "procurement",
    "quote",
    "integration",
    "training",
    "sponsor",
    "roadmap",
    "migration",
    "contract",
    "signature",
    "Boston",
    "Lyon",
    "Osaka",
    "Q3",
    "SSO",
    "audit",
]
POLL_MS = 50


def say(kind: str, payload: object = "") -> None:
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    print(f"{kind} {text}".rstrip(), flush=True)


def sentence(rng: random.Random, length: int = 2000) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)


def attached_window() -> QWidget | None:
    from fieldvisit.ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and getattr(widget, "_attached", False):
            return widget
    return None


class Typist:
    """Opens the editor from the main window and types at a steady human rhythm."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.text = sentence(self.rng)
        self.at = 0
        self.editor: QWidget | None = None
        self.pressed_at = 0.0
        self.poll = QTimer()
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.look)
        self.poll.start()

    def look(self) -> None:
        window = attached_window()
        if window is None:
            return
        # Only once the window has its workspace: until then the store loads on a worker, and
        # importing SQLAlchemy from two threads at once breaks its imports (as the app avoids).
        from fieldvisit.ui.dialogs.debrief_editor import DebriefEditor

        editors = window.findChildren(DebriefEditor)
        if not editors:
            if time.monotonic() - self.pressed_at > 1:
                say("#", "pressing Ctrl+D")
                self.pressed_at = time.monotonic()
                QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
            return
        self.poll.stop()
        self.editor = editors[0]
        say("EDITOR", {"visit": self.editor.visit_pk})  # type: ignore[attr-defined]
        self.editor.form.learned.setFocus()  # type: ignore[attr-defined]
        self.type_next()

    def type_next(self) -> None:
        assert self.editor is not None
        ch = self.text[self.at % len(self.text)]
        self.at += 1
        QTest.keyClicks(self.editor.form.learned, ch)  # type: ignore[attr-defined]
        say("K", f"{time.monotonic():.6f} {json.dumps(ch)}")
        QTimer.singleShot(self.rng.randint(80, 150), self.type_next)


class Recovery:
    """Reports what the app's start-up offers back, opens it, and reports what the editor shows."""

    def __init__(self) -> None:
        self.deadline = 0.0  # set once the window has its workspace (the offer comes with it)
        self.poll = QTimer()
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.look)
        self.poll.start()

    def look(self) -> None:
        window = attached_window()
        if window is None:
            return
        # Only once the window has its workspace: until then the store loads on a worker, and
        # importing SQLAlchemy from two threads at once breaks its imports (as the app avoids).
        from fieldvisit.ui.dialogs.unsaved_debriefs import DraftRecovery

        self.deadline = self.deadline or time.monotonic() + 2
        boxes = [b for b in window.findChildren(DraftRecovery) if b.isVisible()]
        if not boxes:
            if time.monotonic() > self.deadline:
                say("OFFER", [])
                self.poll.stop()
                QApplication.exit(0)
            return
        self.poll.stop()
        box = boxes[0]
        say("OFFER", box.lines)
        box.open_button.click()
        editor = box.editors[0]
        say(
            "EDITOR",
            {
                "visit": editor.visit_pk,
                "account": editor.header.account_name,
                "learned": editor.form.learned.toPlainText(),
                "draft_label": editor.draft_label.text(),
                "recovered_bar": editor.recovered_bar.isVisibleTo(editor),
            },
        )
        QApplication.exit(0)  # quit() would ask about the open notes, as a user is asked


def main(argv: list[str]) -> int:
    from fieldvisit.ui.app import make_application, run_app

    mode, workspace = argv[0], Path(argv[1])
    make_application()
    driver: object = Typist(int(argv[2])) if mode == "type" else Recovery()
    code = run_app(db=workspace)
    del driver
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
