"""Time to This week's suggestion cards on screen after launch, cold and warm, as a ratio to an
empty PySide6 window's first paint timed in the same run (issue 14's first row).

Each start is a child process (offscreen), timed from its spawn on the wall clock the parent
shares: Python's start, the imports, the window (its frame's first paint is reported too), the
workspace opened on a worker as `run_app` does, and the first paint of a suggestion card. Cold: a data folder without kept
answers (the first start on this workspace and date: the cards wait for the suggestions).
Warm: a data folder where an earlier start kept This week's answers (a restart: they paint at
once, then refresh). Also: when the background refresh has finished (`fresh_s`). Each size runs
on its own copy of the workspace (the app may write its learned stage limits into the file).
Modules' bytecode is cached (as in an installed app), whatever PYTHONDONTWRITEBYTECODE says.
Runs take turns (empty, cold, warm, …); medians are reported, with the exponent of the growth
with the open deals from small to medium to large. `--tree DIR` runs another checkout's
`fieldvisit` (e.g. `git archive HEAD | tar -x -C DIR`) to compare before and after. Figures go
to benchmarks/results/launch.json.

    python -m benchmarks.bench_launch [--runs 3] [--large PATH@DATE] [--tree DIR] [--sizes …]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "launch.json"
AIMS_S = {"cold": 0.7, "warm": 0.4}  # on the large demo (issue 14)


def _emit(spawned: float, what: str) -> None:
    print(json.dumps({"event": what, "since_spawn": time.time() - spawned}), flush=True)


def child_empty(spawned: float) -> None:
    """Show an empty PySide6 window; report its first paint."""
    from benchmarks.bench_ui import paint_empty_window

    paint_empty_window((1280, 800), lambda: _emit(spawned, "first_paint"))


def child_app(spawned: float, db: Path) -> None:
    """Start as `run_app` does; report the first paint, the first suggestion card painted, and
    the end of This week's background loads."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from fieldvisit.ui.app import attach_workspace, make_application

    app = make_application()
    from fieldvisit.ui.main_window import MainWindow
    from fieldvisit.ui.tasks import TaskRunner
    from fieldvisit.ui.widgets.cards import SuggestionCard
    from fieldvisit.ui.workspaces import open_existing

    seen: set[str] = set()

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                if "first_paint" not in seen:
                    seen.add("first_paint")
                    _emit(spawned, "first_paint")
                if "cards" not in seen and isinstance(obj, SuggestionCard):
                    seen.add("cards")
                    _emit(spawned, "cards")
            return False

    watcher = Painted()
    app.installEventFilter(watcher)
    window = MainWindow(None, None, remember_geometry=False)
    window.show_opening(db)
    window.resize(1280, 800)
    window.show()

    runner = TaskRunner()

    def open_it() -> None:  # as `run_app` does: the file opens on a worker
        runner.run(
            lambda _progress, _cancelled: open_existing(db),
            title="Opening the workspace",
            on_done=opened,
            cancellable=False,
        )

    def opened(ws: Any) -> None:
        ctx = attach_workspace(window, ws, runner)
        week = window.current_page()

        def check() -> None:
            if "cards" in seen and week is not None and not week.busy and not ctx.tasks.active():
                _emit(spawned, "fresh")
                ctx.tasks.shutdown()
                os._exit(0)  # Qt's teardown is not part of what a user waits for

        timer = QTimer(window)
        timer.timeout.connect(check)
        timer.start(5)

    QTimer.singleShot(0, open_it)
    QTimer.singleShot(180_000, lambda: os._exit(3))
    app.exec()


def _run(args: list[str], tree: Path, home: Path | None = None) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(tree))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: compiled modules are kept
    if home is not None:
        env["FIELDVISIT_HOME"] = str(home)
    proc = subprocess.run(
        [sys.executable, str(Path(__file__)), *args, "--spawned", repr(time.time())],
        capture_output=True, text=True, cwd=tree, env=env, timeout=240,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    found: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            found.setdefault(data["event"], float(data["since_spawn"]))
    return found


def _kept(home: Path) -> bool:
    return any((home / "data" / "cache").glob("week-*.json"))


def measure(db: Path, runs: int, tree: Path, scratch: Path) -> dict[str, Any]:
    """Return the medians (seconds since spawn) and ratios to the empty window for one size."""
    copy = scratch / db.name
    shutil.copyfile(db, copy)
    warm_home = scratch / "warm-home"
    for _ in range(2):  # the first start may learn and store the stage limits: then none kept
        if not _kept(warm_home):
            _run(["--child", "app", "--db", str(copy)], tree, warm_home)
    empty, cold, warm, cold_fresh, warm_fresh, frame = [], [], [], [], [], []
    for i in range(runs):
        empty.append(_run(["--child", "empty"], tree)["first_paint"])
        got = _run(["--child", "app", "--db", str(copy)], tree, scratch / f"cold-{i}")
        cold.append(got["cards"])
        frame.append(got["first_paint"])
        cold_fresh.append(got["fresh"])
        got = _run(["--child", "app", "--db", str(copy)], tree, warm_home)
        warm.append(got["cards"])
        frame.append(got["first_paint"])
        warm_fresh.append(got["fresh"])
    med = statistics.median
    return {
        "empty_window_s": round(med(empty), 3),
        "app_first_paint_s": round(med(frame), 3),  # the window's frame, before the workspace
        "cold_cards_s": round(med(cold), 3),
        "warm_cards_s": round(med(warm), 3),
        "cold_fresh_s": round(med(cold_fresh), 3),
        "warm_fresh_s": round(med(warm_fresh), 3),
        "cold_ratio": round(med(cold) / med(empty), 2),
        "warm_ratio": round(med(warm) / med(empty), 2),
        "warm_answers_kept": _kept(warm_home),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure every size; print and write benchmarks/results/launch.json."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_launch")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", metavar="PATH@DATE", help="a large demo (its date is its own)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="run fieldvisit from this checkout")
    parser.add_argument("--sizes", nargs="+", default=None, help="only these sizes")
    parser.add_argument("--child", choices=["empty", "app"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(
        argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else []
    )
    if args.child == "empty":
        child_empty(args.spawned)
        return 0
    if args.child == "app":
        child_app(args.spawned, args.db)
        return 0
    from benchmarks.bench_cli import AS_OF, SIZES, _ensure, _open_deals

    sizes = dict(SIZES)
    if args.large:
        sizes["large"] = Path(args.large.partition("@")[0])
    if args.sizes:
        sizes = {k: v for k, v in sizes.items() if k in args.sizes}
    figures: dict[str, Any] = {}
    deals: dict[str, int] = {}
    tree = args.tree.resolve()
    for size, db in sizes.items():
        if size in SIZES:
            _ensure(db, size)
        deals[size] = _open_deals(db)
        with tempfile.TemporaryDirectory(prefix="fv-launch-") as scratch:
            got = measure(db, args.runs, tree, Path(scratch))
        figures[size] = got
        print(
            f"  {size:<7} cards on screen: cold {got['cold_cards_s']:.2f} s "
            f"({got['cold_ratio']:.2f}× empty window), warm {got['warm_cards_s']:.2f} s "
            f"({got['warm_ratio']:.2f}×); empty window {got['empty_window_s']:.2f} s, the "
            f"app's frame {got['app_first_paint_s']:.2f} s; "
            f"refreshed: cold {got['cold_fresh_s']:.2f} s, warm {got['warm_fresh_s']:.2f} s",
            flush=True,
        )
    names = list(figures)
    for small, big in zip(names, names[1:], strict=False):
        for kind in ("cold", "warm"):
            growth = figures[big][f"{kind}_cards_s"] / figures[small][f"{kind}_cards_s"]
            exponent = math.log(growth) / math.log(deals[big] / deals[small])
            figures[f"{kind}_exponent_{small}_to_{big}"] = round(exponent, 2)
            print(f"  {kind} cards grow as open deals^{exponent:.2f} from {small} to {big}")
    result = {
        "benchmark": "launch",
        "tree": "this checkout" if tree == ROOT else "another checkout",
        "as_of": {k: (args.large.partition("@")[2] or "its own") if k == "large" else AS_OF
                  for k in figures if not k.startswith(("cold_", "warm_"))},
        "runs": args.runs,
        "open_deals": deals,
        "figures": figures,
        "aims_s_on_large": AIMS_S,
        "python": platform.python_version(),
        "cores": os.cpu_count(),
    }  # fmt: skip
    if tree == ROOT:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
