"""Demo deals with their stage history and pushed close dates.

The mix is chosen so the planning pages have something to say: about a third of open deals are
stuck in their stage and have gone quiet (`fieldvisit.demo.paths` builds each deal's life), many
of those had their close date pushed or passed; the rest are healthy. Closed deals (won and lost)
give every stage enough past samples for learned stage limits, and past stalls for Impact.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator
from itertools import accumulate

from fieldvisit.demo import names
from fieldvisit.demo.paths import LOST, OPEN_STAGES, WON, closed_life, open_life
from fieldvisit.demo.world import World
from fieldvisit.demo.writer import BulkWriter
from fieldvisit.settings import DEFAULT_PIPELINE

OPEN_STAGE_SHARE = (22, 22, 20, 20, 16)
TIER_DEAL_WEIGHT = {"strategic": 4.0, "key": 2.0, "standard": 1.0}
TIER_AMOUNT_FACTOR = {"strategic": 2.2, "key": 1.4, "standard": 1.0}
# Stall visits per deal, relative to past visits per deal (see deal_rows).
STALL_VISIT_REACH = 2.5
OTHER_VISIT_FACTOR = 0.1  # executives rarely visit a stalled deal that is not strategic
CLOSED_MEAN_AGO_DAYS = 150.0  # most closed deals closed in the last half year


def _amount(rng: random.Random, tier: str) -> float:
    # Log-normal: most deals are tens of thousands, a long tail reaches the millions.
    raw = rng.lognormvariate(10.25, 0.95) * TIER_AMOUNT_FACTOR[tier]
    return float(max(2_000, round(raw / 500) * 500))


def _pick_accounts(world: World, rng: random.Random, n: int) -> list[int]:
    cum = list(accumulate(TIER_DEAL_WEIGHT[t] for t in world.accounts.tier))
    return [bisect(cum, rng.random() * cum[-1]) + 1 for _ in range(n)]


def deal_rows(world: World) -> Iterator[tuple[object, ...]]:
    """Yield open then closed deals, filling world.deals (paths, quiet spells, visits, flags)."""
    rng = world.rng("deals")
    rand = rng.random
    d, acc, days = world.deals, world.accounts, world.days
    n_open, n_closed = world.scale.open_deals, world.scale.closed_deals
    stage_cum = list(accumulate(OPEN_STAGE_SHARE))
    accounts = _pick_accounts(world, rng, n_open + n_closed)
    # Executives visit stalled strategic deals; the share is set so those visits take about
    # half of the demo's past visits at every size.
    visit_share = min(0.6, STALL_VISIT_REACH * world.scale.past_visits / len(accounts))
    for i, account in enumerate(accounts, start=1):
        is_open = i <= n_open
        tier = acc.tier[account - 1]
        amount = _amount(rng, tier)
        flagged = amount >= 250_000 or rand() < 0.04
        strategic = flagged or tier == "strategic" or amount >= 100_000
        share = 0.0 if account in world.unmet_accounts else visit_share
        share *= 1.0 if strategic else OTHER_VISIT_FACTOR
        if is_open:
            stage = bisect(stage_cum, rand() * stage_cum[-1])
            stages = list(range(stage + 1))
            life, stalled = open_life(rng, world, stage, share)
            created = life.path[0]
            # Some open deals sit past their close date (never before the deal existed).
            if created > 4 and rand() < (0.15 if stalled else 0.02):
                close_ago = rng.randint(3, min(45, created - 1))
                stalled = True
            else:
                close_ago = -rng.randint(10, 120)
        else:
            won = rand() < 0.45
            exit_stage = OPEN_STAGES - 1 if won else rng.choice((0, 1, 1, 2, 2, 3, 3, 4))
            stage = WON if won else LOST
            stages = [*range(exit_stage + 1), stage]
            close_ago = min(540, 5 + int(rng.expovariate(1 / CLOSED_MEAN_AGO_DAYS)))
            life = closed_life(rng, world, stages, close_ago, share)
            created, stalled = life.path[0], False
        owner = acc.owner[account - 1]
        if rand() < 0.15:
            owner = rng.choice(world.reps_by_region.get(acc.region[account - 1], [owner]))
        d.account.append(account)
        d.owner.append(owner)
        d.stage.append(stage)
        d.path_ago.append(tuple(life.path))
        d.path_stage.append(tuple(stages))
        d.quiet.append(tuple(life.quiet))
        d.stall_visits += [(i, ago, moved) for ago, moved in life.visits]
        d.close_ago.append(close_ago)
        d.amount.append(amount)
        d.open.append(is_open)
        d.stalled.append(stalled)
        d.strategic.append(strategic)
        d.by_account.setdefault(account, []).append(i)
        yield (
            i,
            f"D{i:06d}",
            account,
            f"{acc.short[account - 1]} - {rng.choice(names.PRODUCTS)}",
            owner,
            DEFAULT_PIPELINE[stage],
            amount,
            "USD",
            days.text(created),
            days.text(life.path[-1]),
            days.text(close_ago),
            "open" if is_open else ("won" if stage == WON else "lost"),
            1 if flagged else 0,
        )


DEAL_COLUMNS = (
    "id", "external_id", "account_id", "name", "owner_rep_id", "stage", "amount", "currency",
    "created_on", "stage_entered_on", "close_date", "status", "strategic",
)  # fmt: skip


def stage_change_rows(world: World) -> Iterator[tuple[object, ...]]:
    """Yield one row per stage each deal entered; the last matches the deal's stage_entered_on."""
    d, text = world.deals, world.days.text
    for i in range(len(d.account)):
        for stage, ago in zip(d.path_stage[i], d.path_ago[i], strict=True):
            yield (i + 1, DEFAULT_PIPELINE[stage], text(ago))


def close_date_change_rows(world: World) -> Iterator[tuple[object, ...]]:
    """Yield pushed close dates, while in today's stage: often on stuck deals, rarely on others."""
    rng = world.rng("close-date-changes")
    d, days = world.deals, world.days
    for i in range(world.scale.open_deals):
        stuck = d.stalled[i]
        if rng.random() >= (0.4 if stuck else 0.06):
            continue
        pushes = rng.choice((1, 1, 2, 2, 3) if stuck else (1, 1, 1, 2))
        since = d.path_ago[i][-1]
        # Current close date, then walk back: each push moved the date later by 2–7 weeks.
        final = days.as_of.toordinal() - d.close_ago[i]
        changed = sorted(rng.sample(range(0, max(since, pushes) + 1), pushes), reverse=True)
        dates = [final]
        for _ in range(pushes):
            dates.append(dates[-1] - rng.randint(14, 49))
        dates.reverse()
        for p in range(pushes):
            yield (
                i + 1,
                days.text(days.as_of.toordinal() - dates[p]),
                days.text(days.as_of.toordinal() - dates[p + 1]),
                days.text(changed[p]),
            )


CLOSE_DATE_CHANGE_COLUMNS = ("deal_id", "old_date", "new_date", "changed_on")


def write_deals(world: World, writer: BulkWriter) -> None:
    """Write deals, their stage history and close-date pushes."""
    writer.label = "Deals"
    writer.insert("deal", DEAL_COLUMNS, deal_rows(world))
    writer.label = "Stage history"
    writer.insert("stage_change", ("deal_id", "stage", "entered_on"), stage_change_rows(world))
    writer.insert("close_date_change", CLOSE_DATE_CHANGE_COLUMNS, close_date_change_rows(world))
