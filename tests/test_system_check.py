"""Starting the desktop app where Qt's X11 plugin lacks a system library: one clear message
naming the library and its package on Debian/Ubuntu, Fedora and Arch, exit code 1, no Qt abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from fieldvisit.cli import main
from fieldvisit.ui import system_check

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")


@pytest.fixture
def app_started(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Stand in for the app itself: records that the CLI went on to start it."""
    started: list[bool] = []

    def run_app(**_options: object) -> int:
        started.append(True)
        return 0

    monkeypatch.setattr("fieldvisit.ui.app.run_app", run_app)
    return started


def _x11_session(monkeypatch: pytest.MonkeyPatch, platform: str | None = None) -> None:
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    if platform is not None:
        monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    monkeypatch.setenv("DISPLAY", ":0")


@linux_only
def test_a_missing_x11_library_is_named_with_its_package_on_three_distributions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], app_started: list[bool]
) -> None:
    _x11_session(monkeypatch)
    gone = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    monkeypatch.setattr(system_check, "can_load", lambda soname: soname not in gone)

    assert main(["--demo"]) == 1
    assert not app_started, "Qt is never reached"
    err = capsys.readouterr().err
    first = err.splitlines()[0]
    assert first.startswith("fieldvisit: the desktop app cannot start")
    assert "libxcb-icccm.so.4" in first and "libxcb-keysyms.so.1" in first
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in err
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in err
    assert "sudo pacman -S --needed xcb-util-wm xcb-util-keysyms" in err
    assert "libxcb-cursor0" not in err, "only what is missing is named"
    assert "Traceback" not in err


@linux_only
def test_xcb_named_in_qt_qpa_platform_is_checked_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], app_started: list[bool]
) -> None:
    _x11_session(monkeypatch, "xcb")
    monkeypatch.setattr(system_check, "can_load", lambda soname: soname != "libxcb-cursor.so.0")
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "sudo apt install libxcb-cursor0" in err and "xcb-util-cursor" in err
    assert not app_started


@pytest.mark.parametrize(
    ("env", "checked"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "wayland"}, False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, False),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, True),
        ({"QT_QPA_PLATFORM": ""}, True),  # `make run` leaves it empty
        ({}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"XDG_SESSION_TYPE": "wayland"}, False),
    ],
)
def test_only_the_x11_platform_on_linux_is_checked(env: dict[str, str], checked: bool) -> None:
    assert system_check.uses_xcb(env, "linux") is checked
    assert system_check.uses_xcb(env, "darwin") is False
    assert system_check.uses_xcb(env, "win32") is False


def test_with_the_offscreen_platform_nothing_is_checked(
    monkeypatch: pytest.MonkeyPatch, app_started: list[bool]
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.delenv("DISPLAY", raising=False)
    looked_up: list[str] = []
    monkeypatch.setattr(system_check, "can_load", lambda soname: bool(looked_up.append(soname)))
    assert main([]) == 0
    assert app_started and looked_up == []
    system_check.check_display()  # and the real lookup on this machine: nothing to say


@linux_only
def test_without_a_display_the_app_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], app_started: list[bool]
) -> None:
    _x11_session(monkeypatch)
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setattr(system_check, "can_load", lambda _soname: True)
    assert main([]) == 1
    assert "no display is set" in capsys.readouterr().err
    assert not app_started


@linux_only
def test_on_this_machine_a_real_start_names_what_is_missing(tmp_path: Path) -> None:
    """The real program, no stand-ins: where a library is missing, it is named, Qt never aborts."""
    missing = system_check.missing_libraries()
    if not missing:
        pytest.skip("every library of Qt's X11 plugin is installed here")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":0", XDG_SESSION_TYPE="x11", FIELDVISIT_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "fieldvisit", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    for lib in missing:
        assert lib.soname in done.stderr and lib.debian in done.stderr
    assert "qt.qpa" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "demo.fieldvisit").exists(), "nothing was built"


def _needed(library: Path) -> set[str]:
    readelf = shutil.which("readelf")
    if readelf is None:
        pytest.skip("readelf (binutils) is not installed")
    out = subprocess.run([readelf, "-d", str(library)], capture_output=True, text=True).stdout
    return {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "NEEDED" in line}


@linux_only
def test_the_table_holds_every_system_library_the_installed_xcb_plugin_needs() -> None:
    spec = find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    qt = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("this PySide6 has no X11 plugin")
    needed = _needed(plugin) | _needed(qt / "lib" / "libQt6XcbQpa.so.6")
    bundled = {p.name for p in (qt / "lib").iterdir()}
    base = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libpthread.so.0"}
    system = {n for n in needed if n not in bundled and n not in base}
    assert system, "readelf found the plugin's libraries"
    assert system <= {lib.soname for lib in system_check.XCB_LIBRARIES}
