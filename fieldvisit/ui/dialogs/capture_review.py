"""The review list: meetings a calendar capture was unsure about, each settled in one action.

Each meeting shows when it was, in whose calendar, the people and domains from outside and why
it is unsure. One action settles it, and the core remembers the choice for later captures:
assign it to an account (one click on an account its people point at, or any account typed into
the chooser), map one of its domains to that account, ignore a domain (a partner, an investor),
or dismiss it (not a customer meeting). Decisions run in the background and announce
what they changed (`CAPTURED`), so every page showing visits refreshes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldvisit.changes import CAPTURED
from fieldvisit.ui import style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.capture_accounts import AccountChooser
from fieldvisit.ui.dialogs.capture_review_data import (
    ATTENDANCE_REASONS,
    HINTS,
    ReviewData,
    ReviewModel,
    capture_core,
    is_personal,
    load_review,
    settled_words,
    when_words,
)
from fieldvisit.ui.dialogs.capture_run import capture_now
from fieldvisit.ui.focus_return import return_focus
from fieldvisit.ui.operations import run_write
from fieldvisit.ui.plain_text import as_text

if TYPE_CHECKING:
    from fieldvisit.capture import ReviewItem

Index = QModelIndex | QPersistentModelIndex
CANDIDATE_BUTTONS = 3


class CaptureReviewDialog(QDialog):
    """Meetings to review, on the left; the chosen one and its one-action decisions, right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Meetings to review")
        self.resize(940, 600)
        self.setMinimumSize(760, 480)
        self.data: ReviewData | None = None
        self.busy = False
        self.last_message = ""
        col = QVBoxLayout(self)
        col.setContentsMargins(style.SPACE_L, style.SPACE_L, style.SPACE_L, style.SPACE_M)
        col.setSpacing(style.SPACE_M)
        self.count_label = style.label("", wrap=True)
        self.count_label.setFont(style.section_font())
        col.addWidget(self.count_label)
        col.addWidget(
            style.label(
                "Calendar capture counts a meeting only when it is sure. Each choice here is "
                "remembered for later captures.",
                role="muted",
                wrap=True,
            )
        )
        self.model = ReviewModel(self)
        self.list_view = QListView(self)
        self.list_view.setModel(self.model)
        self.list_view.setAccessibleName("Meetings to review")
        self.list_view.setWordWrap(True)
        self.list_view.setSpacing(3)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setMinimumWidth(260)
        self.list_view.selectionModel().currentChanged.connect(self._show_current)
        self.detail = self._build_detail()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list_view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 560])
        self.detail.setMinimumWidth(self.detail.minimumSizeHint().width())  # never jumps later
        splitter.setChildrenCollapsible(False)
        col.addWidget(splitter, 1)
        self.status = style.label("", role="muted", wrap=True)
        self.status.setAccessibleName("What the last choice did")
        col.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        col.addWidget(buttons)
        self.reload()
        self.list_view.setFocus()

    # ----- building ------------------------------------------------------------------------

    def _build_detail(self) -> QWidget:
        box = QWidget(self)
        col = QVBoxLayout(box)
        col.setContentsMargins(style.SPACE_M, 0, 0, 0)
        col.setSpacing(style.SPACE_S + 2)
        self.title_label = style.label("", wrap=True)
        self.title_label.setFont(style.card_title_font())
        self.when_label = style.label("", wrap=True)
        self.whose_label = style.label("", role="muted", wrap=True)
        self.why_label = style.label("", wrap=True)
        self.people_label = style.label("", role="muted", wrap=True)
        self.people_label.setAccessibleName("People from outside")
        for lab in (self.title_label, self.when_label, self.whose_label):
            col.addWidget(lab)
        col.addSpacing(style.SPACE_S)
        col.addWidget(self.why_label)
        col.addWidget(self.people_label)
        col.addSpacing(style.SPACE_M)
        self.candidate_label = style.label("It was with:", bold=True)
        col.addWidget(self.candidate_label)
        self.candidates_box = QWidget(box)
        self.candidate_row = QVBoxLayout(self.candidates_box)
        self.candidate_row.setContentsMargins(0, 0, 0, 0)
        self.candidate_row.setSpacing(style.SPACE_M)
        self.candidate_buttons: list[QPushButton] = []
        col.addWidget(self.candidates_box)
        form = QFormLayout()
        form.setHorizontalSpacing(style.SPACE_M)
        form.setVerticalSpacing(style.SPACE_M)
        self.chooser = AccountChooser(box)
        self.assign_button = self._action("&Assign to account", self.assign)
        self.assign_button.setToolTip("This meeting was with the account typed on the left")
        row = QHBoxLayout()
        row.addWidget(self.chooser, 1)
        row.addWidget(self.assign_button)
        account_label = QLabel("Acc&ount:", box)
        account_label.setBuddy(self.chooser)
        form.addRow(account_label, row)
        self.domain_box = QComboBox(box)
        self.domain_box.setAccessibleName("Domain")
        self.domain_box.setMinimumContentsLength(18)
        self.domain_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.map_button = self._action("&Map to account", self.map_domain)
        self.map_button.setToolTip(
            "Everyone at this domain belongs to the account above, now and later"
        )
        self.ignore_button = self._action("&Ignore domain", self.ignore_domain)
        self.ignore_button.setToolTip("People at this domain never make a customer meeting")
        drow = QHBoxLayout()
        drow.addWidget(self.domain_box, 1)
        drow.addWidget(self.map_button)
        drow.addWidget(self.ignore_button)
        self.domain_label = QLabel("&Domain:", box)
        self.domain_label.setBuddy(self.domain_box)
        form.addRow(self.domain_label, drow)
        self.domain_row = drow
        col.addLayout(form)
        self.dismiss_button = self._action("&Not a customer meeting", self.dismiss)
        self.dismiss_button.setToolTip("Dismiss it; later captures skip it too")
        drow2 = QHBoxLayout()
        drow2.addWidget(self.dismiss_button)
        drow2.addStretch(1)
        col.addLayout(drow2)
        col.addStretch(1)
        self.chooser.account_changed.connect(self._enable)
        self.domain_box.currentIndexChanged.connect(self._enable)
        return box

    def _action(self, words: str, slot: Callable[[], None]) -> QPushButton:
        b = QPushButton(words, self)
        b.setAutoDefault(False)
        b.setAccessibleName(words.replace("&", ""))
        b.clicked.connect(slot)
        return b

    # ----- loading ---------------------------------------------------------------------------

    def reload(self, keep_row: int = 0) -> None:
        """Read the open review items again and show the one at `keep_row` (or the last)."""
        with self.ctx.workspace.connect() as conn:
            self.data = load_review(conn)
        self.chooser.set_accounts(self.data.accounts)
        self.model.show_items(list(self.data.items), self.data.zones)
        n = len(self.data.items)
        self.count_label.setText(
            f"{style.plural(n, 'meeting')} from calendars {'needs' if n == 1 else 'need'} a decision"
            if n
            else "No meeting is waiting for review"
        )
        self.detail.setVisible(bool(n))
        if n:
            self.list_view.setCurrentIndex(self.model.index(min(keep_row, n - 1)))
            self._show_current()
        elif not self.status.text():
            self.status.setText(
                "Meetings a capture is unsure about (two accounts, no account, an invitation "
                "never answered) appear here."
            )

    def current(self) -> ReviewItem | None:
        row = self.list_view.currentIndex().row()
        items = self.model.items
        return items[row] if 0 <= row < len(items) else None

    def select_uid(self, uid: str) -> bool:
        """Show the meeting with this UID (True when it is listed)."""
        for row, item in enumerate(self.model.items):
            if item.uid == uid:
                self.list_view.setCurrentIndex(self.model.index(row))
                return True
        return False

    def _show_current(self, *_args: object) -> None:
        item = self.current()
        if item is None or self.data is None:
            return
        zone = self.data.zones.get(item.executive_pk)
        self.title_label.setText(item.title or "Private meeting (no title kept)")
        where = f" · {item.location}" if item.location else ""
        self.when_label.setText(when_words(item, zone) + where)
        organizer = f" · organized by {item.organizer}" if item.organizer else ""
        self.whose_label.setText(f"In {item.executive_name}'s calendar{organizer}")
        personal = self.data.personal
        companies = [d for d in item.domains if not is_personal(d, personal)]
        hint = HINTS.get(item.reason, "").format(exec=item.executive_name)
        if item.reason == "no_account" and not companies:
            hint = (
                f"{', '.join(item.domains) or 'Its address'} is personal mail (many people, not "
                "one company): assign it to an account if it was a customer meeting, or dismiss it."
            )
        self.why_label.setText(f"Why unsure: {item.reason_text}. {hint}")
        people = ", ".join(f"{n} ({e})" if n else e for e, n in item.people)
        self.people_label.setText(f"From outside: {people}" if people else "Nobody from outside.")
        self._show_candidates(item)
        self.domain_box.clear()
        for domain in companies:
            self.domain_box.addItem(domain)
        domains_matter = item.reason not in ATTENDANCE_REASONS and bool(companies)
        for w in (self.domain_label, self.domain_box, self.map_button, self.ignore_button):
            w.setVisible(domains_matter)
        self.chooser.choose(item.candidates[0].account_pk if len(item.candidates) == 1 else None)
        self._enable()

    def _show_candidates(self, item: ReviewItem) -> None:
        while self.candidate_row.count():
            old = self.candidate_row.takeAt(0).widget()
            if old is not None:
                old.hide()
                old.deleteLater()
        self.candidate_buttons = []
        for choice in item.candidates[:CANDIDATE_BUTTONS]:
            name = choice.name if len(choice.name) <= 32 else choice.name[:31] + "…"
            b = QPushButton(name, self.candidates_box)
            b.setAutoDefault(False)
            b.setToolTip(as_text(f"Assign this meeting to {choice.name}"))
            b.setAccessibleName(f"Assign to {choice.name}")
            b.clicked.connect(lambda _c=False, pk=choice.account_pk: self.assign(pk))
            self.candidate_row.addWidget(b, 0, Qt.AlignmentFlag.AlignLeft)
            self.candidate_buttons.append(b)
        # Tab goes from the list through these buttons to the chooser, as they read.
        chain = [self.list_view, *self.candidate_buttons, self.chooser]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        shown = bool(self.candidate_buttons)
        self.candidate_label.setVisible(shown)
        self.candidates_box.setVisible(shown)

    def _enable(self, *_args: object) -> None:
        item = self.current()
        account = self.chooser.account()
        domain = self.domain_box.currentText()  # company domains only: personal ones never map
        free = not self.busy and item is not None
        self.assign_button.setEnabled(free and account is not None)
        self.map_button.setEnabled(free and bool(domain) and account is not None)
        self.ignore_button.setEnabled(free and bool(domain))
        self.dismiss_button.setEnabled(free)
        for b in self.candidate_buttons:
            b.setEnabled(free)

    # ----- decisions -----------------------------------------------------------------------

    def assign(self, account_pk: int | None = None) -> None:
        """Assign the shown meeting to an account (a candidate's, or the chooser's)."""
        item = self.current()
        chosen = self.chooser.account()
        pk = account_pk if account_pk is not None else (chosen.pk if chosen else None)
        if item is None or pk is None:
            return
        name = self._account_name(pk)
        self._settle(
            lambda conn, now: capture_core().assign_meeting(conn, item.uid, pk, now=now),
            f"Assigned to {name}",
        )

    def map_domain(self) -> None:
        """Say the chosen domain means the chooser's account (for every meeting, now and later)."""
        account, domain = self.chooser.account(), self.domain_box.currentText()
        if account is None or not domain:
            return
        self._settle(
            lambda conn, now: capture_core().map_domain(conn, domain, account.pk, now=now),
            f"{domain} now means {account.name}",
        )

    def ignore_domain(self) -> None:
        """Say people at the chosen domain never make a customer meeting."""
        domain = self.domain_box.currentText()
        if domain:
            self._settle(
                lambda conn, now: capture_core().ignore_domain(conn, domain, now=now),
                f"People at {domain} are ignored",
            )

    def dismiss(self) -> None:
        """Say the shown meeting is not a customer meeting (later captures skip it)."""
        item = self.current()
        if item is not None:
            self._settle(
                lambda conn, now: capture_core().dismiss_meeting(conn, item.uid, now=now),
                "Dismissed: not a customer meeting",
            )

    def _account_name(self, pk: int) -> str:
        accounts = self.data.accounts if self.data else ()
        return next((a.name for a in accounts if a.pk == pk), "the account")

    def _settle(self, decide: Callable[[Any, Any], Any], words: str) -> None:
        if self.busy:
            return
        row = self.list_view.currentIndex().row()
        now = capture_now(self.ctx.as_of)

        def done(settled: Any) -> None:
            self._set_busy(False)
            self.last_message = f"{words}: {settled_words(settled)}"
            self.status.setText(self.last_message)
            self.reload(max(row, 0))

        def failed(exc: BaseException) -> None:
            from fieldvisit.ui.workspaces import describe

            self._set_busy(False)
            self.last_message = f"Not changed. {describe(exc)}"
            self.status.setText(self.last_message)

        self._set_busy(True)
        run_write(
            self.ctx,
            lambda conn: decide(conn, now),
            title="Settling a meeting",
            changes=CAPTURED,
            on_done=done,
            on_error=failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._enable()


def open_review(ctx: AppContext, parent: QWidget | None = None) -> CaptureReviewDialog:
    """Open the review list (window-modal, without blocking); return it."""
    dialog = CaptureReviewDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return_focus(dialog).open()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
