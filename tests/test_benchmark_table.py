"""Issue 14's benchmark table: the exponent fitted over small, medium and large, the ratio to the
baseline measured in the same run, and whether the aim is met (`benchmarks/issue14_table.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.issue14_table import Aim, Measured, Row, fit_exponent, table

SIZES = {"small": 1_000, "medium": 10_000, "large": 100_000}


def test_time_growing_in_proportion_to_the_data_has_exponent_one() -> None:
    assert fit_exponent([1_000, 10_000, 100_000], [0.01, 0.1, 1.0]) == pytest.approx(1.0)


def test_time_that_does_not_grow_has_exponent_zero() -> None:
    assert fit_exponent([1_000, 10_000, 100_000], [0.2, 0.2, 0.2]) == pytest.approx(0.0)


def test_exponent_is_fitted_over_every_size_not_the_last_two() -> None:
    # 0.1 → 0.1 → 1.0: the last step alone says 1.0; the fit over all three says 0.5.
    assert fit_exponent([1_000, 10_000, 100_000], [0.1, 0.1, 1.0]) == pytest.approx(0.5)


def test_no_exponent_from_one_size_or_a_zero_figure() -> None:
    assert fit_exponent([100_000], [1.0]) is None
    assert fit_exponent([1_000, 100_000], [0.0, 1.0]) is None


def test_a_row_meets_its_aim_on_the_large_demo_only() -> None:
    row = Row(
        "peak memory",
        "MiB",
        "empty window",
        Aim(350, "MiB"),
        {"small": Measured(120, 60), "large": Measured(349, 60)},
    )
    assert row.met() is True
    row.figures["large"] = Measured(350, 60)
    assert row.met() is False  # "< 350 MiB": 350 is not below it


def test_an_aim_on_the_ratio_uses_the_baseline_of_the_same_run() -> None:
    aim = Aim(1.5, "×", on_ratio=True, inclusive=True)
    row = Row("suggest_all vs raw SQL", "s", "raw SQL", aim, {"large": Measured(1.5, 1.0)})
    assert row.met() is True  # "≤ 1.5×"
    row.figures["large"] = Measured(3.0, 1.9)
    assert row.met() is False


def test_an_aim_on_the_small_demo_is_judged_there() -> None:
    row = Row("check", "s", "python start", Aim(0.3, "s", size="small"))
    row.figures = {"small": Measured(0.25, 0.05), "large": Measured(0.9, 0.05)}
    assert row.met() is True


def test_the_table_prints_every_size_exponent_ratio_aim_and_verdict() -> None:
    rows = [
        Row(
            "coverage --json",
            "s",
            "raw SQL",
            Aim(1.0, "s"),
            {
                "small": Measured(0.1, 0.05),
                "medium": Measured(0.5, 0.1),
                "large": Measured(2.4, 0.8),
            },
        ),
        Row("Deals page content", "s", "raw SQL", Aim(1.0, "s"), note="not measured: no module"),
        Row("peak memory", "MiB", "empty window", Aim(350, "MiB"), {"medium": Measured(250, 50)}),
    ]
    lines = table(rows, SIZES)
    assert lines[0].startswith("| what | small | medium | large | exponent |")
    coverage = lines[2].split(" | ")
    assert coverage[1:4] == ["0.10 s", "0.50 s", "2.40 s"]
    assert float(coverage[4]) == pytest.approx(0.69, abs=0.01)
    assert coverage[5] == "3.00× raw SQL"
    assert coverage[6:] == ["< 1 s", "NO |"]
    assert "not measured: no module" in lines[3]
    assert lines[3].endswith("| not measured |")
    # No large demo: the ratio of the largest one measured, named; the aim not judged.
    assert "| 5.00× empty window (medium) |" in lines[4]
    assert lines[4].endswith("| not measured |")


def test_a_missing_benchmark_module_leaves_its_rows_not_measured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from benchmarks import issue14

    def missing(db: Path, as_of: str, runs: int) -> issue14.Figures:
        return issue14._module("bench_that_is_not_written_yet").measure(db, as_of, runs)

    def check(db: Path, as_of: str, runs: int) -> issue14.Figures:
        return {"check": Measured(0.2, 0.05)}

    monkeypatch.setattr(
        issue14, "SOURCES", {"deals": (missing, ("deals",)), "cli": (check, ("check",))}
    )
    rows = {r.what: r for r in issue14.run({"small": tmp_path / "s.fv"}, "2026-06-15", 1)}
    deals = rows[issue14.ROWS["deals"][0]]
    assert deals.figures == {}
    assert deals.note.startswith("not measured: ModuleNotFoundError")
    assert deals.met() is None
    assert rows[issue14.ROWS["check"][0]].met() is True
