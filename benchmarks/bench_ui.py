"""How the desktop app feels on the large demo: first paint, suggestions, page switches, the deals
table (sort, filter, detail) and peak memory — each also as a ratio to a baseline.

Baselines: an empty PySide6 window's start (for the first paint) and the raw SQL or the planning
call behind each view (for everything else). Each measured start runs in a child process
(offscreen), so its time includes Python's start and imports and its peak memory is its own.
Figures go to benchmarks/results/ui.json.

Peak memory (issue 14: < 350 MiB on the large demo) is the child's peak RSS, against an empty
PySide6 window's in the same run; with `--small/--medium/--large` it is measured on each and its
growth with the open deals is given as an exponent (`issue14_table.fit_exponent`).

    python -m benchmarks.bench_ui [--db benchmarks/data/large.fieldvisit]
    python -m benchmarks.bench_ui --memory --small S.fv --medium M.fv --large L.fv [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DB = HERE / "data" / "large.fieldvisit"
RESULTS = HERE / "results" / "ui.json"
# Issue 14's aims on the large demo (first paint and interactions: earlier issues').
AIMS = {
    "first_paint_s": 1.0,
    "suggestions_s": 0.7,
    "week_side_s": 0.5,
    "deals_content_s": 1.0,
    "coverage_content_s": 0.5,
    "interaction_s": 0.2,
    "peak_mib": 350.0,
}


def _peak_mib() -> float:
    """Return this process's peak resident memory in MiB.

    Linux: VmHWM, this program's own. ru_maxrss survives exec, so a child started from a big
    parent (issue14 runs some benchmarks in process) would report the parent's size.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text("utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


SPAWNED = [0.0]  # wall-clock time the parent started this child (set from --spawned)


def _emit(started: float, what: str) -> None:
    # Seconds since the parent spawned this process (interpreter start and imports included),
    # measured on the wall clock both share; pipe buffering cannot skew it.
    print(
        json.dumps(
            {
                "event": what,
                "since_spawn": time.time() - SPAWNED[0],
                "t": time.perf_counter() - started,
            }
        ),
        flush=True,
    )


def paint_empty_window(size: tuple[int, int], on_paint: Callable[[], None]) -> None:
    """Show an empty PySide6 window of `size`, call `on_paint` at its first paint, and return:
    the baseline the app's start is compared with (bench_ui, bench_launch)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                on_paint()
                app.quit()
            return False

    watcher = Painted()
    app.installEventFilter(watcher)
    window = QWidget()
    window.resize(*size)
    window.show()
    app.exec()


def child_empty() -> None:
    """Show an empty PySide6 window and report its first paint."""
    started = time.perf_counter()
    paint_empty_window((1440, 900), lambda: _emit(started, "first_paint"))
    print(json.dumps({"event": "figures", "figures": {"peak_mib": _peak_mib()}}), flush=True)


def _pump_until(app: Any, done: Any, limit_s: float = 120.0) -> float:
    """Process events until done() is true; return the seconds it took."""
    t0 = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - t0 > limit_s:
            raise TimeoutError("the app did not finish in time")
    return time.perf_counter() - t0


def _timed(app: Any, action: Any) -> float:
    """Run an interaction on the UI thread and let Qt paint; return the seconds it blocked."""
    t0 = time.perf_counter()
    action()
    app.processEvents()
    return time.perf_counter() - t0


def child_app(db: Path) -> None:
    """Open the app on `db`, measure what a user waits for, print the figures as JSON."""
    started = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject, Qt

    from fieldvisit.ui.app import make_application

    app = make_application()
    from fieldvisit.ui.main_window import MainWindow

    figures: dict[str, Any] = {}
    painted: list[float] = []

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter() - started)
                _emit(started, "first_paint")
            return False

    watcher = Painted()
    app.installEventFilter(watcher)
    # As run_app does: the window's frame paints, then the workspace opens from the event loop.
    window = MainWindow(None, None, remember_geometry=False)
    window.show_opening(db)
    window.resize(1440, 900)
    window.show()
    _pump_until(app, lambda: bool(painted))
    figures["first_paint_in_process_s"] = painted[0]
    from fieldvisit.ui.app import attach_workspace
    from fieldvisit.ui.workspaces import open_existing

    ctx = attach_workspace(window, open_existing(db), deterministic=True)
    week = window.current_page()
    # The cards are on screen once the suggestions arrived (the side column follows).
    _pump_until(app, lambda: getattr(week, "suggested", None) is not None)
    app.processEvents()
    figures["suggestions_s"] = time.perf_counter() - started
    _emit(started, "suggestions")
    _pump_until(app, lambda: not week.busy)
    figures["week_complete_s"] = time.perf_counter() - started
    app.removeEventFilter(watcher)

    switches: dict[str, dict[str, float]] = {}
    for key in window.page_keys():
        t0 = time.perf_counter()
        page = window.show_page(key)
        app.processEvents()
        blocked = time.perf_counter() - t0
        _pump_until(app, lambda p=page: not p.busy and not ctx.tasks.active())
        switches[key] = {"switch_s": blocked, "content_s": time.perf_counter() - t0}
    # A second visit to each page: what switching feels like once pages are built.
    for key in window.page_keys():
        switches[key]["switch_again_s"] = _timed(app, lambda k=key: window.show_page(k))
    figures["pages"] = switches

    deals = window.show_page("deals")
    _pump_until(app, lambda: deals.signals_ready and not deals.busy)
    model = deals.model
    figures["deals_rows"] = model.total
    from fieldvisit.ui.models.deals_model import HEADERS

    sorts = {}
    for col, name in enumerate(HEADERS):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            label = f"{name} {'up' if order == Qt.SortOrder.AscendingOrder else 'down'}"
            sorts[label] = _timed(app, lambda c=col, o=order: deals.table.sortByColumn(c, o))
    figures["deals_sort_s"] = sorts
    filters = {
        "strategic off": lambda: deals.strategic_only.setChecked(False),
        "stalled only": lambda: deals.stalled_only.setChecked(True),
        "text 'bank'": lambda: model.update_filter(text="bank"),
        "stage Negotiation": lambda: deals.stage.setCurrentIndex(
            deals.stage.findText("Negotiation")
        ),
        "clear": lambda: (
            model.update_filter(text=""),
            deals.stage.setCurrentIndex(0),
            deals.stalled_only.setChecked(False),
            deals.strategic_only.setChecked(True),
        ),
    }
    figures["deals_filter_s"] = {name: _timed(app, act) for name, act in filters.items()}
    figures["deals_scroll_fetch_s"] = _timed(app, lambda: deals.table.scrollToBottom())
    deals.table.sortByColumn(len(HEADERS) - 1, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    details = []
    for row in (0, 1, 2):
        t0 = time.perf_counter()
        deals.table.selectRow(row)
        pk = model.deal_pk(row)
        _pump_until(
            app, lambda p=pk: deals.detail.detail is not None and deals.detail.detail.pk == p
        )
        details.append(time.perf_counter() - t0)
    figures["deal_detail_s"] = statistics.median(details)
    figures["peak_mib"] = _peak_mib()
    figures["as_of"] = str(ctx.as_of)
    ctx.tasks.shutdown()
    print(json.dumps({"event": "figures", "figures": figures}), flush=True)
    os._exit(0)  # skip Qt's teardown: not part of what a user waits for


def _run_child(
    args: list[str], home: Path | None = None
) -> tuple[dict[str, float], dict[str, Any]]:
    """Run a child; return when each event line arrived (seconds since spawn) and its figures.

    With `home`, the child's data folder (kept answers, backups) is that folder.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if home is not None:
        env["FIELDVISIT_HOME"] = str(home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.bench_ui", *args, "--spawned", repr(time.time())],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=HERE.parent,
        env=env,
    )
    arrived: dict[str, float] = {}
    figures: dict[str, Any] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        if not line.startswith("{"):
            continue
        data = json.loads(line)
        arrived.setdefault(data["event"], float(data.get("since_spawn", 0.0)))
        if data["event"] == "figures":
            figures = data["figures"]
    proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed: {proc.stderr.read() if proc.stderr else ''}")
    return arrived, figures


def raw_baselines(db: Path) -> dict[str, float]:
    """Time the SQL and planning calls behind the views, without any Qt."""
    from sqlalchemy import text

    from fieldvisit.planning import suggest_visits
    from fieldvisit.planning.money import strategic_params
    from fieldvisit.reads import deal_table as deals_store
    from fieldvisit.reads import visit_lines as readers
    from fieldvisit.reads.deal_detail import load_detail
    from fieldvisit.settings import load_rules
    from fieldvisit.store import open_workspace
    from fieldvisit.ui.context import workspace_as_of

    out: dict[str, float] = {}
    ws = open_workspace(db)
    as_of = workspace_as_of(ws, deterministic=True)
    with ws.connect() as conn:
        rules = load_rules(conn)
        t0 = time.perf_counter()
        suggest_visits(conn, as_of, rules, limit=9)
        out["suggest_visits_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute(text(deals_store._SOURCE_SQL), strategic_params(rules)).all()
        out["deals_source_sql_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        store = deals_store.build_store(conn, as_of, rules)
        out["deals_store_build_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        rows = deals_store.deal_signals(conn, as_of, rules)
        out["deal_signals_s"] = time.perf_counter() - t0
        deals_store.apply_signals(store, rows)
        t0 = time.perf_counter()
        readers.planned_visits(conn, as_of)
        readers.past_visits(conn, as_of)
        out["visits_sql_s"] = time.perf_counter() - t0
        pk = store.execute("SELECT pk FROM deal_row ORDER BY score DESC LIMIT 1").fetchone()[0]
        t0 = time.perf_counter()
        load_detail(conn, pk, as_of, "[]")
        out["deal_detail_sql_s"] = time.perf_counter() - t0
    sorts = []
    for key in ("account", "amount", "days_in_stage", "last_exec", "score"):
        t0 = time.perf_counter()
        store.execute(
            f"SELECT * FROM deal_row WHERE strategic = 1 ORDER BY {key} DESC, pk LIMIT 200"
        ).fetchall()
        store.execute("SELECT count(*) FROM deal_row WHERE strategic = 1").fetchone()
        sorts.append(time.perf_counter() - t0)
    out["store_sort_sql_s"] = statistics.median(sorts)
    t0 = time.perf_counter()
    store.execute(
        "SELECT * FROM deal_row WHERE search LIKE '%bank%' ORDER BY score DESC LIMIT 200"
    ).fetchall()
    out["store_filter_sql_s"] = time.perf_counter() - t0
    store.close()
    ws.close()
    return out


def _ratio(value: float, base: float) -> float:
    return round(value / base, 1) if base > 0 else float("inf")


def peak_memory(db: Path, runs: int = 1) -> dict[str, float]:
    """Return the app's peak RSS on `db` (every page visited) and an empty window's, in MiB.

    Medians over `runs`, the empty window and the app taken in turn. The app opens a copy of
    the workspace (it may store what it learns) with a new data folder each run (no answers kept
    from an earlier start).
    """
    empty, app = [], []
    with tempfile.TemporaryDirectory(prefix="fv-bench-ui-") as scratch:
        copy = Path(scratch) / db.name
        shutil.copyfile(db, copy)
        for i in range(runs):
            empty.append(_run_child(["--child", "empty"])[1]["peak_mib"])
            home = Path(scratch) / f"home-{i}"
            app.append(_run_child(["--child", "app", "--db", str(copy)], home)[1]["peak_mib"])
    peak, base = statistics.median(app), statistics.median(empty)
    return {
        "peak_mib": round(peak, 1),
        "empty_window_peak_mib": round(base, 1),
        "ratio_to_empty_window": _ratio(peak, base),
    }


def memory_main(workspaces: dict[str, Path], runs: int) -> int:
    """Print the peak memory on each demo, its growth with the open deals, and the aim."""
    from benchmarks.issue14 import open_deals
    from benchmarks.issue14_table import fit_exponent

    figures = {size: peak_memory(db, runs) for size, db in workspaces.items()}
    deals = {size: open_deals(db) for size, db in workspaces.items()}
    for size, got in figures.items():
        print(
            f"peak memory {size:<7} ({deals[size]:>7,} open deals) {got['peak_mib']:6.0f} MiB "
            f"(empty window {got['empty_window_peak_mib']:.0f} MiB, "
            f"{got['ratio_to_empty_window']}×)"
        )
    names = list(figures)
    ns = [deals[s] for s in names]
    exponent = fit_exponent(ns, [figures[s]["peak_mib"] for s in names])
    above = fit_exponent(
        ns, [figures[s]["peak_mib"] - figures[s]["empty_window_peak_mib"] for s in names]
    )
    if exponent is not None and above is not None:
        print(f"grows as open deals^{exponent:.2f} (above the empty window: ^{above:.2f})")
    if "large" in figures:
        met = figures["large"]["peak_mib"] < AIMS["peak_mib"]
        print(f"aim < {AIMS['peak_mib']:.0f} MiB on the large demo: {'met' if met else 'NOT met'}")
    out = HERE / "results" / "ui_memory.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = {"runs": runs, "open_deals": deals, "figures": figures, "exponent": exponent}
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Measure the app on the large demo; print the figures; write benchmarks/results/ui.json."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_ui")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--memory", action="store_true", help="peak memory only, on each size")
    for size in ("small", "medium", "large"):
        parser.add_argument(f"--{size}", type=Path, help=f"with --memory: the {size} demo")
    parser.add_argument("--runs", type=int, default=1, help="with --memory: runs per size")
    parser.add_argument("--child", choices=["empty", "app"])
    parser.add_argument("--spawned", type=float, default=0.0)
    args = parser.parse_args(
        argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else []
    )
    SPAWNED[0] = args.spawned or time.time()
    if args.child == "empty":
        child_empty()
        return 0
    if args.child == "app":
        child_app(args.db)
        return 0
    if args.memory:
        sizes = {s: getattr(args, s) for s in ("small", "medium", "large") if getattr(args, s)}
        return memory_main(sizes or {"large": args.db}, args.runs)
    if not args.db.exists():
        print(
            f"{args.db} is missing: run `python -m benchmarks.bench_demo` first.", file=sys.stderr
        )
        return 2
    empty_runs = [_run_child(["--child", "empty"]) for _ in range(3)]
    empty = statistics.median(arrived["first_paint"] for arrived, _ in empty_runs)
    empty_peak = statistics.median(figures["peak_mib"] for _, figures in empty_runs)
    with tempfile.TemporaryDirectory(prefix="fv-bench-ui-") as home:
        # A new data folder: no answers kept from an earlier start (a cold start).
        arrived, figures = _run_child(["--child", "app", "--db", str(args.db)], Path(home))
    raw = raw_baselines(args.db)
    interactions = [
        *(p["switch_again_s"] for p in figures["pages"].values()),
        *figures["deals_sort_s"].values(),
        *figures["deals_filter_s"].values(),
    ]
    worst = max(interactions)
    # The side column fills after the cards: its wait is the time from the cards to complete.
    week_side = figures["week_complete_s"] - figures["suggestions_s"]
    deals_content = figures["pages"]["deals"]["content_s"]
    coverage_content = figures["pages"]["coverage"]["content_s"]
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "workspace": str(args.db.name),
        "as_of": figures["as_of"],
        "empty_window_first_paint_s": empty,
        "first_paint_s": arrived["first_paint"],
        "first_paint_ratio_to_empty_window": _ratio(arrived["first_paint"], empty),
        "suggestions_on_screen_s": arrived["suggestions"],
        "suggestions_ratio_to_suggest_visits": _ratio(
            figures["suggestions_s"] - figures["first_paint_in_process_s"], raw["suggest_visits_s"]
        ),
        "pages": figures["pages"],
        "deals_rows": figures["deals_rows"],
        "deals_sort_s": figures["deals_sort_s"],
        "deals_sort_median_ratio_to_sql": _ratio(
            statistics.median(figures["deals_sort_s"].values()), raw["store_sort_sql_s"]
        ),
        "deals_filter_s": figures["deals_filter_s"],
        "deals_scroll_fetch_s": figures["deals_scroll_fetch_s"],
        "deals_content_ratio_to_sql": _ratio(
            figures["pages"]["deals"]["content_s"],
            raw["deals_store_build_s"] + raw["deal_signals_s"],
        ),
        "deal_detail_s": figures["deal_detail_s"],
        "deal_detail_ratio_to_sql": _ratio(figures["deal_detail_s"], raw["deal_detail_sql_s"]),
        "visits_content_ratio_to_sql": _ratio(
            figures["pages"]["visits"]["content_s"], raw["visits_sql_s"]
        ),
        "worst_interaction_s": worst,
        "week_side_s": week_side,
        "peak_mib": figures["peak_mib"],
        "empty_window_peak_mib": empty_peak,
        "peak_ratio_to_empty_window": _ratio(figures["peak_mib"], empty_peak),
        "raw": raw,
        "aims": AIMS,
        "met": {
            "first_paint": arrived["first_paint"] < AIMS["first_paint_s"],
            "suggestions": arrived["suggestions"] < AIMS["suggestions_s"],
            "week_side": week_side < AIMS["week_side_s"],
            "deals_content": deals_content < AIMS["deals_content_s"],
            "coverage_content": coverage_content < AIMS["coverage_content_s"],
            "interactions": worst < AIMS["interaction_s"],
            "peak_memory": figures["peak_mib"] < AIMS["peak_mib"],
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"empty PySide6 window, first paint   {empty:7.2f} s")
    print(
        f"app first paint                     {arrived['first_paint']:7.2f} s  "
        f"({result['first_paint_ratio_to_empty_window']}× empty)"
    )
    print(f"suggestions on screen               {arrived['suggestions']:7.2f} s")
    for key, p in figures["pages"].items():
        print(
            f"page {key:<12} switch {p['switch_s']:.3f} s, content {p['content_s']:.2f} s, "
            f"again {p['switch_again_s']:.3f} s"
        )
    print(
        f"deals: {figures['deals_rows']:,} rows; sort median "
        f"{statistics.median(figures['deals_sort_s'].values()):.3f} s "
        f"({result['deals_sort_median_ratio_to_sql']}× SQL); worst filter "
        f"{max(figures['deals_filter_s'].values()):.3f} s; detail {figures['deal_detail_s']:.3f} s"
    )
    print(f"worst interaction                   {worst:7.3f} s")
    print(f"This week's side column after cards {week_side:7.2f} s")
    print(
        f"peak memory                         {figures['peak_mib']:7.0f} MiB  "
        f"(empty window {empty_peak:.0f} MiB, {result['peak_ratio_to_empty_window']}×)"
    )
    for name, ok in result["met"].items():
        print(f"aim {name:<18} {'met' if ok else 'NOT met'}")
    print(f"written to {RESULTS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
