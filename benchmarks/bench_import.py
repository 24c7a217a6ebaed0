"""How fast `import_csv` is against raw SQLite `executemany` of the same rows.

Writes 3,000 reps, 30,000 accounts, 100,000 deals and 1,000,000 activities as CSV into a temporary
folder, imports them into a fresh workspace with `import_csv` (reading, checking, upserting and
history included), then inserts the same rows, already parsed and with ids resolved, into the same
tables of another fresh workspace with plain `sqlite3` `executemany` (one transaction per table, the
same pragmas). Figures go to benchmarks/results/import.json. Aim: import within 3x of raw for
deals and activities. The accounts import includes loading the offline city table once per process
(about 1-3 s, geo.py); the raw side gets coordinates resolved outside its timer.

    python -m benchmarks.bench_import [--deals 100000] [--activities 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "import.json"
TODAY = date(2026, 11, 22)
AIM = 3.0
CITIES = [
    ("Chicago", "US"),
    ("New York", "US"),
    ("San Francisco", "US"),
    ("Austin", "US"),
    ("Toronto", "CA"),
    ("London", "GB"),
    ("Manchester", "GB"),
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("Munich", "DE"),
    ("Berlin", "DE"),
    ("Hamburg", "DE"),
    ("Zurich", "CH"),
    ("Madrid", "ES"),
    ("Milan", "IT"),
    ("Amsterdam", "NL"),
    ("Stockholm", "SE"),
    ("Sydney", "AU"),
    ("Tokyo", "JP"),
    ("Singapore", "SG"),
]
STAGES = ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation"]
TYPES = ["call", "email", "meeting", "note"]


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def write_files(folder: Path, n_deals: int, n_activities: int, seed: int) -> dict[str, Path]:
    """Write the four CSV files (generic format) and return their paths by kind."""
    rng = random.Random(seed)
    n_reps, n_accounts = max(1, n_deals // 33), max(1, n_deals * 3 // 10)
    paths = {kind: folder / f"{kind}.csv" for kind in ("reps", "accounts", "deals", "activities")}
    with paths["reps"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["email", "name", "region"])
        for i in range(n_reps):
            w.writerow([f"rep{i}@corp.example", f"Rep {i}", rng.choice(["EMEA", "NA", "APAC"])])
    with paths["accounts"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["account_id", "name", "industry", "city", "country", "tier", "owner_email"])
        for i in range(n_accounts):
            city, country = rng.choice(CITIES)
            tier = rng.choices(["strategic", "key", "standard"], [1, 3, 6])[0]
            w.writerow(
                [
                    f"A{i}",
                    f"Account {i}",
                    "Software",
                    city,
                    country,
                    tier,
                    f"rep{rng.randrange(n_reps)}@corp.example",
                ]
            )
    deal_account: list[int] = []
    with paths["deals"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "deal_id",
                "account_id",
                "name",
                "owner_email",
                "stage",
                "amount",
                "currency",
                "created_on",
                "stage_entered_on",
                "close_date",
                "status",
                "strategic",
            ]
        )
        for i in range(n_deals):
            account = rng.randrange(n_accounts)
            deal_account.append(account)
            created = TODAY - timedelta(days=rng.randrange(30, 400))
            entered = created + timedelta(days=rng.randrange(0, 29))
            close = TODAY + timedelta(days=rng.randrange(-20, 200))
            w.writerow(
                [
                    f"D{i}",
                    f"A{account}",
                    f"Deal {i}",
                    f"rep{rng.randrange(n_reps)}@corp.example",
                    rng.choice(STAGES),
                    rng.randrange(5, 500) * 1000,
                    "USD",
                    created.isoformat(),
                    entered.isoformat(),
                    close.isoformat(),
                    "open",
                    rng.choice(["yes", "no"]),
                ]
            )
    with paths["activities"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["activity_id", "type", "occurred_on", "deal_id", "account_id", "rep_email"])
        for i in range(n_activities):
            deal = rng.randrange(n_deals)
            day = TODAY - timedelta(days=rng.randrange(0, 365))
            w.writerow(
                [
                    f"X{i}",
                    rng.choice(TYPES),
                    day.isoformat(),
                    f"D{deal}",
                    f"A{deal_account[deal]}",
                    f"rep{rng.randrange(n_reps)}@corp.example",
                ]
            )
    return paths


def time_imports(path: Path, files: dict[str, Path]) -> dict[str, float]:
    """Import every file with import_csv into a fresh workspace; return seconds per kind."""
    from fieldvisit.ingest import import_csv
    from fieldvisit.store import create_workspace

    seconds = {}
    ws = create_workspace(path)
    try:
        for kind, file in files.items():
            started = time.perf_counter()
            report = import_csv(ws, kind, file, today=TODAY)
            seconds[kind] = time.perf_counter() - started
            print(f"  import {kind:<10} {report.inserted:>9,} rows  {seconds[kind]:7.2f} s")
    finally:
        ws.close()
    return seconds


def _read(path: Path) -> Iterator[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        yield from reader


def parsed_rows(files: dict[str, Path]) -> dict[str, list[tuple[Any, ...]]]:
    """Return the files' rows as the tuples the import stores (ids resolved), per table."""
    from fieldvisit import geo

    out: dict[str, list[tuple[Any, ...]]] = {}
    reps = {row[0]: i for i, row in enumerate(_read(files["reps"]), start=1)}
    out["rep"] = [(i, row[0], row[1], row[2]) for i, row in enumerate(_read(files["reps"]), 1)]
    accounts: dict[str, int] = {}
    places = {pair: geo.resolve(*pair) for pair in CITIES}
    out["account"] = []
    for i, row in enumerate(_read(files["accounts"]), start=1):
        accounts[row[0]] = i
        p = places[(row[3], row[4])]
        out["account"].append(
            (
                i,
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                reps[row[6]],
                p.lat if p else None,
                p.lon if p else None,
                p.tz if p else None,
            )
        )
    deals: dict[str, int] = {}
    out["deal"], out["stage_change"] = [], []
    for i, row in enumerate(_read(files["deals"]), start=1):
        deals[row[0]] = i
        out["deal"].append(
            (
                i,
                row[0],
                accounts[row[1]],
                row[2],
                reps[row[3]],
                row[4],
                float(row[5]),
                row[6],
                row[7],
                row[8],
                row[9],
                row[10],
                1 if row[11] == "yes" else 0,
            )
        )
        out["stage_change"].append((i, row[4], row[8]))
    out["activity"] = [
        (i, row[0], row[1], row[2], deals[row[3]], accounts[row[4]], reps[row[5]])
        for i, row in enumerate(_read(files["activities"]), start=1)
    ]
    return out


RAW_SQL = {
    "rep": "INSERT INTO rep (id, email, name, region) VALUES (?, ?, ?, ?)",
    "account": "INSERT INTO account (id, external_id, name, industry, city, country, tier, "
    "owner_rep_id, lat, lon, tz) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "deal": "INSERT INTO deal (id, external_id, account_id, name, owner_rep_id, stage, amount, "
    "currency, created_on, stage_entered_on, close_date, status, strategic) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "stage_change": "INSERT INTO stage_change (deal_id, stage, entered_on) VALUES (?, ?, ?)",
    "activity": "INSERT INTO activity (id, external_id, type, occurred_on, deal_id, account_id, "
    "rep_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
}


def time_raw(path: Path, rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, float]:
    """Insert the parsed rows with sqlite3 executemany, one transaction per table; seconds each."""
    from fieldvisit.store import create_workspace

    create_workspace(path).close()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        # The pragmas every workspace connection uses (store/workspace.py).
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA synchronous=FULL")
        if sqlite3.sqlite_version_info >= (3, 51, 3):
            con.execute("PRAGMA journal_mode=WAL")
        seconds = {}
        for table, sql in RAW_SQL.items():
            started = time.perf_counter()
            con.execute("BEGIN")
            con.executemany(sql, rows[table])
            con.execute("COMMIT")
            seconds[table] = time.perf_counter() - started
    finally:
        con.close()
    return {
        "reps": seconds["rep"],
        "accounts": seconds["account"],
        "deals": seconds["deal"] + seconds["stage_change"],
        "activities": seconds["activity"],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the figures, write benchmarks/results/import.json."""
    parser = argparse.ArgumentParser(prog="bench_import")
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(list(argv) if argv is not None else [])
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        files = write_files(folder, args.deals, args.activities, args.seed)
        print(f"  wrote CSV files in {time.perf_counter() - started:.1f} s")
        imported = time_imports(folder / "import.fieldvisit", files)
        import_peak = _peak_rss_mib()
        rows = parsed_rows(files)
        counts = {
            "reps": len(rows["rep"]),
            "accounts": len(rows["account"]),
            "deals": len(rows["deal"]),
            "activities": len(rows["activity"]),
        }
        raw = time_raw(folder / "raw.fieldvisit", rows)
        del rows
    figures: dict[str, Any] = {}
    for kind in imported:
        ratio = imported[kind] / raw[kind] if raw[kind] else float("inf")
        figures[kind] = {
            "rows": counts[kind],
            "import_s": round(imported[kind], 3),
            "raw_executemany_s": round(raw[kind], 3),
            "ratio": round(ratio, 2),
        }
        print(
            f"  {kind:<10} import {imported[kind]:7.2f} s  raw {raw[kind]:6.2f} s  "
            f"ratio {ratio:5.2f}x"
        )
    total_ratio = sum(imported.values()) / sum(raw.values())
    result = {
        "benchmark": "import",
        "seed": args.seed,
        "kinds": figures,
        "total": {
            "import_s": round(sum(imported.values()), 3),
            "raw_executemany_s": round(sum(raw.values()), 3),
            "ratio": round(total_ratio, 2),
        },
        "aim_ratio": AIM,
        "within_aim": all(
            f["ratio"] <= AIM for k, f in figures.items() if k in ("deals", "activities")
        ),
        # peak resident memory of this process after the imports (CSV writing included),
        # before the raw baseline holds every parsed row in memory
        "import_peak_rss_mib": round(import_peak),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "machine": platform.machine(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"  total ratio {total_ratio:.2f}x (aim {AIM}x); written to {RESULTS.relative_to(HERE.parent)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
