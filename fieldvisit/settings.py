"""Every workspace tunable, declared once with its default.

Workspace rules live in the `setting` table (key → JSON value) so a team sharing a workspace shares
them; window geometry and recent files live in QSettings (ui only). A key missing from the table
means "the default below".
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

DEFAULT_PIPELINE = (
    "Prospecting",
    "Qualification",
    "Discovery",
    "Proposal",
    "Negotiation",
    "Closed Won",
    "Closed Lost",
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
    strategic_amount: float = 100_000.0
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
    signal_weights: dict[str, float] = field(
        default_factory=lambda: {
            "stage_age": 3.0,
            "idle": 2.0,
            "close_slipped": 2.0,
            "single_threaded": 1.0,
            "no_decision_maker": 1.5,
            "no_exec_touch": 1.0,
        }
    )
    # executive choice weights
    weight_continuity: float = 3.0
    weight_seniority: float = 2.0
    weight_proximity: float = 2.0
    weight_capacity: float = 1.5
    suggestion_horizon_days: int = 21
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
    return rules


def save_rules(conn: Connection, changes: dict[str, Any]) -> None:
    """Store the given rule values (keys must be known rule names)."""
    defaults = asdict(Rules())
    for key, value in changes.items():
        if key not in RULE_KEYS:
            raise KeyError(f"unknown setting {key!r}")
        expected = type(defaults[key])
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected):
            raise TypeError(f"setting {key!r} must be {expected.__name__}")
        conn.execute(
            text(
                "INSERT INTO setting(key, value) VALUES (:k, :v) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            ),
            {"k": key, "v": json.dumps(value)},
        )
