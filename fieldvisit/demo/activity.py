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

ACTIVITY_COLUMNS = ("id", "external_id", "type", "occurred_on", "deal_id", "account_id", "rep_id")


def activity_rows(world: World, links: list[tuple[int, int]]) -> Iterator[tuple[object, ...]]:
    """Yield activities; the contacts each one involved are appended to `links` first.

    Each deal's latest activity falls exactly on its last-touch day, so deals meant to look idle
    are idle by the same measure the stall rules use.
    """
    rng = world.rng("activities")
    rand, expo = rng.random, rng.expovariate
    d, acc, text = world.deals, world.accounts, world.days.text
    target = world.scale.activities
    n_types = len(ACTIVITY_TYPES)
    extra_mean = max(0.01, DEAL_SHARE * target / max(1, len(d.account)) - 1)
    aid = 0
    for i in range(len(d.account)):
        n = min(1 + int(expo(1 / extra_mean)), target - aid)
        if n <= 0:
            break
        account, owner = d.account[i], d.owner[i]
        lo = d.last_touch_ago[i]
        span = d.path_ago[i][0] - lo + 1
        first, count = acc.first_contact[account - 1], acc.contact_count[account - 1]
        only = first + int(rand() * count) if rand() < SINGLE_THREADED_SHARE else 0
        for k in range(n):
            aid += 1
            kind = ACTIVITY_TYPES[int(rand() * n_types)]
            if kind != "note":
                contact = only or first + int(rand() * count)
                links.append((aid, contact))
                if not only and count > 1 and rand() < 0.25:
                    other = first + int(rand() * count)
                    if other != contact:
                        links.append((aid, other))
            ago = lo if k == 0 else lo + int(rand() * span)
            yield (aid, f"ACT{aid:07d}", kind, text(ago), i + 1, account, owner)
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
        writer.cursor.executemany(
            "INSERT INTO activity_contact (activity_id, contact_id) VALUES (?, ?)", links
        )
        writer.counts["activity_contact"] = writer.counts.get("activity_contact", 0) + len(links)
        writer.written += len(links)
        links.clear()

    writer.label = "Activities"
    writer.insert(
        "activity", ACTIVITY_COLUMNS, activity_rows(world, links), after_chunk=flush_links
    )
