"""Human-sounding demo text: debriefs, agendas, objectives, next steps and snooze reasons."""

from __future__ import annotations

import random
from dataclasses import dataclass

from fieldvisit.settings import DEFAULT_FRICTION_CATEGORIES

COMPETITORS = (
    "Vantora", "Quillbase", "Stratus One", "Helixa", "Brightwave", "Corvant", "Nexora",
    "Pallas Data", "Kinetiq", "Oberon Cloud",
)  # fmt: skip
SYSTEMS = (
    "the ERP", "their data warehouse", "the billing system", "the CRM", "the ticketing tool",
    "their planning spreadsheets", "the old reporting stack",
)  # fmt: skip
INITIATIVES = (
    "a cost-reduction programme", "a cloud migration", "a merger integration",
    "a new e-commerce channel", "a shared-services centre", "a security overhaul",
    "an expansion into two new markets",
)  # fmt: skip
QUARTERS = ("Q1", "Q2", "Q3", "Q4", "the first half", "next fiscal year")

LEARNED = (
    "{first} is driving {initiative} and our project is one of three that got funded.",
    "The real sponsor is {first}, not procurement; they sign anything under {money}.",
    "They are consolidating vendors and want one partner for {system} and reporting.",
    "{first} admitted the last rollout failed because nobody owned the data.",
    "The board asked for results by {quarter}; that is the date that matters, not ours.",
    "Their team spends two days a month reconciling {system} by hand.",
    "A reorganisation moved the budget to {first}'s group last month.",
    "They liked the pilot but never saw the usage numbers we sent.",
    "Legal, not the business, has been holding the paper for weeks.",
    "{first} wants references from a company their size in their industry.",
    "They run {system} on hardware that goes out of support in {quarter}.",
    "There is a new CIO who has not been briefed on the project at all.",
)
CHALLENGES = (
    "Hiring freeze: they cannot staff an implementation team before {quarter}.",
    "Data quality in {system} is poor, so every report is argued about.",
    "They are under pressure to cut {percent}% of operating cost this year.",
    "Two regions run different processes and neither will move first.",
    "Security wants every vendor through a 200-question review.",
    "Their IT team is stretched by {initiative}.",
    "Customer churn went up and the board wants answers.",
    "They have too many tools and nobody trusts the numbers.",
    "Integration with {system} is the blocker they keep coming back to.",
    "A failed project two years ago makes everyone cautious.",
)
FRICTION = {
    DEFAULT_FRICTION_CATEGORIES[0]: (
        "We waited eleven days for a discount approval the customer expected in two.",
        "Our rep could not quote the multi-year price without three sign-offs.",
        "The discount desk sent the offer back twice over a 2% difference.",
    ),
    DEFAULT_FRICTION_CATEGORIES[1]: (
        "Our standard contract has a liability clause their legal team will never sign.",
        "Redlines have bounced between legal teams for a month.",
        "We could not agree to their data-residency terms without a legal escalation.",
    ),
    DEFAULT_FRICTION_CATEGORIES[2]: (
        "Their security questionnaire sat in our queue for three weeks.",
        "We had no up-to-date penetration test report to share.",
        "Nobody on our side could answer their SSO questions in the room.",
    ),
    DEFAULT_FRICTION_CATEGORIES[3]: (
        "They need an on-premise connector we do not have on the roadmap.",
        "Missing audit-log export came up again; it is a deal breaker for them.",
        "Our reporting cannot split costs by business unit, which they require.",
    ),
    DEFAULT_FRICTION_CATEGORIES[4]: (
        "The implementation partner we proposed has no capacity before {quarter}.",
        "Onboarding plan was generic; they asked for one built around their regions.",
        "They heard our onboarding takes six months and that scared them.",
    ),
    DEFAULT_FRICTION_CATEGORIES[5]: (
        "The customer had to explain their history to a third person from our side.",
        "Customer success and sales gave them two different renewal dates.",
        "The handoff from pre-sales lost the technical notes from the workshop.",
    ),
    DEFAULT_FRICTION_CATEGORIES[6]: (
        "The quote the rep sent had the wrong currency and an expired product.",
        "CPQ could not build the bundle they asked for, so it went out by hand.",
        "It took four days to produce a quote with their ramped pricing.",
    ),
    DEFAULT_FRICTION_CATEGORIES[7]: (
        "Two of our reps argue over who owns the account's European entities.",
        "The overlay specialist will not engage because the deal does not count for them.",
        "Territory change last quarter left the account without a rep for six weeks.",
    ),
}
NO_FRICTION = (
    "Nothing on our side slowed this one down.",
    "The team had what it needed; no friction to report.",
    "None this time - the rep and SE were well prepared.",
)
VENDORS = (
    "{competitor}, on a contract that ends in {quarter}.",
    "Home-grown tools built on {system}.",
    "{competitor} for reporting, spreadsheets for everything else.",
    "Mostly {competitor}; a small team already uses us.",
    "A legacy on-premise suite they want to retire.",
)
BUDGET = (
    "Approved for this year, about {money}.",
    "Not allocated yet; {first} needs a business case by {quarter}.",
    "Comes out of the {initiative} budget.",
    "Frozen until the reorganisation settles.",
    "Around {money}, split across two cost centres.",
    "They expect {percent}% less than our proposal.",
)
SUMMARY = {
    "better": (
        "Good meeting: {first} now owns the decision and wants a plan by {quarter}.",
        "We are back in the lead; the sponsor asked for a proposal next week.",
        "Cleared the legal blocker in the room; deal should move this month.",
        "Strong exec alignment; they want a joint roadmap session.",
    ),
    "same": (
        "Useful, but nothing decided; the timing depends on their budget cycle.",
        "Friendly meeting; still no clear owner on their side.",
        "They like us and {competitor} equally; price will decide.",
        "Covered the basics; need a second meeting with {first}'s boss.",
    ),
    "worse": (
        "Harder than expected: {competitor} is further along than we thought.",
        "Budget moved to {initiative}; our project slipped to {quarter}.",
        "The sponsor is leaving; we need to rebuild the relationship.",
        "They are unhappy with support; expansion is on hold until that is fixed.",
    ),
}
NEXT_STEPS = (
    "Send the reference call list",
    "Share the security package",
    "Book a workshop with their IT team",
    "Send a revised proposal with the multi-year option",
    "Introduce our CFO to their CFO",
    "Get legal to answer the liability redlines",
    "Prepare a business case with their numbers",
    "Set up the pilot environment",
    "Schedule a roadmap session with product",
    "Follow up on the procurement timeline",
    "Confirm the implementation partner's availability",
    "Send usage numbers from the pilot",
)
AGENDAS = (
    "Executive alignment on {product}",
    "Quarterly business review",
    "Roadmap discussion",
    "{product}: next steps",
    "Partnership review",
    "Meet the leadership team",
)
OBJECTIVES = (
    "Unblock the legal review and agree a signing date.",
    "Meet the economic buyer and confirm budget.",
    "Widen the relationship beyond IT.",
    "Win back trust after the support escalation.",
    "Confirm the decision process and timeline.",
    "Position the multi-year agreement before {competitor} does.",
    "Understand why the deal went quiet.",
)
SNOOZE_REASONS = (
    "Customer in a budget freeze until their fiscal year starts.",
    "Waiting for the new CIO to start; re-engage after.",
    "Procurement on holiday shutdown.",
    "Merger announced; decisions paused.",
)


@dataclass(frozen=True)
class Meeting:
    """What a debrief talks about: who was met and how the deal moved."""

    people: list[tuple[str, str]]  # (name, title) of customer people met
    frictions: list[str]
    sentiment: str


def _fill(rng: random.Random, pattern: str, first: str) -> str:
    return pattern.format(
        first=first,
        quarter=rng.choice(QUARTERS),
        money=f"${rng.choice((80, 120, 150, 250, 400, 600, 900))}k",
        system=rng.choice(SYSTEMS),
        initiative=rng.choice(INITIATIVES),
        competitor=rng.choice(COMPETITORS),
        percent=rng.choice((10, 15, 20, 25, 30)),
    )


def _say(rng: random.Random, bank: tuple[str, ...], first: str, most: int = 2) -> str:
    picks = rng.sample(bank, rng.randint(1, most))
    return " ".join(_fill(rng, p, first) for p in picks)


def debrief_fields(rng: random.Random, meeting: Meeting) -> dict[str, str]:
    """Return a debrief's text fields (every one filled, each a little different)."""
    first = meeting.people[0][0].split()[0] if meeting.people else "the sponsor"
    if meeting.frictions:
        friction = " ".join(
            _fill(rng, rng.choice(FRICTION[category]), first) for category in meeting.frictions
        )
    else:
        friction = rng.choice(NO_FRICTION)
    competitors = rng.sample(COMPETITORS, rng.choice((0, 1, 1, 2)))
    if competitors:
        competitor_text = " and ".join(competitors) + rng.choice(
            (
                " are in the running.",
                " pitched last month.",
                " came up twice.",
                " are talking to them.",
            )
        )
    else:
        competitor_text = "None mentioned; they see it as build versus buy."
    return {
        "learned": _say(rng, LEARNED, first),
        "challenges": _say(rng, CHALLENGES, first),
        "field_friction": friction,
        "competitors": competitor_text,
        "current_vendor": _fill(rng, rng.choice(VENDORS), first),
        "budget": _fill(rng, rng.choice(BUDGET), first),
        "summary": _fill(rng, rng.choice(SUMMARY[meeting.sentiment]), first),
        "people_met": ", ".join(f"{name} ({title})" for name, title in meeting.people),
    }


def next_step_texts(rng: random.Random, count: int) -> list[str]:
    """Return `count` different next-step lines."""
    return rng.sample(NEXT_STEPS, count)


def agenda(rng: random.Random, product: str) -> str:
    """Return a customer-facing agenda line."""
    return rng.choice(AGENDAS).format(product=product)


def objective(rng: random.Random) -> str:
    """Return an internal visit objective."""
    return rng.choice(OBJECTIVES).format(competitor=rng.choice(COMPETITORS))


def snooze_reason(rng: random.Random) -> str:
    """Return why someone snoozed a deal."""
    return rng.choice(SNOOZE_REASONS)
