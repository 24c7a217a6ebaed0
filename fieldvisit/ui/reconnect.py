"""Watching for the team database to come back while a travel copy has changes to push.

Armed by the status bar's travel line (`dialogs/travel_status.py`) when a sync could not reach
the server, or when a change was made offline after the last sync. It looks again when the
system says the network is back (Qt's network information, where the platform has a backend) and
otherwise on the core's backing-off schedule (`travel.reach.retry_after`). A look is one TCP
connection on a worker (`travel.reach.answers`); `back` is emitted once the server answers, and
the travel line then syncs as it does on opening.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.tasks import CancelledFn, ProgressFn

log = logging.getLogger(__name__)
_network: list[QNetworkInformation | None] = []  # loaded once per process


def network_information() -> QNetworkInformation | None:
    """Return Qt's network information with a backend that reports reachability, else None."""
    if not _network:
        from PySide6.QtNetwork import QNetworkInformation

        feature = QNetworkInformation.Feature.Reachability
        loaded = (
            QNetworkInformation.instance() is not None
            or QNetworkInformation.loadBackendByFeatures(feature)
        )
        _network.append(QNetworkInformation.instance() if loaded else None)
        log.info("network information backend: %s", _network[0] and _network[0].backendName())
    return _network[0]


class ReconnectWatch(QObject):
    """Looks for the team database on a schedule and when the network comes back."""

    back = Signal()  # the team's server answers: sync now

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tries = 0  # failed tries in a row (syncs and looks)
        self.armed = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.look)
        network = network_information()
        if network is not None:
            network.reachabilityChanged.connect(self._reachability)

    def arm(self, *, failed: bool) -> None:
        """Look again later (sooner after a change, backing off after each failed try)."""
        from fieldvisit.travel.reach import retry_after

        if failed:
            self.tries += 1
        self.armed = True
        self.timer.start(round(retry_after(self.tries) * 1000))

    def disarm(self) -> None:
        """Stop looking (synced, nothing waits, or only the user can help: a password)."""
        self.armed = False
        self.tries = 0
        self.timer.stop()

    def next_try_in(self) -> int | None:
        """Return the seconds until the next look, or None when not looking."""
        return round(self.timer.remainingTime() / 1000) if self.timer.isActive() else None

    def _reachability(self, reachability: QNetworkInformation.Reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if self.armed and reachability == QNetworkInformation.Reachability.Online:
            self.look()  # the network is back: no need to wait for the schedule

    def look(self) -> None:
        """Ask on a worker whether the team's server answers; emit `back` if it does."""
        if not self.armed:
            return
        self.timer.stop()
        copy = self.ctx.workspace

        def work(_p: ProgressFn, _c: CancelledFn) -> str | None:
            from fieldvisit.travel.reach import answers, team_address

            return answers(team_address(copy))

        self.ctx.tasks.run(
            work,
            title="Looking for the team workspace",
            on_done=self._answered,
            on_error=lambda exc: self._answered(str(exc)),
            cancellable=False,
            key="reconnect-look",
        )

    def _answered(self, why_not: str | None) -> None:
        if not self.armed:
            return
        if why_not is None:
            self.armed = False
            self.back.emit()
        else:
            log.info("team workspace not back yet: %s", why_not)
            self.arm(failed=True)
