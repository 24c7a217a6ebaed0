"""Run every `benchmarks/bench_*.py` module's `main()` and print its figures.

`python -m benchmarks` runs them all; `python -m benchmarks demo planning` runs the modules whose
names contain one of the given words.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run the selected benchmark modules in name order; return the exit code."""
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.startswith("bench_")
    )
    selected = [n for n in names if not argv or any(word in n for word in argv)]
    if not selected:
        print(f"no benchmark matches {' '.join(argv)}; known: {', '.join(names)}", file=sys.stderr)
        return 2
    failures = 0
    for name in selected:
        print(f"== {name}", flush=True)
        result = importlib.import_module(f"benchmarks.{name}").main()
        failures += 1 if isinstance(result, int) and result != 0 else 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
