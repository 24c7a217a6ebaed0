"""Exports as downloaded become tables: ZIPs, folders, footers cut, title blocks set apart, XLSX."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest.crm.files import read_tables
from tests.ingest.crm import ROUTES, write_route


@pytest.mark.parametrize("name", [r.name for r in ROUTES])
def test_every_route_reads_into_tables_with_no_footer_or_title_left_in_the_rows(
    tmp_path: Path, name: str
) -> None:
    paths = write_route(name, tmp_path / name)
    export = read_tables(paths)
    assert export.tables
    for table in export.tables:
        assert table.header and all(h.strip() for h in table.header[:2]), table.name
        for row, cells in table.rows:
            joined = " ".join(cells)
            assert "Grand Totals" not in joined and "Gesamtsummen" not in joined, (table.name, row)
            assert "Copyright" not in joined and "Confidential" not in joined, (table.name, row)
            assert sum(1 for c in cells if c.strip()) >= 2, (table.name, row, cells)


def test_a_report_footer_is_cut_and_kept_apart(tmp_path: Path) -> None:
    paths = write_route("salesforce-reports", tmp_path)
    table = next(t for t in read_tables(paths).tables if "Opportunity Name" in t.header)
    assert table.footer[0].startswith("Grand Totals (30 records)")
    assert any("Copyright" in line for line in table.footer)
    assert len(table.rows) == 30


def test_a_data_export_zip_is_read_member_by_member_and_other_files_are_listed(
    tmp_path: Path,
) -> None:
    (zip_path,) = write_route("salesforce-data-export", tmp_path)
    with zipfile.ZipFile(zip_path, "a") as archive:
        archive.writestr("Attachment/00P5g00000ABCDE.pdf", b"%PDF-1.4 not a table")
    export = read_tables([zip_path])
    names = {t.file_name for t in export.tables}
    assert {"Opportunity.csv", "Account.csv", "User.csv", "OpportunityHistory.csv"} <= names
    assert all(t.name.startswith(zip_path.name + "/") for t in export.tables)
    assert [f for f, _why in export.skipped] == [f"{zip_path.name}/Attachment/00P5g00000ABCDE.pdf"]
    opportunity = next(t for t in export.tables if t.file_name == "Opportunity.csv")
    assert opportunity.encoding == "cp1252"  # ISO-8859-1 text, read without loss


def test_a_formatted_xlsx_report_keeps_its_title_block_apart_and_types_its_cells(
    tmp_path: Path,
) -> None:
    paths = write_route("salesforce-reports-xlsx", tmp_path)
    table = next(t for t in read_tables(paths).tables if "Opportunity Name" in t.header)
    assert table.typed and table.preamble[0] == "Pipeline with IDs"
    assert table.rows[0][0] == 7  # the header sits in row 6 under the title block
    first = dict(zip(table.header, table.rows[0][1], strict=False))
    assert first["Amount"] == "61000" and first["Close Date"] == "2026-02-20"
    assert table.footer[0].startswith("Total (30 records)")


def test_a_folder_is_read_whole(tmp_path: Path) -> None:
    paths = write_route("pipedrive", tmp_path / "export")
    (tmp_path / "export" / "readme.md").write_text("not data")
    export = read_tables([tmp_path / "export"])
    assert len(export.tables) == len(paths)
    assert export.skipped == [("export/readme.md", "not a table (kept out of the import)")]


def test_what_is_not_an_export_is_refused_naming_it(tmp_path: Path) -> None:
    pdf = tmp_path / "pipeline.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportProblem, match="pipeline.pdf: is not a CSV, text, XLSX or ZIP"):
        read_tables([pdf])
    broken = tmp_path / "export.zip"
    broken.write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(ImportProblem, match="export.zip"):
        read_tables([broken])
    fake = tmp_path / "deals.xlsx"
    fake.write_text("Deal - ID,Deal - Title\n1,x\n")
    with pytest.raises(ImportProblem, match="deals.xlsx: is not a readable XLSX"):
        read_tables([fake])
    with pytest.raises(ImportProblem, match="does not exist"):
        read_tables([tmp_path / "missing.csv"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ImportProblem, match="No CSV, text or XLSX table"):
        read_tables([empty])
