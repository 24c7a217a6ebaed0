"""Which parts of a debrief a save changes (the field names the audit trail records), and the
merge of two people's versions of one debrief (`merge_debriefs`, the conflict dialog's Merge)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from fieldvisit.debriefs.data import DEBRIEF_TEXT_FIELDS, DebriefData


def _steps(data: DebriefData) -> list[tuple[str, str, object, bool]]:
    return [
        (s.text.strip(), s.owner.strip(), s.due_on, s.done)
        for s in data.next_steps
        if s.text.strip()
    ]


def changed_fields(old: DebriefData | None, new: DebriefData) -> list[str]:
    """Return the names of the parts `new` changes against `old` (None: the parts it fills in)."""
    base = old or DebriefData(new.visit_id)
    names = [
        name
        for name in DEBRIEF_TEXT_FIELDS
        if getattr(base, name).strip() != getattr(new, name).strip()
    ]
    if base.sentiment != new.sentiment:
        names.append("sentiment")
    if sorted(set(base.friction_categories)) != sorted(
        {c.strip() for c in new.friction_categories if c.strip()}
    ):
        names.append("friction")
    if _steps(base) != _steps(new):
        names.append("next_steps")
    if old is not None and sorted(set(base.contact_ids)) != sorted(set(new.contact_ids)):
        names.append("people_met")
    return list(dict.fromkeys(names))


@dataclass(frozen=True)
class DebriefMerge:
    """A three-way merge of a debrief: what merges by itself, and the fields both people changed."""

    merged: DebriefData  # mine, with their changes where only they changed, lists joined
    disputed: tuple[str, ...]  # text fields both changed differently: the user picks or edits
    taken: tuple[str, ...]  # fields taken from theirs because only they changed them


def merge_debriefs(
    base: DebriefData | None, theirs: DebriefData, mine: DebriefData
) -> DebriefMerge:
    """Merge their saved debrief and the user's unsaved one, both started from `base`.

    A text field only one side changed takes that side; one both changed is disputed (the merge
    holds mine until the user picks). Next steps and friction categories keep both lists
    (theirs first, then mine not already there); sentiment and people met follow the one side
    that changed them, else mine.
    """
    start = base or DebriefData(mine.visit_id)
    merged = replace(mine, next_steps=list(mine.next_steps))
    disputed: list[str] = []
    taken: list[str] = []
    for name in DEBRIEF_TEXT_FIELDS:
        was, their, my = (getattr(d, name).strip() for d in (start, theirs, mine))
        if their in (my, was):
            continue
        if my == was:
            setattr(merged, name, getattr(theirs, name))
            taken.append(name)
        else:
            disputed.append(name)
    if mine.sentiment == start.sentiment and theirs.sentiment != start.sentiment:
        merged.sentiment = theirs.sentiment
        taken.append("sentiment")
    if sorted(mine.contact_ids) == sorted(start.contact_ids) and sorted(
        theirs.contact_ids
    ) != sorted(start.contact_ids):
        merged.contact_ids = list(theirs.contact_ids)
    merged.friction_categories = list(
        dict.fromkeys([*theirs.friction_categories, *mine.friction_categories])
    )
    their_steps = {s.text.strip() for s in theirs.next_steps}
    merged.next_steps = [
        *theirs.next_steps,
        *(s for s in mine.next_steps if s.text.strip() and s.text.strip() not in their_steps),
    ]
    return DebriefMerge(merged, tuple(disputed), tuple(taken))
