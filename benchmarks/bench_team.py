"""A team workspace on PostgreSQL against the same demo in a workspace file (issue 16).

1. `suggest --json`, `coverage --json` and `impact --json` on the same demo (same size, seed and
   as-of day) in a SQLite file and in PostgreSQL, each a fresh `python -m fieldvisit` process,
   `--runs` times; the figures are medians and the ratio PostgreSQL / SQLite. The JSON of both is
   compared byte for byte (the promise: the same answers on both engines).
2. Five simulated users at once on the team database, each its own process for `--seconds`: one
   importing (a deals CSV of `--import-rows` existing deals with new amounts, again and again),
   four reading and planning (suggest, coverage, impact, plan a suggested deal). Each operation
   runs in-process through the CLI's own `main` (what a command costs without Python's start);
   p50 and p95 per operation, and the same operations by one user alone as the baseline.
3. A travel copy of one executive's accounts (`travel-copy --exec`): time and file size, and of
   the whole organisation.

The server is a private one started for the run (`--private`, as the tests do; tests/pg_server.py)
or an existing one (`--url postgresql://USER@HOST:PORT/DB` of an EMPTY database whose schema is
made by `init`; the password in FIELDVISIT_DB_PASSWORD). Figures go to benchmarks/results/team.json.

    python -m benchmarks.bench_team --size large --as-of 2026-06-15 --private [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import multiprocessing
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "team.json"
COMMANDS = ("suggest", "coverage", "impact")
USERS = 5


def fv(db: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m fieldvisit --db DB ARGS…` and return it (raises when it fails)."""
    return subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--db", db, *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )


def timed(db: str, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = fv(db, *args, env=env).stdout
    return time.perf_counter() - started, out


def compare_commands(
    file_db: str, team_db: str, as_of: str, runs: int, env: dict[str, str]
) -> dict[str, Any]:
    """Return medians on both engines, their ratio, and whether the JSON is identical."""
    rows: dict[str, Any] = {}
    for command in COMMANDS:
        args = [command, "--json", "--as-of", as_of]
        sqlite_s, pg_s = [], []
        same = True
        for _ in range(runs):
            a, out_a = timed(file_db, args, env)
            b, out_b = timed(team_db, args, env)
            sqlite_s.append(a)
            pg_s.append(b)
            same = same and out_a == out_b
        rows[command] = {
            "sqlite_s": round(statistics.median(sqlite_s), 3),
            "postgresql_s": round(statistics.median(pg_s), 3),
            "ratio": round(statistics.median(pg_s) / statistics.median(sqlite_s), 2),
            "same_json": same,
        }
        print(command, rows[command], flush=True)
    return rows


def deals_csv(file_db: str, rows: int, folder: Path) -> Path:
    """Write a deals CSV of `rows` existing deals (from the file) with their amounts changed."""
    con = sqlite3.connect(f"file:{file_db}?mode=ro", uri=True)
    found = con.execute(
        "SELECT d.external_id, a.external_id, d.name, coalesce(r.email, ''), d.stage, d.amount "
        "FROM deal d JOIN account a ON a.id = d.account_id LEFT JOIN rep r ON r.id = d.owner_rep_id "
        "WHERE d.status = 'open' AND r.email IS NOT NULL ORDER BY d.id LIMIT ?",
        (rows,),
    ).fetchall()
    con.close()
    path = folder / "deals.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["deal_id", "account_id", "name", "owner_email", "stage", "amount"])
        for deal, account, name, owner, stage, amount in found:
            out.writerow([deal, account, name, owner, stage, f"{(amount or 0) + 1:.2f}"])
    return path


def _cli(argv: list[str]) -> str:
    """Run one command in this process through the CLI's `main`; return its output."""
    from fieldvisit.cli import main

    sink, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(errors):
        code = main(argv)
    if code != 0:
        raise RuntimeError(f"{argv[2:]} failed: {errors.getvalue().strip()[-300:]}")
    return sink.getvalue()


def user(role: str, db: str, as_of: str, seconds: float, csv_path: str, out: Any) -> None:
    """One simulated user: loop over its operations for `seconds`; send (op, seconds) pairs."""
    times: list[tuple[str, float]] = []
    deals: list[str] = []
    if role != "importer":
        board = _cli(["--db", db, "suggest", "--json", "--limit", "400", "--as-of", as_of])
        deals = [str(row["deal_id"]) for row in json.loads(board) if "deal_id" in row]
    deadline = time.perf_counter() + seconds
    planned = 0
    while time.perf_counter() < deadline:
        if role == "importer":
            ops = [("import", ["import", "deals", csv_path])]
        else:
            ops = [
                ("suggest", ["suggest", "--json", "--limit", "20", "--as-of", as_of]),
                ("coverage", ["coverage", "--json", "--as-of", as_of]),
                ("impact", ["impact", "--json", "--as-of", as_of]),
            ]
        for name, args in ops:
            started = time.perf_counter()
            _cli(["--db", db, *args])
            times.append((name, time.perf_counter() - started))
        if role != "importer":
            started = time.perf_counter()
            try:
                deal = deals[(planned * 7 + os.getpid()) % len(deals)]
                _cli(["--db", db, "plan", "--deal", deal, "--as-of", as_of])
                times.append(("plan", time.perf_counter() - started))
            except RuntimeError:
                times.append(("plan (refused)", time.perf_counter() - started))
            planned += 1
    out.put((role, times))


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(ordered), "p50": round(statistics.median(ordered), 3), "p95": round(p95, 3)}


def simulate(db: str, as_of: str, seconds: float, csv_path: Path, users: int) -> dict[str, Any]:
    """Run `users` processes at once (the first imports); return p50/p95 per operation."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    roles = ["importer"] + ["planner"] * (users - 1) if users > 1 else ["planner"]
    procs = [
        ctx.Process(target=user, args=(role, db, as_of, seconds, str(csv_path), queue))
        for role in roles
    ]
    for p in procs:
        p.start()
    by_op: dict[str, list[float]] = {}
    for _ in procs:
        _role, times = queue.get()
        for name, secs in times:
            by_op.setdefault(name, []).append(secs)
    for p in procs:
        p.join()
    return {name: percentiles(values) for name, values in sorted(by_op.items())}


def travel_copies(db: str, executive: str, env: dict[str, str], folder: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, extra in (("one executive", ["--exec", executive]), ("whole organisation", [])):
        target = folder / f"travel-{len(out)}.fieldvisit"
        started = time.perf_counter()
        fv(db, "travel-copy", "-o", str(target), *extra, env=env)
        out[label] = {
            "seconds": round(time.perf_counter() - started, 2),
            "mib": round(target.stat().st_size / 2**20, 1),
        }
        print("travel copy", label, out[label], flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "medium", "large"), default="large")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2026-06-15")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the 5-user run")
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--file", type=Path, help="an existing demo file of that size and seed")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--private", action="store_true", help="start a private server")
    group.add_argument("--url", help="an empty team database (schema made by `init`)")
    args = parser.parse_args(argv)

    server = None
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="fv-team-bench-") as tmp:
        folder = Path(tmp)
        env["FIELDVISIT_HOME"] = str(folder / "home")
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        if args.private:
            from tests.pg_server import APP, OWNER, start_server

            found = start_server()
            if isinstance(found, str):
                print(f"bench_team: {found}", file=sys.stderr)
                return 1
            server = found
            name = server.new_database(template=None, prefix="bench")
            owner_url = server.url(name, OWNER)
            fv(
                owner_url,
                "init",
                "--grant",
                APP,
                env={**env, "FIELDVISIT_DB_PASSWORD": server.passwords[OWNER]},
            )
            team_db = server.url(name, APP)
            env["FIELDVISIT_DB_PASSWORD"] = server.passwords[APP]
        else:
            team_db = args.url
        try:
            file_db = str(args.file) if args.file else str(folder / "demo.fieldvisit")
            demo = ["demo", "--size", args.size, "--seed", str(args.seed), "--as-of", args.as_of]
            if not args.file:
                started = time.perf_counter()
                fv(file_db, *demo, env=env)
                print(f"demo into SQLite {time.perf_counter() - started:.1f} s", flush=True)
            started = time.perf_counter()
            fv(team_db, *demo, env=env)
            load_s = time.perf_counter() - started
            print(f"demo into PostgreSQL {load_s:.1f} s", flush=True)
            if server is not None:
                # The app role may not ANALYZE; the owner (or autovacuum, a minute later) does.
                server.admin("ANALYZE", name)
            results: dict[str, Any] = {
                "size": args.size,
                "as_of": args.as_of,
                "demo_load_s": round(load_s, 1),
            }
            results["commands"] = compare_commands(file_db, team_db, args.as_of, args.runs, env)
            csv_path = deals_csv(file_db, args.import_rows, folder)
            os.environ.update({k: env[k] for k in ("FIELDVISIT_HOME", "PYTHON_KEYRING_BACKEND")})
            if "FIELDVISIT_DB_PASSWORD" in env:
                os.environ["FIELDVISIT_DB_PASSWORD"] = env["FIELDVISIT_DB_PASSWORD"]
            results["alone"] = simulate(team_db, args.as_of, args.seconds / 2, csv_path, 1)
            print("alone", results["alone"], flush=True)
            results["five_users"] = simulate(team_db, args.as_of, args.seconds, csv_path, USERS)
            print("five users", results["five_users"], flush=True)
            con = sqlite3.connect(f"file:{file_db}?mode=ro", uri=True)
            executive = con.execute("SELECT email FROM executive ORDER BY id LIMIT 1").fetchone()[0]
            con.close()
            results["travel_copy"] = travel_copies(team_db, executive, env, folder)
        finally:
            if server is not None:
                server.stop()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
