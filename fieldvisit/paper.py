"""Which paper a printed page is laid out for: US Letter where people use it, A4 elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")

# Countries whose offices print on US Letter (ISO 3166-1 alpha-2); everyone else uses A4.
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "SV", "HN", "NI", "PA", "DO", "PR"}
)

# Where a POSIX system says the paper's country: LC_ALL wins, then LC_PAPER, then LANG.
_LOCALE_VARIABLES = ("LC_ALL", "LC_PAPER", "LANG")


def paper_for_country(country: str | None) -> Paper:
    """Return "letter" for a country that prints on US Letter, else "a4" (also when unknown)."""
    return "letter" if (country or "").upper() in LETTER_COUNTRIES else "a4"


def country_of_locale(name: str) -> str | None:
    """Return the country of a locale name ("en_US.UTF-8" → "US"; "C" or "de" → None)."""
    base = name.split(".", 1)[0].split("@", 1)[0]
    for sep in ("_", "-"):
        if sep in base:
            country = base.rsplit(sep, 1)[1]
            return country.upper() if len(country) == 2 and country.isalpha() else None
    return None


def country_from_environment(env: Mapping[str, str]) -> str | None:
    """Return the paper's country from the locale variables (None when they do not say one)."""
    for variable in _LOCALE_VARIABLES:
        value = env.get(variable, "").strip()
        if value:
            return country_of_locale(value)
    return None
