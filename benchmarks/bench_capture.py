"""How fast capturing five years of one executive's calendar is, against parsing it with icalendar.

Builds the small demo workspace and a Google-style export of five years of its first executive's
calendar (10,000 occurrences: weekly series with an EXDATE and a moved occurrence, and one-off
meetings, 70 % of them with the demo's customers; `tests/capture/calendars/large.py`), then times:

- bare icalendar: `Calendar.from_ical` on the file's bytes and a walk over its events — the
  floor, as the issue asks;
- Field Visit, first capture: reading, checking, expanding every series, classifying, matching
  and writing every customer meeting as a visit, in one transaction (on a fresh copy);
- Field Visit, repeat capture of the same file (nothing changes, nothing is written).

Aim: the first capture under 5 s. Figures go to benchmarks/results/capture.json.

    python -m benchmarks.bench_capture [--events 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "capture.json"
AIM_S = 5.0
AS_OF = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def bare_parse(path: Path) -> int:
    """Parse the file with icalendar alone; return how many VEVENTs it holds."""
    return len(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def field_visit_capture(db: Path, owner: str, calendar: Path) -> dict[str, Any]:
    from fieldvisit.capture import FileSource, capture
    from fieldvisit.store import open_workspace

    with open_workspace(db) as ws:
        return capture(ws, owner, FileSource(calendar), now=NOW).as_json()


def main(argv: list[str] | None = None) -> int:
    """Time bare parsing and both captures, print the figures and write the results file."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_capture")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv if argv is not None else [])
    sys.path.insert(0, str(HERE.parent))  # the test data's calendar writer
    from fieldvisit.demo import generate_demo
    from tests.capture.calendars.large import large_calendar

    with tempfile.TemporaryDirectory(prefix="bench-capture-") as tmp:
        folder = Path(tmp)
        demo = folder / "demo.fieldvisit"
        generate_demo(demo, "small", seed=7, as_of=AS_OF)
        big = large_calendar(folder / "five-years.ics", args.events, workspace=demo, as_of=AS_OF)
        copies = []
        for n in range(args.repeat):
            copies.append(folder / f"copy{n}.fieldvisit")
            shutil.copyfile(demo, copies[-1])
        bare_s = first_s = repeat_s = float("inf")
        report: dict[str, Any] = {}
        again: dict[str, Any] = {}
        for copy in copies:
            started = time.perf_counter()
            vevents = bare_parse(big.path)
            bare_s = min(bare_s, time.perf_counter() - started)
            started = time.perf_counter()
            report = field_visit_capture(copy, big.owner, big.path)
            first_s = min(first_s, time.perf_counter() - started)
            started = time.perf_counter()
            again = field_visit_capture(copy, big.owner, big.path)
            repeat_s = min(repeat_s, time.perf_counter() - started)
        assert vevents == big.vevents, (vevents, big.vevents)
        assert report["events"] == big.occurrences, (report["events"], big.occurrences)
        assert again["new"] == again["updated"] == again["cancelled"] == 0, again
        size = big.path.stat().st_size

    result: dict[str, Any] = {
        "benchmark": "capture",
        "occurrences": big.occurrences,
        "vevents": big.vevents,
        "series": big.series,
        "file_mib": round(size / (1024 * 1024), 2),
        "bare_icalendar_parse_s": round(bare_s, 3),
        "field_visit_first_capture_s": round(first_s, 3),
        "field_visit_repeat_capture_s": round(repeat_s, 3),
        "ratio_first": round(first_s / bare_s, 2),
        "ratio_repeat": round(repeat_s / bare_s, 2),
        "captured": {k: report[k] for k in ("new", "merged", "skipped")},
        "listed_for_review": len(report["review"]),
        "aim_s": AIM_S,
        "within_aim": first_s <= AIM_S,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'occurrences (VEVENTs)':<32}{big.occurrences:>10,} ({big.vevents:,})")
    print(f"{'bare icalendar parse':<32}{bare_s:>10.2f} s  (best of {args.repeat})")
    print(f"{'Field Visit, first capture':<32}{first_s:>10.2f} s  (aim < {AIM_S:.0f} s)")
    print(f"{'Field Visit, repeat capture':<32}{repeat_s:>10.2f} s  (nothing changes)")
    print(f"{'ratio (first / repeat)':<32}{first_s / bare_s:>10.2f}x / {repeat_s / bare_s:.2f}x")
    print(f"{'captured':<32}{report['new']:>10,} new, {report['merged']:,} merged, "
          f"{len(report['review']):,} for review")  # fmt: skip
    print(f"{'results':<32}{RESULTS.relative_to(HERE.parent)}")
    return 0 if result["within_aim"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
