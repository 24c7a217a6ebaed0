"""Cells as CRMs write them: numbers and dates by locale, Salesforce ids, yes/no, e-mail lists."""

from __future__ import annotations

import pytest

from fieldvisit.ingest.crm import values as v


@pytest.mark.parametrize(
    ("samples", "style"),
    [
        (["410,000.00", "95,000.00"], v.DOT),
        (["410.000,00", "95.000,00"], v.COMMA),
        (["12,5", "3"], v.COMMA),
        (["410000", "95000"], None),
        (["1.234", "5.678"], None),  # a thousands dot or three decimals: no evidence
        (["410,000.00", "410.000,00"], None),  # the column disagrees with itself
        (["$410,000.00", "EUR 95,000.00", "60%"], v.DOT),
    ],
)
def test_a_columns_number_style_is_decided_from_all_its_values(samples, style) -> None:
    assert v.number_style(samples) == style


@pytest.mark.parametrize(
    ("raw", "style", "plain"),
    [
        ("410,000.00", v.DOT, "410000"),
        ("410.000,00", v.COMMA, "410000"),
        ("1.234.567,89", v.COMMA, "1234567.89"),
        ("410000", v.COMMA, "410000"),
        ("410000.0", None, "410000"),
        ("$ 1,250.50", v.DOT, "1250.50"),
        ("CHF 410'000", None, None),
        ("60%", None, "60"),
        ("", v.DOT, ""),
    ],
)
def test_numbers_become_plain_decimals(raw, style, plain) -> None:
    if plain is None:
        with pytest.raises(ValueError):
            v.number(raw, style)
    else:
        assert v.number(raw, style) == plain


def test_a_number_against_its_columns_style_is_refused_with_the_style_shown() -> None:
    with pytest.raises(ValueError, match=r"410\.000,00"):
        v.number("61000.5", v.COMMA)


@pytest.mark.parametrize(
    ("samples", "order"),
    [
        (["8/8/2026", "6/30/2026"], v.MDY),
        (["8/8/2026", "30/6/2026"], v.DMY),
        (["08.08.2026", "01.02.2026"], v.DMY),
        (["8/8/2026", "1/2/2026"], None),  # every date reads both ways
        (["2026-08-08", "2026-01-10 09:12:44"], v.YMD),
        (["6/30/2026", "30/6/2026"], None),  # contradictory
    ],
)
def test_the_date_order_is_read_from_the_values_when_they_show_it(samples, order) -> None:
    assert v.date_order(samples) == order


def test_dates_in_every_shape_become_iso() -> None:
    assert v.parse_date("8/8/2026", v.MDY) == "2026-08-08"
    assert v.parse_date("6/30/2026", v.MDY) == "2026-06-30"
    assert v.parse_date("30.06.2026", None) == "2026-06-30"  # dots: always day first
    assert v.parse_date("2026-08-08 00:00:00", None) == "2026-08-08"
    assert v.parse_date("2026-01-10T09:12:44.000Z", None) == "2026-01-10"
    with pytest.raises(ValueError, match="--date-order"):
        v.parse_date("8/8/2026", None)
    with pytest.raises(ValueError, match="real date"):
        v.parse_date("2/30/2026", v.MDY)


def test_date_times_are_read_in_their_zone_and_given_in_utc() -> None:
    assert v.parse_datetime("2026-01-10 09:12:44", None) == "2026-01-10T09:12:44+00:00"
    assert v.parse_datetime("2026-01-10T09:12:44.000Z", None) == "2026-01-10T09:12:44+00:00"
    assert (
        v.parse_datetime("11/10/2025 11:00 AM", v.MDY, "Europe/Berlin")
        == "2025-11-10T10:00:00+00:00"
    )
    assert (
        v.parse_datetime("10.11.2025 23:30", None, "Europe/Berlin") == "2025-11-10T22:30:00+00:00"
    )
    assert v.parse_datetime("11/10/2025 12:15 PM", v.MDY) == "2025-11-10T12:15:00+00:00"
    assert v.parse_datetime("2026-03-14T09:30:00+01:00", None) == "2026-03-14T08:30:00+00:00"
    with pytest.raises(ValueError, match="time zone"):
        v.parse_datetime("2026-01-10 09:12", None, "Mars/Olympus")


def test_excel_serial_numbers_are_dates() -> None:
    assert v.excel_serial("46242") == "2026-08-08T00:00:00"
    assert v.excel_serial("45965.383843") == "2025-11-04T09:12:44"
    assert v.is_excel_serial("46242") and not v.is_excel_serial("410000")


def test_salesforce_15_and_18_character_ids_name_the_same_record() -> None:
    # Real ids from public Data Export files: the suffix is the case checksum.
    for real in ("0064600000J5S5TAAV", "0014600001TvgfZAAR", "0058a00000L2IR7AAN"):
        assert v.sf_suffix(real[:15]) == real[15:]
        assert v.sf_id(real) == v.sf_id(real[:15]) == real[:15]
    assert v.sf_id("0015g000000hDEW") != v.sf_id("0015g000000hDEw")  # case matters
    assert v.sf_id("000000000000000AAA") == "" and v.sf_id("") == ""
    # A wrong checksum is not silently shortened into another record's id.
    assert v.sf_id("0015g000000hDEwZZZ") == "0015g000000hDEwZZZ"


def test_yes_no_and_email_lists() -> None:
    assert [v.yes_no(x) for x in ("1", "TRUE", "ja", "0", "false", "")] == list("111000")
    with pytest.raises(ValueError):
        v.yes_no("maybe")
    assert v.emails("o.grant@meridian.example, oliver@meridian.example") == [
        "o.grant@meridian.example",
        "oliver@meridian.example",
    ]
    assert v.first_email("Dana <Dana@Globex.example>") == "dana@globex.example"
