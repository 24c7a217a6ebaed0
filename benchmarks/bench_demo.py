"""How long the demo generator takes, and how much memory it needs, for one demo size.

The generator runs in a child process so the peak resident memory reported is its own. The figures
go to benchmarks/results/demo.json. The large file it wrote is kept as
benchmarks/data/large.fieldvisit (seed 7, as of 2026-11-22) for the other benchmarks, unless that
file already exists.

    python -m benchmarks.bench_demo [--size large] [--seed 7] [--as-of 2026-11-22] [--no-keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
RESULTS = HERE / "results" / "demo.json"
AS_OF = "2026-11-22"
LIMIT_SECONDS = 120
LIMIT_MIB = 1024


def _peak_rss_mib() -> float:
    """Return this process's peak resident memory in MiB (ru_maxrss is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def child(path: Path, size: str, seed: int, as_of: str) -> None:
    """Generate one demo and print {seconds, peak_rss_mib, summary} as JSON on stdout."""
    from fieldvisit.demo import generate_demo

    started = time.perf_counter()
    summary = generate_demo(path, size=size, seed=seed, as_of=date.fromisoformat(as_of))
    seconds = time.perf_counter() - started
    print(
        json.dumps({"seconds": seconds, "peak_rss_mib": _peak_rss_mib(), "summary": str(summary)})
    )


def measure(size: str, seed: int, as_of: str, keep: Path | None) -> dict[str, Any]:
    """Run the generator in a child process; return its figures (and keep the file if asked)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # A temporary folder beside the kept file, so keeping it is a rename, not a 300 MB copy.
    with tempfile.TemporaryDirectory(dir=DATA_DIR, prefix="bench-demo-") as tmp:
        target = Path(tmp) / f"{size}.fieldvisit"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_demo", "--child", str(target),
             "--size", size, "--seed", str(seed), "--as-of", as_of],
            capture_output=True, text=True, check=False, cwd=HERE.parent,
        )  # fmt: skip
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"demo generation failed: {done.stderr.strip()}")
        figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        figures["process_seconds"] = wall
        figures["file_mib"] = target.stat().st_size / (1024 * 1024)
        if keep is not None and not keep.exists():
            os.replace(target, keep)
            figures["kept_at"] = str(keep.relative_to(HERE.parent))
    return figures


def main(argv: list[str] | None = None) -> int:
    """Measure one demo size, print a table and write benchmarks/results/demo.json."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_demo")
    parser.add_argument("--size", choices=["small", "medium", "large"], default="large")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--no-keep", action="store_true", help="do not keep the generated file")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else [])
    if args.child is not None:
        child(args.child, args.size, args.seed, args.as_of)
        return 0
    keep = None if args.no_keep else DATA_DIR / f"{args.size}.fieldvisit"
    figures = measure(args.size, args.seed, args.as_of, keep)
    seconds, rss = float(figures["seconds"]), float(figures["peak_rss_mib"])
    result = {
        "benchmark": "demo",
        "size": args.size,
        "seed": args.seed,
        "as_of": args.as_of,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        **figures,
        "within_limits": seconds < LIMIT_SECONDS and rss < LIMIT_MIB,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'demo size':<22}{args.size}")
    print(f"{'generation':<22}{seconds:8.1f} s   (limit {LIMIT_SECONDS} s)")
    print(f"{'child process':<22}{float(figures['process_seconds']):8.1f} s   (with start-up)")
    print(f"{'peak memory':<22}{rss:8.0f} MiB (limit {LIMIT_MIB} MiB)")
    print(f"{'file size':<22}{float(figures['file_mib']):8.0f} MiB")
    print(f"{'contents':<22}{figures['summary']}")
    if "kept_at" in figures:
        print(f"{'kept at':<22}{figures['kept_at']}")
    print(f"{'results':<22}{RESULTS.relative_to(HERE.parent)}")
    return 0 if result["within_limits"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
