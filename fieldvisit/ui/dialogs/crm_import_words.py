"""The CRM import wizard's words and guesses: they live in the core, `ingest/crm/wizard_words.py`."""

from __future__ import annotations

from fieldvisit.ingest.crm.wizard_words import (
    CRM_LABELS,
    CRMS,
    DROPPABLE_SUFFIXES,
    GENERIC,
    KIND_WORDS,
    LEVEL_WORDS,
    app_words,
    asks_date_order,
    asks_date_order_cause,
    because_words,
    changes_line,
    column_words,
    droppable,
    guess_crm,
    is_older_refusal,
    kind_count,
    notes_for,
    problem_line,
    problem_lines,
)

__all__ = [
    "CRMS",
    "CRM_LABELS",
    "DROPPABLE_SUFFIXES",
    "GENERIC",
    "KIND_WORDS",
    "LEVEL_WORDS",
    "app_words",
    "asks_date_order",
    "asks_date_order_cause",
    "because_words",
    "changes_line",
    "column_words",
    "droppable",
    "guess_crm",
    "is_older_refusal",
    "kind_count",
    "notes_for",
    "problem_line",
    "problem_lines",
]
