"""Before Qt loads its X11 platform plugin: are the system libraries it needs installed?

Qt's own message when one is missing names the wrong library ("xcb-cursor0 … is needed") and
aborts. This check runs first, without importing PySide6, and names each missing library with the
package that holds it on Debian/Ubuntu, Fedora and Arch. It only looks when Qt will use xcb on
Linux: offscreen, Wayland and every other platform are left alone.

The table is what PySide6's `plugins/platforms/libqxcb.so` and `lib/libQt6XcbQpa.so.6` need from
the system (`readelf -d`); `tests/test_system_check.py` checks it against the installed plugin.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fieldvisit.errors import FieldVisitError


@dataclass(frozen=True)
class SystemLibrary:
    """A shared library (by its soname) and the package holding it on each distribution."""

    soname: str
    debian: str
    fedora: str
    arch: str


XCB_LIBRARIES = (
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb", "libxcb"),
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image", "xcb-util-image"),
    SystemLibrary(
        "libxcb-render-util.so.0",
        "libxcb-render-util0",
        "xcb-util-renderutil",
        "xcb-util-renderutil",
    ),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util", "xcb-util"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb", "libxcb"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb", "libxcb"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb", "libxcb"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    SystemLibrary(
        "libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"
    ),
    SystemLibrary("libX11.so.6", "libx11-6", "libX11", "libx11"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb", "libx11"),
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx", "libglvnd"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl", "libglvnd"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig", "fontconfig"),
    SystemLibrary("libfreetype.so.6", "libfreetype6", "freetype", "freetype2"),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", "glib2", "glib2"),
    SystemLibrary("libgthread-2.0.so.0", "libglib2.0-0", "glib2", "glib2"),
)

Loader = Callable[[str], bool]


class SystemLibrariesMissing(FieldVisitError):
    """The desktop app cannot start: Qt's X11 plugin needs libraries this system lacks.

    `problems` holds the install commands, printed by the CLI under the first line.
    """

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


class NoDisplay(FieldVisitError):
    """The desktop app cannot start: there is no display to show its window on."""


def can_load(soname: str) -> bool:
    """Return True when the dynamic loader finds and loads `soname` (as Qt's plugin would)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(env: Mapping[str, str], platform: str) -> bool:
    """Return True when Qt will load its X11 (xcb) plugin first in this environment.

    QT_QPA_PLATFORM may list several plugins ("wayland;xcb") with options ("xcb:…"): the first
    one decides. Unset (or empty, as `make run` leaves it), Qt picks Wayland in a Wayland session
    and xcb otherwise.
    """
    if not platform.startswith("linux"):
        return False
    wanted = env.get("QT_QPA_PLATFORM", "").strip()
    if wanted:
        return wanted.split(";")[0].split(":")[0].strip() == "xcb"
    wayland = env.get("XDG_SESSION_TYPE") == "wayland" or bool(env.get("WAYLAND_DISPLAY"))
    return not wayland


def missing_libraries(load: Loader | None = None) -> list[SystemLibrary]:
    """Return the libraries of the xcb plugin that cannot be loaded, in the table's order."""
    loader = load or can_load
    return [lib for lib in XCB_LIBRARIES if not loader(lib.soname)]


def _packages(libraries: list[SystemLibrary], field: str) -> str:
    names: list[str] = []
    for lib in libraries:
        name = getattr(lib, field)
        if name not in names:
            names.append(name)
    return " ".join(names)


def missing_message(missing: list[SystemLibrary]) -> SystemLibrariesMissing:
    """Return the error naming the missing libraries and the packages to install."""
    sonames = [lib.soname for lib in missing]
    named = sonames[0] if len(sonames) == 1 else ", ".join(sonames[:-1]) + " and " + sonames[-1]
    which = "it is" if len(sonames) == 1 else "they are"
    return SystemLibrariesMissing(
        f"the desktop app cannot start: Qt's X11 plugin (xcb) needs {named}, and {which} not "
        "installed",
        [
            f"Install {'it' if len(missing) == 1 else 'them'}, then start Field Visit again:",
            f"  Debian/Ubuntu: sudo apt install {_packages(missing, 'debian')}",
            f"  Fedora:        sudo dnf install {_packages(missing, 'fedora')}",
            f"  Arch:          sudo pacman -S --needed {_packages(missing, 'arch')}",
            "(On a Wayland desktop, QT_QPA_PLATFORM=wayland uses no X11 libraries.)",
        ],
    )


def check_display(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Loader | None = None,
) -> None:
    """Raise when Qt's X11 plugin could not start here; do nothing where it is not used.

    Called before PySide6 is imported, so a missing library never reaches Qt's abort.
    """
    env = os.environ if env is None else env
    if not uses_xcb(env, sys.platform if platform is None else platform):
        return
    missing = missing_libraries(load)
    if missing:
        raise missing_message(missing)
    if not env.get("DISPLAY"):
        raise NoDisplay(
            "the desktop app cannot start: no display is set (DISPLAY is empty); start it from "
            "a desktop session, or use QT_QPA_PLATFORM=offscreen with --screenshots"
        )
