"""How soon the Deals page shows all its content, and whether any row moves after it first shows.

Each run is a child process (offscreen) that opens a copy of the workspace, shows the Deals page
and watches every reset of its table until the page's background work settles:

- `first_rows_s`: the table first shows rows (from `show()`);
- `content_s`: the rows on screen (the first 200, with their signal chips) are the final ones,
  never to change again: all content, no re-sort after it;
- `settled_s`: nothing left to load; `moved_after_first_show`: whether the rows first shown
  differ from the final ones (a re-sort under the user).

Baselines timed in the same child: one raw SQL query of every stalled strategic deal's signals
(`bench_planning.RAW_SQL`, a plain sqlite3 connection) and an empty PySide6 window's first paint.
With several workspaces it also gives how `content_s` grows with the open deals (the exponent
from the smallest to the largest). Figures go to benchmarks/results/deals.json.

    python -m benchmarks.bench_deals [--db PATH ...] [--as-of 2026-06-15] [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.bench_planning import raw_sql_seconds

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "deals.json"
DEFAULT_DBS = (HERE / "data" / "small.fieldvisit", HERE / "data" / "medium.fieldvisit")
AS_OF = "2026-06-15"
SHOWN = 200  # rows the table fetches first: what a user can scroll to without waiting


def _empty_window_s() -> float:
    """Return the seconds from a bare QWidget's show() to its first paint."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance()
    painted: list[float] = []

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    watcher = Painted()
    window = QWidget()
    window.installEventFilter(watcher)
    window.resize(1440, 900)
    started = time.perf_counter()
    window.show()
    while not painted:
        app.processEvents()  # type: ignore[union-attr]
    window.close()
    return painted[0] - started


def child(db: Path, as_of: date) -> None:
    """Show the Deals page on `db`; print the figures as one JSON line."""
    from fieldvisit.ui.app import make_application

    app = make_application()
    empty_window = _empty_window_s()  # the first window this process paints, as the page is
    from fieldvisit.store.opening import open_workspace
    from fieldvisit.ui.context import AppContext
    from fieldvisit.ui.models.deals_model import CODES_ROLE, SIGNALS
    from fieldvisit.ui.pages.deals import DealsPage

    ws = open_workspace(db)
    ctx = AppContext(ws, as_of)
    page = DealsPage(ctx)
    page.resize(1440, 860)
    model = page.model
    seen: list[tuple[float, list[tuple[int, str]]]] = []

    def rows() -> list[tuple[int, str]]:
        n = min(SHOWN, model.rowCount())
        return [(model.deal_pk(r), model.index(r, SIGNALS).data(CODES_ROLE)) for r in range(n)]

    def watch() -> None:
        seen.append((time.perf_counter() - started, rows()))

    for signal in (model.modelReset, model.rowsInserted, model.dataChanged, model.layoutChanged):
        signal.connect(watch)
    started = time.perf_counter()
    page.show()
    while page.busy or ctx.tasks.active():
        app.processEvents()
        time.sleep(0.001)
    settled = time.perf_counter() - started
    final = rows()
    shown = [(t, r) for t, r in seen if r]
    content = settled
    for t, r in reversed(shown):  # the earliest time after which the rows never changed
        if r != final:
            break
        content = t
    with ws.connect() as conn:
        open_deals = conn.exec_driver_sql("SELECT count(*) FROM deal WHERE status = 'open'")
        deals = int(open_deals.scalar() or 0)
    figures = {
        "open_deals": deals,
        "first_rows_s": shown[0][0] if shown else settled,
        "content_s": content,
        "settled_s": settled,
        "moved_after_first_show": bool(shown) and shown[0][1] != final,
        "chips_on_first_rows": sum(1 for _pk, codes in shown[0][1] if codes) if shown else 0,
        "raw_sql_s": raw_sql_seconds(db, as_of),
        "empty_window_s": empty_window,
    }
    ctx.tasks.shutdown()
    print(json.dumps(figures), flush=True)
    os._exit(0)  # skip Qt's teardown: not part of what a user waits for


def measure(db: Path, as_of: str, runs: int) -> dict[str, Any]:
    """Return the medians of `runs` children on a copy of `db` (the app may write to it)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        out = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_deals", "--child", str(copy), as_of],
                capture_output=True,
                text=True,
                cwd=HERE.parent,
                env=env,
                check=True,
            )
            out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    med = statistics.median
    result: dict[str, Any] = {"workspace": db.name, "as_of": as_of, "runs": runs}
    result["open_deals"] = out[0]["open_deals"]
    for key in ("first_rows_s", "content_s", "settled_s", "raw_sql_s", "empty_window_s"):
        result[key] = round(med(r[key] for r in out), 3)
    result["moved_after_first_show"] = any(r["moved_after_first_show"] for r in out)
    result["chips_on_first_rows"] = min(r["chips_on_first_rows"] for r in out)
    result["content_to_raw_sql"] = round(med(r["content_s"] / r["raw_sql_s"] for r in out), 2)
    result["content_to_empty_window"] = round(
        med(r["content_s"] / max(r["empty_window_s"], 1e-3) for r in out), 1
    )
    return result


def growth(results: list[dict[str, Any]], key: str = "content_s") -> float | None:
    """Return the exponent k in time ∝ deals^k from the smallest to the largest workspace."""
    ordered = sorted(results, key=lambda r: r["open_deals"])
    small, large = ordered[0], ordered[-1]
    if len(ordered) < 2 or small["open_deals"] == large["open_deals"] or small[key] <= 0:
        return None
    return round(
        math.log(large[key] / small[key]) / math.log(large["open_deals"] / small["open_deals"]), 2
    )


def main(argv: list[str] | None = None) -> int:
    """Print the figures; return 0 (they are figures, not a pass/fail)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_deals")
    parser.add_argument("--db", type=Path, action="append", help="a workspace (repeatable)")
    parser.add_argument("--as-of", default=AS_OF, help=f"the as-of date (default {AS_OF})")
    parser.add_argument("--runs", type=int, default=3, help="children per workspace (default 3)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--child", nargs=2, metavar=("DB", "AS_OF"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv or [])  # `python -m benchmarks` calls main() bare
    if args.child:
        child(Path(args.child[0]), date.fromisoformat(args.child[1]))
        return 0
    dbs = args.db or [db for db in DEFAULT_DBS if db.exists()]
    results = [measure(db, args.as_of, args.runs) for db in dbs]
    summary = {"workspaces": results, "content_growth_exponent": growth(results)}
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    saved.update({r["workspace"]: r for r in results})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    for r in results:
        print(
            f"Deals on {r['workspace']} ({r['open_deals']:,} open deals, median of {r['runs']}): "
            f"rows {r['first_rows_s']:.3f} s, all content {r['content_s']:.3f} s "
            f"({r['content_to_raw_sql']}× the raw signals SQL {r['raw_sql_s']:.3f} s; "
            f"{r['content_to_empty_window']}× an empty window's paint), settled "
            f"{r['settled_s']:.3f} s; rows moved after first show: "
            f"{'yes' if r['moved_after_first_show'] else 'no'}"
        )
    if summary["content_growth_exponent"] is not None:
        print(f"content time grows as open deals^{summary['content_growth_exponent']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
