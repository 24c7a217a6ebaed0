"""Importing a valid deals file twice gives the same workspace as importing it once."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldvisit.ingest import import_csv
from fieldvisit.store import create_workspace
from tests.ingest.conftest import BASE_FILES, dump
from tests.stored_rows import without_moments

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s.strip())
_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
_deal = st.fixed_dictionaries(
    {
        "account_id": st.sampled_from(["A1", "A2"]),
        "name": _text,
        "owner_email": st.sampled_from(["ann@corp.example", "BOB@corp.example"]),
        "stage": st.sampled_from(["Proposal", "negotiation", "Closed Won", "Pilot", "pilot"]),
        "amount": st.one_of(st.just(""), st.integers(0, 10**7).map(str), st.just("12.5")),
        "close_date": st.one_of(st.just(""), _dates.map(date.isoformat)),
        "stage_entered_on": st.one_of(st.just(""), _dates.map(date.isoformat)),
        "strategic": st.sampled_from(["", "yes", "No", "1", "false"]),
        "status": st.sampled_from(["", "open", "WON", "lost"]),
    }
)


def _deals_csv(deals: list[dict[str, str]], delimiter: str) -> str:
    out = io.StringIO()
    fields = ["deal_id", *deals[0]]
    writer = csv.DictWriter(out, fields, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for i, deal in enumerate(deals):
        writer.writerow({"deal_id": f"P-{i}", **deal})
    return out.getvalue()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(deals=st.lists(_deal, min_size=1, max_size=15), delimiter=st.sampled_from([",", ";"]))
def test_importing_a_deals_file_twice_equals_importing_it_once(
    tmp_path: Path, deals: list[dict[str, str]], delimiter: str
) -> None:
    # hypothesis runs every example in the same tmp_path: each gets a fresh folder
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for name in ("once", "twice"):
        ws = create_workspace(folder / f"{name}.fieldvisit")
        try:
            for kind in ("reps", "accounts"):
                path = folder / f"{kind}.csv"
                path.write_text(BASE_FILES[kind], encoding="utf-8")
                import_csv(ws, kind, path, today=date(2026, 3, 1))
            path = folder / "deals.csv"
            path.write_text(_deals_csv(deals, delimiter), encoding="utf-8")
            import_csv(ws, "deals", path, today=date(2026, 3, 1))
            if name == "twice":
                again = import_csv(ws, "deals", path, today=date(2026, 3, 2))
                assert (again.inserted, again.updated, again.history_entries) == (0, 0, 0)
            # (the moments of the run itself, as when a setting was written, may differ)
            if name == "once":
                once = without_moments(dump(ws))
            else:
                assert without_moments(dump(ws)) == once
        finally:
            ws.close()
