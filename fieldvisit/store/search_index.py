"""Debrief search on PostgreSQL: a tsvector per debrief in `debrief_fts`, a GIN index, triggers.

SQLite's side is FTS5 (migrations 0002 and 0007). Here each debrief's words — its own fields,
its next steps (with owners) and its friction categories — are folded (lower case, accents
removed when the `unaccent` extension can be had, as SQLite's `remove_diacritics 2` does) and kept
as a 'simple' tsvector, refreshed by triggers on the three tables. `fv_fold(text)` is the one
folding rule, used by the index and by the query (`websearch_to_tsquery`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

FOLD_FUNCTION = "fv_fold"
TEXT_CONFIG = "simple"


def create_postgres_index(execute: Callable[[str], object], columns: Sequence[str]) -> None:
    """Create the search table, its GIN index, the refresh function and triggers; fill it."""
    execute(
        "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS unaccent; "
        "EXCEPTION WHEN OTHERS THEN NULL; END $$"
    )
    execute(
        f"DO $$ BEGIN IF to_regprocedure('unaccent(text)') IS NOT NULL THEN "
        f"EXECUTE 'CREATE FUNCTION {FOLD_FUNCTION}(t text) RETURNS text LANGUAGE sql STABLE "
        "AS $f$ SELECT lower(unaccent(coalesce(t, ''''))) $f$'; "
        f"ELSE EXECUTE 'CREATE FUNCTION {FOLD_FUNCTION}(t text) RETURNS text LANGUAGE sql "
        "IMMUTABLE AS $f$ SELECT lower(coalesce(t, '''')) $f$'; END IF; END $$"
    )
    execute(
        "CREATE TABLE debrief_fts (debrief_id integer PRIMARY KEY "
        "REFERENCES debrief(id) ON DELETE CASCADE, doc tsvector NOT NULL)"
    )
    execute("CREATE INDEX ix_debrief_fts_doc ON debrief_fts USING gin (doc)")
    own = ", ".join(f"d.{c}" for c in columns)
    steps = (
        "(SELECT string_agg(n.text || coalesce(' (' || n.owner || ')', ''), '; ') "
        "FROM next_step n WHERE n.debrief_id = d.id)"
    )
    friction = (
        "(SELECT string_agg(f.category, '; ') FROM debrief_friction f WHERE f.debrief_id = d.id)"
    )
    execute(
        "CREATE FUNCTION debrief_fts_refresh(pk integer) RETURNS void LANGUAGE sql AS $$ "
        "DELETE FROM debrief_fts WHERE debrief_id = pk; "
        f"INSERT INTO debrief_fts(debrief_id, doc) SELECT d.id, to_tsvector('{TEXT_CONFIG}', "
        f"{FOLD_FUNCTION}(concat_ws(' ', {own}, {steps}, {friction}))) "
        "FROM debrief d WHERE d.id = pk; $$"
    )
    execute(
        "CREATE FUNCTION debrief_fts_on_debrief() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' THEN DELETE FROM debrief_fts WHERE debrief_id = OLD.id; RETURN OLD; "
        "END IF; PERFORM debrief_fts_refresh(NEW.id); RETURN NEW; END $$"
    )
    execute(
        "CREATE FUNCTION debrief_fts_on_part() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP <> 'INSERT' THEN PERFORM debrief_fts_refresh(OLD.debrief_id); END IF; "
        "IF TG_OP <> 'DELETE' THEN PERFORM debrief_fts_refresh(NEW.debrief_id); END IF; "
        "RETURN NULL; END $$"
    )
    execute(
        "CREATE TRIGGER debrief_fts_debrief AFTER INSERT OR UPDATE OR DELETE ON debrief "
        "FOR EACH ROW EXECUTE FUNCTION debrief_fts_on_debrief()"
    )
    for table in ("next_step", "debrief_friction"):
        execute(
            f"CREATE TRIGGER debrief_fts_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION debrief_fts_on_part()"
        )
    execute("SELECT debrief_fts_refresh(id) FROM debrief")


def drop_postgres_index(execute: Callable[[str], object]) -> None:
    """Remove everything `create_postgres_index` made (the extension stays: others may use it)."""
    execute("DROP TABLE IF EXISTS debrief_fts")
    for table in ("debrief", "next_step", "debrief_friction"):
        execute(f"DROP TRIGGER IF EXISTS debrief_fts_{table} ON {table}")
    for function in (
        "debrief_fts_on_debrief()",
        "debrief_fts_on_part()",
        "debrief_fts_refresh(integer)",
        f"{FOLD_FUNCTION}(text)",
    ):
        execute(f"DROP FUNCTION IF EXISTS {function}")
