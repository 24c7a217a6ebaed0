"""A folder of this machine is written one way everywhere: the home folder as "~" (About, first run)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from fieldvisit.ui import style
from fieldvisit.ui.dialogs.first_run import FirstRunDialog
from fieldvisit.ui.dialogs.shortcuts import AboutDialog


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own, with Field Visit's files inside it."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("FIELDVISIT_HOME", str(tmp_path / "fieldvisit-home"))
    return tmp_path


def test_the_home_folder_is_written_as_a_tilde(home: Path) -> None:
    assert style.home_relative(home / "a" / "b.fieldvisit") == os.path.join(
        "~", "a", "b.fieldvisit"
    )
    assert style.home_relative(home) == "~"
    # A folder that only starts with the same letters is not inside home.
    assert style.home_relative(f"{home}-other/x") == f"{home}-other/x"


def test_about_and_the_first_run_write_folders_the_same_way(
    qtbot, qapp: QApplication, home: Path
) -> None:  # type: ignore[no-untyped-def]
    about = AboutDialog()
    qtbot.addWidget(about)
    assert (
        about.folder.text()
        == f"Your files: {style.home_relative(home / 'fieldvisit-home' / 'data')}"
    )
    assert about.folder.text().startswith("Your files: ~")
    assert str(home) not in about.folder.text()
    first = FirstRunDialog(home / "Field Visit" / "workspace.fieldvisit")
    qtbot.addWidget(first)
    assert first.where.text().endswith(
        style.home_relative(home / "Field Visit" / "workspace.fieldvisit")
    )
    assert "~" in first.where.text() and str(home) not in first.where.text()
