"""The demo's activity trail: calls, e-mails, meetings and notes on deals and accounts."""

from __future__ import annotations

from bisect import bisect
from collections.abc import Iterator
from itertools import accumulate

from fieldvisit.demo.world import World
from fieldvisit.demo.writer import BulkWriter

# activity type by weight: e-mail is most of the trail, notes the least
ACTIVITY_TYPES = ("email",) * 9 + ("call",) * 6 + ("meeting",) * 3 + ("note",) * 2
DEAL_SHARE = 0.88  # the rest are account-level touches with no deal
SINGLE_THREADED_SHARE = 0.2
TIER_TOUCH_WEIGHT = {"strategic": 5.0, "key": 2.0, "standard": 1.0}
# Mean days between touches on a deal: at most 10, so no gap reaches the 21 idle days.
MIN_MEAN_GAP, MAX_MEAN_GAP = 2.0, 10.0

ACTIVITY_COLUMNS = ("id", "external_id", "type", "occurred_on", "deal_id", "account_id", "rep_id")


def _windows(quiet: tuple[int, ...]) -> list[tuple[int, int]]:
    """Return a deal's quiet spells as (from_ago, to_ago), oldest first."""
    return sorted(zip(quiet[0::2], quiet[1::2], strict=True), reverse=True)


def _mean_gap(world: World) -> float:
    """Return the mean days between touches that spends the deals' share of the activities."""
    d = world.deals
    active = stretches = 0
    for i in range(len(d.account)):
        end = 0 if d.open[i] else d.close_ago[i]
        windows = _windows(d.quiet[i])
        active += d.path_ago[i][0] - end + 1 - sum(a - b + 1 for a, b in windows)
        stretches += 1 + sum(b > end for _, b in windows)
    # Each active stretch starts with a touch; the gaps spend the rest.
    wanted = max(1.0, DEAL_SHARE * world.scale.activities - stretches)
    return min(MAX_MEAN_GAP, max(MIN_MEAN_GAP, active / wanted))


def activity_rows(world: World, links: list[tuple[int, int]]) -> Iterator[tuple[object, ...]]:
    """Yield activities; the contacts each one involved are appended to `links` first.

    A deal is touched every few days from its creation to its close (or today), except in its
    quiet spells; the gaps stay under the idle threshold, so only stalls look idle.
    """
    rng = world.rng("activities")
    rand = rng.random
    d, acc, text = world.deals, world.accounts, world.days.text
    target = world.scale.activities
    n_types = len(ACTIVITY_TYPES)
    top = 2 * _mean_gap(world) - 1  # gaps run 1 .. top days, so their mean is the mean gap
    aid = 0
    for i in range(len(d.account)):
        if aid >= target:
            break
        account, owner = d.account[i], d.owner[i]
        first, count = acc.first_contact[account - 1], acc.contact_count[account - 1]
        only = first + int(rand() * count) if rand() < SINGLE_THREADED_SHARE else 0
        end = 0 if d.open[i] else d.close_ago[i]
        windows, w = _windows(d.quiet[i]), 0
        day = d.path_ago[i][0]
        while day >= end and aid < target:
            while w < len(windows) and windows[w][1] > day:
                w += 1  # that spell is over
            if w < len(windows) and windows[w][0] >= day:
                day = windows[w][1] - 1
                continue
            aid += 1
            kind = ACTIVITY_TYPES[int(rand() * n_types)]
            if kind != "note":
                contact = only or first + int(rand() * count)
                links.append((aid, contact))
                if not only and count > 1 and rand() < 0.25:
                    other = first + int(rand() * count)
                    if other != contact:
                        links.append((aid, other))
            yield (aid, f"ACT{aid:07d}", kind, text(day), i + 1, account, owner)
            day -= 1 + int(rand() * top)
    cum = list(accumulate(TIER_TOUCH_WEIGHT[t] for t in acc.tier))
    while aid < target:
        aid += 1
        account = bisect(cum, rand() * cum[-1]) + 1
        kind = ACTIVITY_TYPES[int(rand() * n_types)]
        if kind != "note":
            first, count = acc.first_contact[account - 1], acc.contact_count[account - 1]
            links.append((aid, first + int(rand() * count)))
        ago = int(rand() * 366)
        yield (aid, f"ACT{aid:07d}", kind, text(ago), None, account, acc.owner[account - 1])


def write_activities(world: World, writer: BulkWriter) -> None:
    """Write activities and the contacts on them."""
    links: list[tuple[int, int]] = []

    def flush_links() -> None:
        writer.insert("activity_contact", ("activity_id", "contact_id"), links)
        links.clear()

    writer.label = "Activities"
    writer.insert(
        "activity", ACTIVITY_COLUMNS, activity_rows(world, links), after_chunk=flush_links
    )
