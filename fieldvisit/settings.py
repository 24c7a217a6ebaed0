"""Every workspace tunable, declared once with its default.

Workspace rules live in the `setting` table (key → JSON value) so a team sharing a workspace shares
them; window geometry and recent files live in QSettings (ui only). A key missing from the table
means "the default below".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from fieldvisit.errors import FieldVisitError
from fieldvisit.rule_fields import rule_problems
from fieldvisit.signal_table import default_weights

DEFAULT_PIPELINE = (
    "Prospecting",
    "Qualification",
    "Discovery",
    "Proposal",
    "Negotiation",
    "Closed Won",
    "Closed Lost",
)

# Who is an executive, by job title: the first rule whose words occur in a title gives the level
# ("" = not an executive), so exceptions come first ("Account Executive", "Executive Assistant")
# and "Executive Vice President" is decided before "Vice President", and that before "President".
# Words match whole, case- and hyphen-blind; a pattern ending in "*" matches the start of a word
# (German compounds: "Vorstandsvorsitzender", "Geschäftsführerin").
DEFAULT_EXECUTIVE_TITLES = (
    ("account executive", ""),
    ("executive assistant", ""),
    ("assistant*", ""),
    ("assistent*", ""),
    ("chief of staff", ""),
    ("svp", "SVP"),
    ("evp", "SVP"),
    ("senior vice president*", "SVP"),
    ("executive vice president*", "SVP"),
    ("senior vice-président*", "SVP"),
    ("vp", "VP"),
    ("vice president*", "VP"),
    ("vicepresident*", "VP"),
    ("vice-président*", "VP"),
    ("vizepräsident*", "VP"),
    ("bereichsleiter*", "VP"),
    ("ceo", "C"),
    ("cfo", "C"),
    ("coo", "C"),
    ("cto", "C"),
    ("cro", "C"),
    ("cmo", "C"),
    ("cio", "C"),
    ("chief", "C"),
    ("president*", "C"),
    ("président*", "C"),
    ("präsident*", "C"),
    ("founder*", "C"),
    ("cofounder*", "C"),
    ("gründer*", "C"),
    ("fondat*", "C"),
    ("fundador*", "C"),
    ("vorstand*", "C"),
    ("geschäftsführer*", "C"),
    ("managing director", "C"),
    ("directeur général", "C"),
    ("directrice générale", "C"),
    ("pdg", "C"),
    ("director general", "C"),
    ("directora general", "C"),
    ("consejero delegado", "C"),
    ("amministratore delegato", "C"),
    ("direttore generale", "C"),
)

# Stage names that close a deal when nothing else says so (a CRM export names its own).
CLOSED_STAGE_WORDS = frozenset(
    {"closed", "won", "lost", "geschlossen", "gewonnen", "verloren", "gagné", "perdu"}
)

DEFAULT_FRICTION_CATEGORIES = (
    "Pricing and discounting approval",
    "Legal and contract terms",
    "Security review",
    "Product gap",
    "Implementation and onboarding",
    "Internal handoffs",
    "Quoting and CPQ tools",
    "Territory and compensation",
)


@dataclass
class Rules:
    """The workspace's planning rules; every number here is a user setting."""

    pipeline: list[str] = field(default_factory=lambda: list(DEFAULT_PIPELINE))
    # job title → executive level for CRM users (see DEFAULT_EXECUTIVE_TITLES)
    executive_titles: list[list[str]] = field(
        default_factory=lambda: [list(rule) for rule in DEFAULT_EXECUTIVE_TITLES]
    )
    strategic_amount: float = 100_000.0
    currency: str = "USD"  # the workspace currency: thresholds and priorities compare in it
    currency_rates: dict[str, float] = field(default_factory=dict)  # 1 unit of X = rate × currency
    # stall signals
    stage_limits: dict[str, int] = field(default_factory=dict)  # stage -> days, overrides learning
    stage_limit_factor: float = 1.5
    stage_limit_min_samples: int = 10
    stage_limit_default_days: int = 30
    idle_days: int = 21
    close_pushes: int = 2
    # risk signals
    single_threaded_days: int = 90
    no_decision_maker_days: int = 60
    no_exec_touch_days: int = 90
    # priority weights per signal
    signal_weights: dict[str, float] = field(default_factory=default_weights)  # signal_table
    # executive choice weights
    weight_continuity: float = 3.0
    weight_seniority: float = 2.0
    weight_proximity: float = 2.0
    weight_capacity: float = 1.5
    suggestion_horizon_days: int = 21
    # proposed visit days and hours (planning.workdays owns the rule)
    company_closures: list[str] = field(default_factory=list)  # ISO dates the company is closed
    visit_hours_start: int = 9  # customer's local business hours for a proposed visit
    visit_hours_end: int = 17
    lead_days_near: int = 1  # business days of notice within lead_near_km of the executive
    lead_days_mid: int = 3  # … within lead_mid_km
    lead_days_far: int = 10  # … beyond
    lead_near_km: float = 300.0
    lead_mid_km: float = 3000.0
    # fair load
    weekly_visit_max: int = 3  # visits per executive per week, unless all in one place (a trip)
    # cadence: days between executive touches per account tier (no entry: no cadence)
    cadence_days: dict[str, int] = field(default_factory=lambda: {"strategic": 90, "key": 180})
    trip_radius_km: float = 100.0
    trip_gap_days: int = 3
    impact_window_days: int = 30
    default_visit_minutes: int = 60
    default_monthly_visit_target: int = 4
    friction_categories: list[str] = field(
        default_factory=lambda: list(DEFAULT_FRICTION_CATEGORIES)
    )
    # invites
    organizer_email: str = ""
    organizer_name: str = ""
    company_name: str = "Our company"
    caldav_url: str = ""
    caldav_username: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_starttls: bool = True


RULE_KEYS = frozenset(f.name for f in fields(Rules))


def load_rules(conn: Connection) -> Rules:
    """Return the workspace's rules: stored values over the defaults."""
    rules = Rules()
    for key, raw in conn.execute(text("SELECT key, value FROM setting")):
        if key in RULE_KEYS:
            setattr(rules, key, json.loads(raw))
    # A signal added since the weights were saved gets its default weight.
    rules.signal_weights = {**default_weights(), **rules.signal_weights}
    return rules


def save_rules(
    conn: Connection,
    changes: dict[str, Any],
    *,
    seen: Mapping[str, int] | None = None,
    kept_over: bool = False,
    recorded: bool = True,
) -> None:
    """Store the given rule values (keys must be known rule names); refuse values out of a
    rule's range or otherwise wrong (`rule_fields.rule_problems`, as the Settings page shows).

    Each changed value is versioned and recorded (`store.versions.write_setting`); `seen` holds
    the versions the user's form started from (`setting_versions`; a key missing: 0).
    `recorded=False` (a new demo's own values) writes no version or trail."""
    from fieldvisit.store.versions import write_setting

    defaults = asdict(Rules())
    problems = rule_problems({k: v for k, v in changes.items() if k in RULE_KEYS})
    if problems:
        raise FieldVisitError("Settings not saved: " + " ".join(problems))
    for key, value in changes.items():
        if key not in RULE_KEYS:
            raise KeyError(f"unknown setting {key!r}")
        expected = type(defaults[key])
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected):
            raise TypeError(f"setting {key!r} must be {expected.__name__}")
        before = None if seen is None else seen.get(key, 0)
        write_setting(
            conn, key, json.dumps(value), seen=before, kept_over=kept_over, recorded=recorded
        )


def pipeline_with(pipeline: list[str], new: list[str], closed: Iterable[str] = ()) -> list[str]:
    """Return `pipeline` with the `new` stages it lacks, open ones before its closed stages.

    The closed stages (won and lost) stay at the end; a new closed stage joins them. `closed`
    names closed stages beyond those whose names say so ("Closed Won", "Lost", …).
    """
    known = {stage.lower() for stage in pipeline}
    fresh = [s for s in dict.fromkeys(new) if s.lower() not in known]
    shut = {c.lower() for c in closed}

    def is_closed(stage: str) -> bool:
        return stage.lower() in shut or looks_closed(stage)

    cut = len(pipeline)
    while cut > 0 and is_closed(pipeline[cut - 1]):
        cut -= 1
    opening = [s for s in fresh if not is_closed(s)]
    closing = [s for s in fresh if is_closed(s)]
    return [*pipeline[:cut], *opening, *pipeline[cut:], *closing]


def looks_closed(stage: str) -> bool:
    """Return whether a stage's name says it closes a deal (won or lost)."""
    return bool(CLOSED_STAGE_WORDS & set(stage.lower().replace("-", " ").split()))


def set_pipeline(
    conn: Connection,
    stages: list[str],
    *,
    versions: Mapping[str, int] | None = None,
    kept_over: bool = False,
) -> list[str]:
    """Store the order of the workspace's pipeline stages; return it.

    Refuses an empty order, empty or repeated names, and an order leaving out a stage a deal is
    in (its deals would have no place in it). Signals and impact read the order from here.
    """
    order = [" ".join(stage.split()) for stage in stages]
    if not order or any(not stage for stage in order):
        raise FieldVisitError(
            "The pipeline needs its stages in order, separated by ';', none of them empty."
        )
    seen: dict[str, str] = {}
    for stage in order:
        if stage.lower() in seen:
            raise FieldVisitError(f"The stage {stage!r} is named twice in the pipeline order.")
        seen[stage.lower()] = stage
    in_use = conn.execute(
        text("SELECT stage, count(*) FROM deal GROUP BY stage ORDER BY stage")
    ).all()
    left_out = [(stage, n) for stage, n in in_use if stage.lower() not in seen]
    if left_out:
        named = ", ".join(f"{stage!r} ({n} deal{'s' if n != 1 else ''})" for stage, n in left_out)
        raise FieldVisitError(
            f"The new pipeline order leaves out stages deals are in: {named}; add them."
        )
    # A stage is stored as the deals (else the current pipeline) spell it, so signals find it.
    spelled = {stage.lower(): stage for stage in load_rules(conn).pipeline}
    spelled |= {stage.lower(): stage for stage, _ in in_use}
    order = [spelled.get(stage.lower(), stage) for stage in order]
    save_rules(conn, {"pipeline": order}, seen=versions, kept_over=kept_over)
    return order


def check_executive_titles(rules: list[list[str]]) -> list[list[str]]:
    """Return the title rule cleaned up, or raise FieldVisitError naming the bad entry."""
    from fieldvisit.store.models import LEVELS

    cleaned: list[list[str]] = []
    for entry in rules:
        if len(entry) != 2 or not str(entry[0]).strip():
            raise FieldVisitError(f"A title rule needs a pattern and a level; got {entry!r}.")
        pattern, level = " ".join(str(entry[0]).lower().split()), str(entry[1]).strip().upper()
        if level not in ("", *LEVELS):
            raise FieldVisitError(
                f"The title rule {pattern!r} gives the level {entry[1]!r}; "
                f"use one of {', '.join(LEVELS)} or nothing (not an executive)."
            )
        cleaned.append([pattern, level])
    return cleaned


# --- Calendar capture (fieldvisit.capture) ----------------------------------------------------
# Kept apart from `Rules` (the planning rules the Settings page edits field by field); stored in
# the same `setting` table under the keys below.

# Addresses at these domains are people, not companies: they never match an account by domain,
# only by a contact's exact e-mail.
DEFAULT_PERSONAL_MAIL_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "gmx.at",
    "gmx.ch",
    "web.de",
    "t-online.de",
    "freenet.de",
    "posteo.de",
    "mailbox.org",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "zoho.com",
    "yandex.com",
    "mail.ru",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "libero.it",
    "qq.com",
    "163.com",
    "fastmail.com",
    "hey.com",
)


@dataclass
class CaptureSettings:
    """How calendar capture tells our people and customers apart, and where calendars are."""

    # Our company's e-mail domains; empty: the domains of the executives' and reps' addresses.
    company_domains: list[str] = field(default_factory=list)
    personal_mail_domains: list[str] = field(
        default_factory=lambda: list(DEFAULT_PERSONAL_MAIL_DOMAINS)
    )
    # executive e-mail (lower-case) → {"path": …} or {"caldav_url": …, "caldav_user": …}
    calendar_sources: dict[str, dict[str, str]] = field(default_factory=dict)


CAPTURE_KEY_PREFIX = "capture_"
CAPTURE_KEYS = frozenset(f.name for f in fields(CaptureSettings))


def load_capture_settings(conn: Connection) -> CaptureSettings:
    """Return the calendar-capture settings: stored values over the defaults."""
    found = CaptureSettings()
    rows = conn.execute(
        text("SELECT key, value FROM setting WHERE key IN :k").bindparams(
            bindparam("k", expanding=True)
        ),
        {"k": [CAPTURE_KEY_PREFIX + key for key in sorted(CAPTURE_KEYS)]},
    )
    for key, raw in rows:
        setattr(found, key.removeprefix(CAPTURE_KEY_PREFIX), json.loads(raw))
    return found


def save_capture_settings(conn: Connection, changes: dict[str, Any]) -> None:
    """Store calendar-capture settings (keys are `CaptureSettings` field names), versioned."""
    from fieldvisit.store.versions import write_setting

    defaults = asdict(CaptureSettings())
    for key, value in changes.items():
        if key not in CAPTURE_KEYS:
            raise KeyError(f"unknown capture setting {key!r}")
        if not isinstance(value, type(defaults[key])):
            raise TypeError(f"capture setting {key!r} must be {type(defaults[key]).__name__}")
        write_setting(conn, CAPTURE_KEY_PREFIX + key, json.dumps(value))
