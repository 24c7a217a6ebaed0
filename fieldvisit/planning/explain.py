"""Why a suggestion, in plain sentences: what is wrong with the deal, why this executive, when.

The one place the "Why?" words are written; the app's dialog and the command line both read them.
The facts come from the signal objects (`results.Signal`: count, threshold, usual, since) and the
executive's factors, so no rule or threshold is repeated here. Weights and points stay out of the
sentences: they are the details, shown apart (the dialog's Details, `--json`, `suggest --verbose`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fieldvisit.planning.results import DealSignals, ExecChoice, Factor, Signal, Suggestion
from fieldvisit.planning.wording import how_often, month_day, multiple, number, period

NOTHING = "Nothing stands out on this deal right now."


@dataclass(frozen=True)
class Explanation:
    """A suggestion explained: the deal, who should go, with whom, when, and who else could."""

    deal: str
    who: str
    rep: str
    when: str
    others: str

    def paragraphs(self) -> list[str]:
        """Return the sentences that are not empty, in reading order."""
        return [p for p in (self.deal, self.who, self.rep, self.when, self.others) if p]


# -- the deal ------------------------------------------------------------------------------


def _stage_age(sig: Signal, stage: str) -> str:
    days = sig.count or 0
    if sig.usual:
        words = multiple(days / sig.usual)
        if not words:
            return f"Stuck in {stage} longer than usual"
        tail = "as long as usual" if not words.endswith("times") else "longer than usual"
        return f"Stuck in {stage} {words} {tail}"
    limit = sig.threshold or 0.0
    allowed = f"the {number(limit)} days allowed"
    words = multiple(days / limit) if limit else ""
    if words:
        return f"Stuck in {stage} {words} {allowed}"
    return f"Stuck in {stage} for {days} days, past {allowed}"


def _idle(sig: Signal, as_of: date) -> str:
    if sig.since is None:
        return "nothing has been recorded on it at all"
    when = month_day(sig.since, as_of)
    if sig.count == 0:
        return f"nothing has been recorded on it since it was opened in {when}"
    return f"nothing has happened on it since {when}"


def _close_slipped(sig: Signal, as_of: date) -> str:
    pushes = sig.count or 0
    moved = pushes >= (sig.threshold or 1) and pushes > 0
    passed = sig.since is not None and sig.since < as_of
    if moved and passed and sig.since is not None:
        when = month_day(sig.since, as_of)
        return f"its close date has moved {how_often(pushes)} and passed on {when}"
    if moved:
        return f"its close date has moved {how_often(pushes)}"
    if passed and sig.since is not None:
        return f"its close date ({month_day(sig.since, as_of)}) has passed"
    return "its close date keeps slipping"


def _single_threaded(sig: Signal) -> str:
    who = "only one person at the customer has" if sig.count == 1 else "no one at the customer has"
    return f"{who} been involved in {period(sig.threshold or 0)}"


def _no_decision_maker(sig: Signal) -> str:
    return f"no one has spoken to a decision maker in {period(sig.threshold or 0)}"


def _no_exec_touch(sig: Signal, as_of: date) -> str:
    if sig.since is None:
        return "no executive has ever met them"
    return f"no executive has met them since {month_day(sig.since, as_of)}"


def signal_clause(sig: Signal, deal: DealSignals, as_of: date) -> str:
    """Return one signal as a clause ("Stuck in Negotiation three times longer than usual")."""
    if sig.code == "stage_age":
        return _stage_age(sig, deal.stage)
    if sig.code == "idle":
        return _idle(sig, as_of)
    if sig.code == "close_slipped":
        return _close_slipped(sig, as_of)
    if sig.code == "single_threaded":
        return _single_threaded(sig)
    if sig.code == "no_decision_maker":
        return _no_decision_maker(sig)
    if sig.code == "no_exec_touch":
        return _no_exec_touch(sig, as_of)
    return _lower_first(sig.detail)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def join(clauses: Sequence[str], pair: str = " and ") -> str:
    """Return "a", "a and b" (`pair` between two), "a, b, and c"."""
    if len(clauses) <= 1:
        return "".join(clauses)
    if len(clauses) == 2:
        return pair.join(clauses)
    return ", ".join(clauses[:-1]) + f", and {clauses[-1]}"


def _sentence(clauses: Sequence[str]) -> str:
    # Clauses about a deal have different subjects, so two of them take a comma.
    return _upper_first(join(clauses, ", and ")) + "." if clauses else ""


def deal_sentence(deal: DealSignals, as_of: date) -> str:
    """Return what is wrong with a deal in one or two plain sentences, stall signals first."""
    stalls = [signal_clause(s, deal, as_of) for s in deal.signals if s.stalls]
    risks = [signal_clause(s, deal, as_of) for s in deal.signals if not s.stalls]
    if not stalls and not risks:
        return NOTHING
    if len(stalls) + len(risks) <= 3 or not stalls or not risks:
        return _sentence(stalls + risks)
    return f"{_sentence(stalls)} {_sentence(risks)}"


# -- the executive -------------------------------------------------------------------------

_MET_IN = re.compile(r" in ([A-Z][a-z]+(?: \d{4})?)$")
_MEETS = re.compile(r"meets their (.+?)(, one level apart)?$")
_MONTH_LOAD = re.compile(r"^(\d+) of (\d+) visits? this month")


def factor_clause(factor: Factor) -> str:
    """Return why an executive fits, as a clause after their name ("has met them before (March)")."""
    reason = factor.reason
    if factor.code == "continuity":
        met = _MET_IN.search(reason)
        return f"has met them before ({met.group(1)})" if met else "has met them before"
    if factor.code == "seniority":
        meets = _MEETS.search(reason)
        if meets:
            if meets.group(2):
                return f"is close in seniority to their {meets.group(1)}"
            return f"is senior enough to meet their {meets.group(1)}"
    if factor.code == "proximity" and reason.startswith(("Already ", "In ")):
        return "is " + _lower_first(reason)
    if factor.code == "capacity":
        load = _MONTH_LOAD.match(reason)
        if load:
            done, target = int(load.group(1)), int(load.group(2))
            if done == 0:
                return "has no customer visit yet this month"
            if done < target:
                return f"has room this month ({done} of {target} visits so far)"
            return "has time for it"
    return _lower_first(reason)


def _first_name(choice: ExecChoice) -> str:
    return choice.name.split()[0] if choice.name.strip() else choice.email


def executive_clauses(choice: ExecChoice) -> list[str]:
    """Return the clauses for the factors that earned something, biggest first."""
    shown = sorted((f for f in choice.factors if f.points > 0), key=lambda f: -f.points)
    return [factor_clause(f) for f in shown]


def executive_sentence(choice: ExecChoice) -> str:
    """Return "Naomi has met them before (March), … and is in Toronto on Fri 4 Dec."."""
    clauses = executive_clauses(choice)
    if not clauses:
        return f"{choice.name} is the best placed of those who could go."
    return f"{_first_name(choice)} {join(clauses)}."


def alternatives_sentence(choices: Sequence[ExecChoice]) -> str:
    """Return "Also possible: Dana Lee, who lives in Chicago; Sam Ortiz." ("" with nobody else)."""
    if not choices:
        return ""
    parts = []
    for alt in choices:
        clauses = executive_clauses(alt)
        parts.append(f"{alt.name}, who {join(clauses)}" if clauses else alt.name)
    return "Also possible: " + "; ".join(parts) + "."


# -- the whole suggestion ------------------------------------------------------------------


def explain(suggestion: Suggestion, as_of: date) -> Explanation:
    """Return a suggestion explained in plain sentences (see the module docstring)."""
    rep = f"With {suggestion.rep_name}, who owns the deal." if suggestion.rep_name else ""
    when = suggestion.window_reason.rstrip(".")
    return Explanation(
        deal=deal_sentence(suggestion.deal, as_of),
        who=executive_sentence(suggestion.executive),
        rep=rep,
        when=f"When: {when}." if when else "",
        others=alternatives_sentence(suggestion.alternatives),
    )
