"""Issue 14's table in one command: every row on the small, medium and large demos, the exponent of
its growth, its ratio to a baseline measured in the same run, its aim and whether it is met.

Each row is measured by the benchmark module that owns it (`bench_launch`, `bench_week`,
`bench_deals`, `bench_coverage`, `bench_cli`, `bench_planning`, `bench_ui`); a module or function
that is missing gives its rows a "not measured" line instead of stopping the run. The exponent is
fitted over the open deals of each demo (`issue14_table.fit_exponent`). Figures go to
benchmarks/results/issue14.json.

    python -m benchmarks.issue14 --small S.fv --medium M.fv --large L.fv --as-of 2026-06-15
        [--runs 3] [--only launch cli memory …]
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.issue14_table import SIZES, Aim, Measured, Row, table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "issue14.json"

# The issue's rows, in its order: key -> (what, unit, baseline, aim).
ROWS: dict[str, tuple[str, str, str, Aim]] = {
    "launch_cold": ("suggestion cards on screen after launch, cold", "s", "empty window",
                    Aim(0.7, "s")),
    "launch_warm": ("suggestion cards on screen after launch, warm", "s", "empty window",
                    Aim(0.4, "s")),
    "week_side": ("This week's right column (debriefs due, upcoming)", "s", "raw SQL",
                  Aim(0.5, "s")),
    "deals": ("Deals page: all content (rows and signal chips)", "s", "raw SQL", Aim(1.0, "s")),
    "coverage_page": ("Coverage page content", "s", "raw SQL", Aim(0.5, "s")),
    "suggest_json": ("`fieldvisit suggest --json`", "s", "raw SQL process", Aim(2.0, "s")),
    "coverage_json": ("`fieldvisit coverage --json`", "s", "raw SQL process", Aim(1.0, "s")),
    "suggest_all": ("`suggest_all` in-process vs one raw SQL query (CPU)", "s", "raw SQL",
                    Aim(1.5, "×", on_ratio=True, inclusive=True)),
    "check": ("a small command (`check`)", "s", "python start", Aim(0.3, "s", size="small")),
    "peak_memory": ("peak memory, app", "MiB", "empty window", Aim(350, "MiB")),
}  # fmt: skip

Figures = dict[str, Measured]  # row key -> one demo's figure


def _pick(found: dict[str, Any], *keys: str) -> float:
    """Return the first of `keys` the module's figures hold (names differ between modules)."""
    for key in keys:
        if isinstance(found.get(key), int | float):
            return float(found[key])
    raise KeyError(f"none of {', '.join(keys)} in its figures")


def _module(name: str) -> Any:
    return importlib.import_module(f"benchmarks.{name}")


def launch(db: Path, as_of: str, runs: int) -> Figures:
    """Cards on screen after launch, cold and warm, against an empty window's first paint."""
    with tempfile.TemporaryDirectory(prefix="fv-issue14-") as scratch:
        got = _module("bench_launch").measure(db, runs, ROOT, Path(scratch))
    empty = _pick(got, "empty_window_s")
    return {
        "launch_cold": Measured(_pick(got, "cold_cards_s"), empty),
        "launch_warm": Measured(_pick(got, "warm_cards_s"), empty),
    }


def week(db: Path, as_of: str, runs: int) -> Figures:
    """This week's side column's background work against one raw SQL query (`bench_week`)."""
    got = _module("bench_week").measure(db, date.fromisoformat(as_of), runs)
    return {"week_side": Measured(_pick(got, "side_task_s"), _pick(got, "raw_sql_s"))}


def deals(db: Path, as_of: str, runs: int) -> Figures:
    """The Deals page's content against its baseline (`bench_deals`)."""
    got = _module("bench_deals").measure(db, as_of, runs)
    value = _pick(got, "content_s", "all_s", "chips_s", "signals_s")
    return {"deals": Measured(value, _pick(got, "raw_sql_s", "baseline_s", "empty_window_s"))}


def coverage_page(db: Path, as_of: str, runs: int) -> Figures:
    """The Coverage page's content against one raw SQL query (`bench_coverage`)."""
    got = _module("bench_coverage")._page(db, as_of, runs, ROOT)
    return {"coverage_page": Measured(_pick(got, "content_s"), _pick(got, "raw_sql_s"))}


def cli(db: Path, as_of: str, runs: int) -> Figures:
    """Whole commands against their baselines in the same run (`bench_cli.measure`)."""
    measure = _module("bench_cli").measure
    out: Figures = {}
    for row, key in (
        ("check", "check"),
        ("suggest", "suggest_json"),
        ("coverage", "coverage_json"),
    ):
        got = measure(row, db, as_of, runs, ROOT)
        out[key] = Measured(_pick(got, "command_s"), _pick(got, "baseline_s"))
    return out


def planning(db: Path, as_of: str, runs: int) -> Figures:
    """`suggest_all` in its own process against one raw SQL query (`bench_planning`)."""
    measure = _module("bench_planning")._measure
    key = ("first_cpu_s_median",)
    return {
        "suggest_all": Measured(
            _pick(measure("suggest_all", db, as_of), *key),
            _pick(measure("raw_sql", db, as_of), *key),
        )
    }


def memory(db: Path, as_of: str, runs: int) -> Figures:
    """The app's peak memory against an empty PySide6 window's (`bench_ui.peak_memory`)."""
    got = _module("bench_ui").peak_memory(db, runs=max(1, min(runs, 3)))
    return {"peak_memory": Measured(_pick(got, "peak_mib"), _pick(got, "empty_window_peak_mib"))}


# Where each row comes from: source name -> (measuring function, the rows it fills).
SOURCES: dict[str, tuple[Callable[[Path, str, int], Figures], tuple[str, ...]]] = {
    "launch": (launch, ("launch_cold", "launch_warm")),
    "week": (week, ("week_side",)),
    "deals": (deals, ("deals",)),
    "coverage": (coverage_page, ("coverage_page",)),
    "cli": (cli, ("check", "suggest_json", "coverage_json")),
    "planning": (planning, ("suggest_all",)),
    "memory": (memory, ("peak_memory",)),
}


def open_deals(db: Path) -> int:
    """Return the workspace's open deals (the size each row's exponent is fitted over)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM deal WHERE status = 'open'").fetchone()[0])
    finally:
        con.close()


def run(
    workspaces: dict[str, Path], as_of: str, runs: int, only: list[str] | None = None
) -> list[Row]:
    """Measure every row on every workspace; a failing source gives its rows a note instead."""
    rows = {key: Row(what, unit, base, aim) for key, (what, unit, base, aim) in ROWS.items()}
    failed: dict[str, dict[str, str]] = {key: {} for key in rows}
    for name, (measure, keys) in SOURCES.items():
        if only and name not in only:
            continue
        for size, db in workspaces.items():
            print(f"  {name:<9} {size:<7}…", flush=True)
            try:
                got = measure(db, as_of, runs)
            except Exception as exc:  # noqa: BLE001 — one row failing must not stop the table
                last = (str(exc).strip().splitlines() or [""])[-1][:100]
                print(f"    not measured: {type(exc).__name__}: {last}", flush=True)
                for key in keys:
                    failed[key][size] = f"{type(exc).__name__}: {last}"
                continue
            for key, figure in got.items():
                rows[key].figures[size] = figure
    for key, row in rows.items():
        missing = {s: why for s, why in failed[key].items() if s not in row.figures}
        if not row.figures:
            row.note = "not measured: " + (next(iter(missing.values()), "not selected"))
        elif missing:
            row.note = f"{', '.join(missing)} not measured: {next(iter(missing.values()))}"
    return list(rows.values())


def main(argv: list[str] | None = None) -> int:
    """Measure issue 14's rows; print the table; write benchmarks/results/issue14.json."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.issue14")
    for size in SIZES:
        parser.add_argument(f"--{size}", type=Path, help=f"the {size} demo workspace")
    parser.add_argument("--as-of", required=True, help="the demos' as-of day, YYYY-MM-DD")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (medians)")
    parser.add_argument("--only", nargs="+", choices=sorted(SOURCES), help="these sources only")
    args = parser.parse_args(argv)
    workspaces = {s: getattr(args, s) for s in SIZES if getattr(args, s) is not None}
    if not workspaces:
        parser.error("give at least one of --small, --medium, --large")
    missing = [str(p) for p in workspaces.values() if not p.exists()]
    if missing:
        parser.error(f"no such workspace: {', '.join(missing)}")
    deals_per_size = {size: open_deals(db) for size, db in workspaces.items()}
    with tempfile.TemporaryDirectory(prefix="fv-issue14-") as scratch:
        # Every measurement reads a copy: opening a workspace may store what the app learns.
        copies = {}
        for size, db in workspaces.items():
            copies[size] = Path(scratch) / size / db.name
            copies[size].parent.mkdir()
            shutil.copyfile(db, copies[size])
        rows = run(copies, args.as_of, args.runs, args.only)
    lines = table(rows, deals_per_size)
    print(f"\nIssue 14 on {', '.join(f'{s} ({n:,} open deals)' for s, n in deals_per_size.items())},"
          f" as of {args.as_of}:")  # fmt: skip
    print("\n".join(lines))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "as_of": args.as_of,
        "runs": args.runs,
        "open_deals": deals_per_size,
        "rows": [
            {
                "what": row.what,
                "unit": row.unit,
                "baseline": row.baseline,
                "aim": row.aim.words(),
                "figures": {s: vars(m) for s, m in row.figures.items()},
                "exponent": row.exponent(deals_per_size),
                "met": row.met(),
                "note": row.note,
            }
            for row in rows
        ],
        "table": lines,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
