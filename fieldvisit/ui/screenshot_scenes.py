"""What screenshot mode pictures, and how each picture is set up (`screenshots.render_all`).

Every picture has a stable name, so adding a page or dialog never renames the others:

- pages: `week`, `coverage`, `deals` (as opened), `deal-detail` (the most urgent deal selected),
  `visits` (the next visit selected), `visit-detail` (a past visit with its debrief selected),
  `debriefs`, `impact`, `map`, `account` (the account with the most debriefed visits listed);
- Settings: `settings-<section>` for each section, named from its title (`settings-stall-rules`,
  `settings-money`, `settings-executives-calendars`, `settings-e-mail`, …);
- dialogs: `dialog-plan-visit`, `dialog-debrief-editor`, `dialog-snooze`, `dialog-dismiss`,
  `dialog-why`, `dialog-import-wizard`, `dialog-capture-review`, `dialog-backups`,
  `dialog-as-of`, `dialog-shortcuts`, `dialog-about`, `dialog-search` (a name typed, results
  listed), `dialog-first-run`.

Pages are grabbed as the whole window; dialogs on their own. A scene the workspace cannot show (no
suggestion to plan, no past visit) is left out and said on stderr. Each scene is a generator step
that prepares the window, yields (name, widget to grab), then tidies up.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from fieldvisit.ui.screenshots import pump, settle

if TYPE_CHECKING:
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.main_window import MainWindow

log = logging.getLogger(__name__)
Shot = tuple[str, QWidget]

PAGE_NAMES = (
    "week",
    "coverage",
    "deals",
    "deal-detail",
    "visits",
    "visit-detail",
    "debriefs",
    "impact",
    "map",
    "account",
)
DIALOG_NAMES = tuple(
    f"dialog-{name}"
    for name in (
        "plan-visit",
        "debrief-editor",
        "snooze",
        "dismiss",
        "why",
        "import-wizard",
        "capture-review",
        "backups",
        "as-of",
        "shortcuts",
        "about",
        "search",
        "first-run",
    )
)


def slug(title: str) -> str:
    """Return a file-name part for a title: "Executives' calendars" -> "executives-calendars"."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "").replace("’", "")).strip("-")


class Scenes:
    """Walks the window through every picture; `pages()` first, then `dialogs()`."""

    def __init__(self, window: MainWindow, ctx: AppContext):
        self.window = window
        self.ctx = ctx
        self.deal: Any = None  # the deal detail shown on Deals (DealDetail), for snooze/dismiss
        self.visit: Any = None  # the past visit pictured (VisitLine), for the debrief editor
        self.account_pk: int | None = None

    def show(self, key: str) -> Any:
        """Bring a page forward and wait until it has read what it shows."""
        page = self.window.show_page(key)
        assert page is not None, key
        settle(self.ctx, lambda: bool(page.busy))
        return page

    # ----- pages -------------------------------------------------------------------------------

    def pages(self) -> Iterator[Shot]:
        window = self.window
        for key in window.page_keys():
            if key == "settings":
                yield from self.settings()
                continue
            page = self.show(key)
            yield key, window
            if key == "deals":
                page.prepare_screenshot()  # the most urgent deal, its detail below
                settle(self.ctx, lambda p=page: bool(p.busy))  # type: ignore[misc]
                self.deal = page.detail.detail
                yield "deal-detail", window
            elif key == "visits":
                yield from self.visit_detail(page)
        if self.account_pk is not None:
            self.show(f"account#{self.account_pk}")
            yield "account", window
        else:
            log.warning("screenshots: no visited account to show on the account page")

    def visit_detail(self, page: Any) -> Iterator[Shot]:
        rows = page.visit_rows()
        debriefed = [v for v in rows if v.status == "done" and v.has_debrief]
        if not debriefed:
            log.warning("screenshots: no past visit with a debrief to show")
            return
        self.visit = debriefed[0]
        # The account page pictures the account most visited (and debriefed) among those listed.
        self.account_pk = Counter(v.account_pk for v in debriefed).most_common(1)[0][0]
        page.select_visit(self.visit.pk)
        settle(self.ctx, lambda: bool(page.busy))
        yield "visit-detail", self.window

    def settings(self) -> Iterator[Shot]:
        page = self.show("settings")
        for row in range(page.sections.count()):
            page.sections.setCurrentRow(row)
            settle(self.ctx, lambda: bool(page.busy))
            yield f"settings-{slug(page.sections.item(row).text())}", self.window
        page.sections.setCurrentRow(0)

    # ----- dialogs -----------------------------------------------------------------------------

    def dialogs(self) -> Iterator[Shot]:
        from fieldvisit.ui.screenshot_dialogs import DIALOGS

        for name, opener in DIALOGS:
            dialog = opener(self)
            if dialog is None:
                log.warning("screenshots: %s cannot be shown with this workspace", name)
                continue
            settle(self.ctx)
            pump()
            yield f"dialog-{name}", dialog
            close(dialog)


def close(dialog: QWidget) -> None:
    """Close a pictured dialog without saving anything (an editor keeps no draft: nothing typed)."""
    if isinstance(dialog, QDialog):
        dialog.reject()
    dialog.close()
    pump()
