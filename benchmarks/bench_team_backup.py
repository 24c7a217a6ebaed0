"""A team workspace's `restore` (a workspace file into an empty team database) and `backup` (its
verified SQLite snapshot), against a workspace file's own verified backup of the same data.

A private PostgreSQL server is started for the run (tests/pg_server.py, as the tests do); without
PostgreSQL the benchmark says so and skips. The data is a small demo built for the run, or the
workspace file given with `--db` (copied; never changed). Each step runs `--runs` times on a fresh
database; the figures are medians and ratios to the file backup. Written to
benchmarks/results/team_backup.json.

    python -m benchmarks.bench_team_backup [--db FILE] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "team_backup.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a workspace file to load (default: a small demo)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv if argv is not None else [])
    sys.path.insert(0, str(HERE.parent / "tests"))
    import keyring
    from keyring_backend import MemoryKeyring  # the tests' in-memory keychain: never the real one
    from pg_server import APP, build_template, start_server

    server = start_server()
    if isinstance(server, str):
        print(f"team backup not measured: {server}")
        return 0
    work = Path(tempfile.mkdtemp(prefix="fieldvisit-bench-"))
    os.environ["FIELDVISIT_HOME"] = str(work / "home")
    keyring.set_keyring(MemoryKeyring())
    try:
        build_template(server)
        return _measure(server, APP, work, args.db, args.runs)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


def _measure(server: object, role: str, work: Path, given: Path | None, runs: int) -> int:
    import keyring

    from fieldvisit.secrets import SERVICE_NAME
    from fieldvisit.store.backup import backup_workspace
    from fieldvisit.store.location import parse_team_url
    from fieldvisit.store.opening import open_location, open_workspace
    from fieldvisit.store.snapshot import snapshot_team
    from fieldvisit.store.team import TeamWorkspace
    from fieldvisit.store.team_restore import restore_into_team

    source = work / "source.fieldvisit"
    if given is not None:
        shutil.copyfile(given, source)
        open_workspace(source).close()  # at the current schema, as a restore would read it
    else:
        from fieldvisit.demo import generate_demo

        generate_demo(source, "small", seed=7, as_of=date(2026, 6, 15))
    times: dict[str, list[float]] = {"file_backup": [], "restore": [], "snapshot": []}
    rows = size = 0
    for _ in range(runs):
        url = server.url(server.new_database(), role)  # type: ignore[attr-defined]
        password = server.passwords[role]  # type: ignore[attr-defined]
        keyring.set_password(SERVICE_NAME, parse_team_url(url).secret_key, password)
        started = time.perf_counter()
        backup_workspace(source, dest_dir=work / "file-backups")
        times["file_backup"].append(time.perf_counter() - started)
        ws = open_location(parse_team_url(url))
        assert isinstance(ws, TeamWorkspace)
        try:
            started = time.perf_counter()
            rows = restore_into_team(ws, source).rows
            times["restore"].append(time.perf_counter() - started)
            started = time.perf_counter()
            snapshot = snapshot_team(ws, dest_dir=work / "snapshots")
            times["snapshot"].append(time.perf_counter() - started)
            size = snapshot.stat().st_size
        finally:
            ws.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["file_backup"]
    figures = {
        "rows": rows,
        "source_bytes": source.stat().st_size,
        "snapshot_bytes": size,
        "runs": runs,
        "median_s": {name: round(value, 3) for name, value in medians.items()},
        "ratio_to_file_backup": {
            name: round(value / base, 1) for name, value in medians.items() if base > 0
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
