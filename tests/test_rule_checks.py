"""Settings are checked in the core: the Settings page and every settings command refuse the
same values in the same words (`fieldvisit.rule_fields`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.errors import FieldVisitError
from fieldvisit.rule_fields import SPECS, rule_problems
from fieldvisit.settings import RULE_KEYS, Rules, load_rules, save_rules
from fieldvisit.store import Workspace, create_workspace


def test_every_default_is_within_its_declared_range() -> None:
    defaults = Rules()
    for key, spec in SPECS.items():
        assert key in RULE_KEYS, key
        value = getattr(defaults, key)
        if spec.kind in ("int", "float", "money"):
            assert spec.low <= value <= spec.high, key
    assert rule_problems({k: getattr(defaults, k) for k in SPECS}) == []


def test_invite_settings_refuses_what_the_settings_page_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.fieldvisit"
    create_workspace(path).close()
    code = main(["--db", str(path), "invite-settings", "--organizer-email", "jordan@corp"])
    err = capsys.readouterr().err
    assert code != 0
    assert "The organizer's e-mail “jordan@corp” is not an e-mail address." in err
    assert rule_problems({"organizer_email": "jordan@corp"}) == [
        "The organizer's e-mail “jordan@corp” is not an e-mail address."
    ]
    code = main(["--db", str(path), "invite-settings", "--smtp-port", "70000"])
    err = capsys.readouterr().err
    assert code != 0 and "Port: 70,000 is outside 1 to 65,535." in err


def test_a_value_out_of_range_is_not_stored(workspace: Workspace) -> None:
    with workspace.begin() as conn:
        with pytest.raises(
            FieldVisitError, match="No recent activity after: 0 is outside 1 to 365 days"
        ):
            save_rules(conn, {"idle_days": 0})
        save_rules(conn, {"idle_days": 30})
        assert load_rules(conn).idle_days == 30
