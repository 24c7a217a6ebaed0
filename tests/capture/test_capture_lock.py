"""On a team workspace two captures never interleave: the second waits for the first and then
merges into the visits it made, so the result is that of capturing one after the other.

Casey's and Robin's calendars hold the same meeting with Globex. Captured at the same time
without the lock, each would see no visit yet and make its own; with it, Robin's capture waits
(seen in pg_locks) and joins Casey's visit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fieldvisit.capture import FileSource, capture
from fieldvisit.store import Workspace
from tests.advisory_waits import HeldWrite, WaitingWrite, waiting_for_lock
from tests.capture.capture_builders import (
    CASEY,
    NOW,
    ROBIN,
    attendee,
    dump,
    event,
    fill_workspace,
    ics,
    visits,
)
from tests.stored_rows import without_moments

MEETING = event(
    "globex-review",
    "20260610T150000Z",
    "20260610T160000Z",
    attendees=("anna@globex.com", attendee(ROBIN)),
)


def _calendars(folder: Path) -> tuple[Path, Path]:
    casey, robin = folder / "casey.ics", folder / "robin.ics"
    casey.write_bytes(ics(MEETING, name="Casey"))
    robin.write_bytes(ics(MEETING, name="Robin"))
    return casey, robin


def test_a_second_capture_waits_for_the_first_and_joins_its_visit(
    team_database_maker: Callable[[], Workspace], tmp_path: Path
) -> None:
    ws = team_database_maker()
    db = fill_workspace(ws, tmp_path)
    casey, robin = _calendars(tmp_path)

    held = HeldWrite(
        lambda hold: capture(ws, CASEY, FileSource(casey), now=NOW, cancel=hold),
        ready=lambda: waiting_for_lock(ws, "capture", granted=True),
    )
    held.start()  # Casey's capture holds the lock, its visit not yet committed
    waiting = WaitingWrite(ws, lambda: capture(ws, ROBIN, FileSource(robin), now=NOW), "capture")
    first = held.release()
    second = waiting.join()

    assert (first.new, first.merged) == (1, 0)  # type: ignore[attr-defined]
    assert (second.new, second.merged) == (0, 1)  # type: ignore[attr-defined]
    (visit,) = visits(db)
    assert visit["executives"] == [CASEY, ROBIN]

    other = team_database_maker()
    (tmp_path / "other").mkdir()
    one_after_the_other = fill_workspace(other, tmp_path / "other")
    capture(other, CASEY, FileSource(casey), now=NOW)
    capture(other, ROBIN, FileSource(robin), now=NOW)
    assert _comparable(dump(db)) == _comparable(dump(one_after_the_other))


def _comparable(found: dict[str, list[tuple[object, ...]]]) -> dict[str, list[object]]:
    """Return a dump without the run's own moments and the visits' random calendar UIDs."""
    masked = without_moments(found)
    masked["visit"] = [
        tuple("<uid>" if str(v).endswith("@fieldvisit") else v for v in row)
        for row in masked["visit"]
    ]
    return masked
