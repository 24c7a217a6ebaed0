"""`fieldvisit target`: executives' monthly visit targets listed, set, checked and put back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldvisit.cli import main
from tests.ui.demo_files import small_demo_copy


@pytest.fixture
def demo(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_demo_copy(tmp_path_factory.getbasetemp(), tmp_path / "demo.fieldvisit")


def targets(demo: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--db", str(demo), "target", "--json"]) == 0
    found: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return found


def test_a_target_set_on_the_command_line_is_stored_and_listed(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = targets(demo, capsys)[0]
    assert main(["--db", str(demo), "target", "--exec", str(first["email"]).upper(), "11"]) == 0
    assert capsys.readouterr().out.strip() == f"{first['name']}: 11 visits per month."
    assert targets(demo, capsys)[0]["target"] == 11

    assert main(["--db", str(demo), "target", "--exec", str(first["email"]), "default"]) == 0
    back = targets(demo, capsys)[0]
    assert back["target"] is None
    assert back["visits_per_month"] == 4  # the workspace default
    assert main(["--db", str(demo), "target"]) == 0
    assert f"{first['name']} <{first['email']}>: 4 visits per month (the default)" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize("value", ["7.5", "101", "-1", "many"])
def test_a_target_that_is_not_a_whole_number_in_range_is_refused_in_one_line(
    demo: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    first = targets(demo, capsys)[0]
    code = main(["--db", str(demo), "target", "--exec", str(first["email"]), "--", value])
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"fieldvisit: The visit target for {first['name']} must be a whole")
    assert f"“{value}”" in err
    assert targets(demo, capsys)[0]["target"] == first["target"]


def test_an_unknown_executive_is_named(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo), "target", "--exec", "nobody@example.com", "3"]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == "fieldvisit: No executive has the e-mail address “nobody@example.com” in this workspace.\n"
    )


def test_target_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "show or set executives' monthly visit targets" in capsys.readouterr().out
