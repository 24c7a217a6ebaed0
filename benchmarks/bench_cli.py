"""How fast the command line answers, as whole processes, against a baseline timed in the same run.

Three rows of issue 14, each a ratio of medians over runs taken in turn (A B A B …):

- `check` (a small command) against `python -c "import sqlite3"` (the interpreter's start);
- `suggest --json` (every suggestion) against one raw SQL query of every stalled strategic deal's
  signals in a plain `sqlite3` process (`bench_planning.RAW_SQL`), its rows written as JSON;
- `coverage --json` against one raw SQL query of every strategic account's executive visits.

Each runs on the small and medium demos (built once into benchmarks/data/), and on a large one when
given; the exponent says how the command's time grows with the open deals from one size to the
next. Figures go to benchmarks/results/cli.json. `--tree DIR` runs `fieldvisit` from another
checkout (e.g. `git archive HEAD | tar -x -C DIR`) to compare before and after.

    python -m benchmarks.bench_cli [--runs 5] [--large PATH@DATE] [--tree DIR] [--only check]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "cli.json"
AS_OF = "2026-11-25"
SIZES = {"small": HERE / "data" / "small.fieldvisit", "medium": HERE / "data" / "medium.fieldvisit"}
# Aims on the large demo (issue 14): whole-process seconds.
AIMS_S = {"check": 0.3, "suggest": 2.0, "coverage": 1.0}

COVERAGE_SQL = """
SELECT a.id, a.name, a.tier,
  (SELECT MAX(v.start) FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id
    WHERE v.account_id = a.id AND v.status != 'cancelled' AND v.start < :end) AS last_exec_visit,
  (SELECT COUNT(DISTINCT v.id) FROM visit v JOIN visit_executive ve ON ve.visit_id = v.id
    WHERE v.account_id = a.id AND v.status != 'cancelled' AND v.start >= :lo AND v.start < :end)
    AS visits
FROM account a WHERE a.tier = 'strategic'
ORDER BY visits, last_exec_visit
"""


def raw(what: str, db: Path, as_of_text: str) -> None:
    """The baseline: one raw SQL query in a plain sqlite3 process, its rows printed as JSON."""
    from benchmarks.bench_planning import RAW_SQL, _raw_params

    as_of = date.fromisoformat(as_of_text)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    params = _raw_params(as_of)
    if what == "coverage":
        sql = COVERAGE_SQL
        params = {"end": params["end"], "lo": f"{as_of.replace(day=1).isoformat()} 00:00:00"}
    else:
        sql = RAW_SQL
    rows = con.execute(sql, params).fetchall()
    sys.stdout.write(json.dumps([list(r) for r in rows]) + "\n")


def _commands(db: Path, as_of: str, tree: Path) -> dict[str, tuple[list[str], list[str], Path]]:
    """Return each row's command, its baseline and the folder the command runs in."""
    python = sys.executable
    fv = [python, "-m", "fieldvisit", "--db", str(db)]
    base = [python, "-m", "benchmarks.bench_cli", "--raw"]
    return {
        "check": (fv + ["check"], [python, "-c", "import sqlite3"], tree),
        "suggest": (fv + ["suggest", "--json", "--as-of", as_of], base + ["suggest"], tree),
        "coverage": (fv + ["coverage", "--json", "--as-of", as_of], base + ["coverage"], tree),
    }


def _time(argv: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def measure(row: str, db: Path, as_of: str, runs: int, tree: Path) -> dict[str, Any]:
    """Time a row's command and its baseline in turn; return medians, spread and the ratio."""
    command, baseline, cwd = _commands(db, as_of, tree)[row]
    if row != "check":
        baseline = baseline + [str(db), as_of]
    _time(command, cwd), _time(baseline, ROOT)  # warm the file cache
    a, b = [], []
    for _ in range(runs):
        a.append(_time(command, cwd))
        b.append(_time(baseline, ROOT))
    ratios = [x / y for x, y in zip(a, b, strict=True)]
    return {
        "command_s": round(statistics.median(a), 3),
        "command_min_s": round(min(a), 3),
        "command_max_s": round(max(a), 3),
        "baseline_s": round(statistics.median(b), 3),
        "ratio": round(statistics.median(ratios), 2),
    }


def _open_deals(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM deal WHERE status = 'open'").fetchone()[0])
    finally:
        con.close()


def _ensure(db: Path, size: str) -> None:
    if db.exists():
        return
    print(f"  generating the {size} demo at {db} (once)…", flush=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", str(db), "demo", "--size", size,
         "--as-of", AS_OF],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Measure every row on every size; print and write benchmarks/results/cli.json."""
    parser = argparse.ArgumentParser(prog="bench_cli")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", metavar="PATH@DATE", help="a large demo and its as-of day")
    parser.add_argument("--tree", type=Path, default=ROOT, help="run fieldvisit from this checkout")
    parser.add_argument("--only", action="append", choices=sorted(AIMS_S), help="these rows only")
    parser.add_argument("--raw", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(
        argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else []
    )
    if args.raw:
        raw(args.raw[0], Path(args.raw[1]), args.raw[2])
        return 0
    sizes: dict[str, tuple[Path, str]] = {name: (path, AS_OF) for name, path in SIZES.items()}
    if args.large:
        path, _, day = args.large.partition("@")
        sizes["large"] = (Path(path), day or AS_OF)
    rows = args.only or list(AIMS_S)
    figures: dict[str, dict[str, Any]] = {row: {} for row in rows}
    deals: dict[str, int] = {}
    for size, (db, as_of) in sizes.items():
        _ensure(db, size)
        deals[size] = _open_deals(db)
        for row in rows:
            if row == "check" and size != "small":
                continue  # a small command: its time is the start, not the data
            got = measure(row, db, as_of, args.runs, args.tree.resolve())
            figures[row][size] = got
            print(
                f"  {row:<9} {size:<7} {got['command_s']:7.3f} s "
                f"(min {got['command_min_s']:.3f}, max {got['command_max_s']:.3f})  "
                f"baseline {got['baseline_s']:.3f} s  ratio {got['ratio']:5.2f}x",
                flush=True,
            )
    for row in rows:
        names = [s for s in sizes if s in figures[row]]
        for small, big in zip(names, names[1:], strict=False):
            growth = figures[row][big]["command_s"] / figures[row][small]["command_s"]
            exponent = math.log(growth) / math.log(deals[big] / deals[small])
            figures[row][f"exponent_{small}_to_{big}"] = round(exponent, 2)
            print(f"  {row:<9} grows as open deals^{exponent:.2f} from {small} to {big}")
    result = {
        "benchmark": "cli",
        "tree": "this checkout" if args.tree.resolve() == ROOT else "another checkout",
        "runs": args.runs,
        "open_deals": deals,
        "rows": figures,
        "aims_s_on_large": AIMS_S,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cores": os.cpu_count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"  written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
