"""Back online, a travel copy syncs by itself: the team database could not be reached when the
copy was opened (on the plane), and once its server answers again — a real TCP path to the
session's PostgreSQL server that appears in the middle of the test — the debrief written offline
arrives without a click. A change made offline after a sync goes the same way; a password only the
user can give stops the retries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_server import free_port
from PySide6.QtNetwork import QNetworkInformation

from fieldvisit.changes import Changes, Kind
from fieldvisit.store.location import parse_team_url
from fieldvisit.store.opening import open_workspace
from fieldvisit.travel import reach
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.dialogs.travel_status import TravelStatus
from fieldvisit.ui.reconnect import network_information
from tests.planning.builders import AS_OF
from tests.travel.network import Network, point_at
from tests.travel.team_rows import Team, copy_of, team_rows, write_debrief

SUMMARY = (
    "SELECT d.summary FROM debrief d JOIN visit v ON v.id = d.visit_id WHERE v.external_id = '{}'"
)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look again every fifth of a second instead of every half minute and more."""
    monkeypatch.setattr(reach, "RETRY_AFTER_S", (0.2, 0.2, 0.2, 0.2))


def status_on(qtbot, made: list[AppContext], copy: Path) -> TravelStatus:  # type: ignore[no-untyped-def]
    """Open the copy as the app does and return its status line (closed after the test)."""
    ctx = AppContext(open_workspace(copy), AS_OF)
    made.append(ctx)
    status = TravelStatus(ctx)
    qtbot.addWidget(status)
    return status


def ana_wrote(team: Team, tmp_path: Path, words: str) -> Path:
    """Return Ana's travel copy with a debrief of V-Acme-1 written offline."""
    out = copy_of(team, tmp_path / "ana.fieldvisit", team.ana)
    write_debrief(out, "V-Acme-1", words)
    return out


def test_answers_says_whether_the_server_takes_a_connection(team: Team) -> None:
    real = parse_team_url(team.url)
    assert reach.answers(real) is None
    closed = parse_team_url(team.url.replace(f":{real.port}/", f":{free_port()}/"))
    why = reach.answers(closed, timeout_s=1)
    assert why is not None and f"127.0.0.1:{closed.port} does not answer" in why
    assert [reach.retry_after(n) for n in (1, 2, 3, 4, 9)] == [30, 60, 120, 300, 300]
    both = parse_team_url(team.url.replace(f"@{real.host}:", f"@no-such-host.invalid,{real.host}:"))
    assert reach.answers(both) is None  # libpq tries each host of a list in turn


def test_the_debrief_written_on_the_plane_is_pushed_once_the_network_is_back(  # type: ignore[no-untyped-def]
    qtbot, team: Team, network: Network, tmp_path: Path, contexts: list[AppContext], quick: None
) -> None:
    out = ana_wrote(team, tmp_path, "Written at 11,000 m")
    point_at(out, team, network.port)
    status = status_on(qtbot, contexts, out)

    qtbot.waitUntil(lambda: status.toolTip().startswith("Not synced:"), timeout=20_000)
    assert "syncs by itself once the team workspace answers again" in status.toolTip()
    qtbot.waitUntil(lambda: status.watch.tries >= 3, timeout=10_000)  # still looking, no luck
    assert status.text() == "1 change not pushed · Sync now"
    assert team_rows(team, SUMMARY.format("V-Acme-1")) == []

    network.come_back()
    qtbot.waitUntil(
        lambda: team_rows(team, SUMMARY.format("V-Acme-1")) == [("Written at 11,000 m",)],
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: status.isHidden() and status.toolTip().startswith("Synced at"))
    assert "Pushed 1 change" in status.toolTip()
    assert not status.watch.armed and not status.watch.timer.isActive()


def test_a_debrief_written_after_a_sync_is_pushed_without_a_click(  # type: ignore[no-untyped-def]
    qtbot, team: Team, tmp_path: Path, contexts: list[AppContext], quick: None
) -> None:
    out = ana_wrote(team, tmp_path, "Written at the hotel")
    status = status_on(qtbot, contexts, out)
    qtbot.waitUntil(lambda: status.toolTip().startswith("Synced at"), timeout=20_000)
    qtbot.waitUntil(status.isHidden)  # synced on opening: the one try on opening is spent

    write_debrief(out, "V-Acme-1", "Written in the taxi")
    status.ctx.announce(Changes.of(Kind.DEBRIEFS))  # as the debrief editor does on saving
    qtbot.waitUntil(
        lambda: team_rows(team, SUMMARY.format("V-Acme-1")) == [("Written in the taxi",)],
        timeout=20_000,
    )
    qtbot.waitUntil(status.isHidden)


def test_the_network_coming_back_looks_at_once(  # type: ignore[no-untyped-def]
    qtbot, team: Team, network: Network, tmp_path: Path, contexts: list[AppContext]
) -> None:
    info = network_information()
    if info is None:
        pytest.skip("no network information backend on this system")
    out = ana_wrote(team, tmp_path, "Landed")
    point_at(out, team, network.port)
    status = status_on(qtbot, contexts, out)
    qtbot.waitUntil(lambda: status.toolTip().startswith("Not synced:"), timeout=20_000)
    assert status.watch.next_try_in() == 30  # the schedule alone would wait half a minute

    network.come_back()
    info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
    qtbot.waitUntil(
        lambda: team_rows(team, SUMMARY.format("V-Acme-1")) == [("Landed",)], timeout=10_000
    )


def test_a_password_only_the_user_can_give_stops_the_retries(  # type: ignore[no-untyped-def]
    qtbot, team: Team, tmp_path: Path, contexts: list[AppContext], quick: None
) -> None:
    out = ana_wrote(team, tmp_path, "Needs a password")
    real = parse_team_url(team.url)
    point_at(out, team, real.port, user="fv_nobody_saved")  # no keychain entry for this login
    status = status_on(qtbot, contexts, out)
    qtbot.waitUntil(lambda: status.toolTip().startswith("Not synced:"), timeout=20_000)
    assert status.toolTip().endswith("Click to sync now.")
    assert not status.watch.armed and not status.isHidden()
