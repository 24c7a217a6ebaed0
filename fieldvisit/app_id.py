"""Who the application is to the desktop: one reverse-DNS id, written once.

The desktop entry, the AppStream metainfo, the icon files, the workspace MIME type's icon, the
QSettings organisation domain and the single-instance socket all take their names from here
(tests/test_desktop_files.py checks that the files in resources/ agree).
"""

from __future__ import annotations

APP_ID = "io.github.fieldvisit.FieldVisit"
"""The reverse-DNS application id: desktop file, metainfo, icon and Wayland app id."""

APP_NAME = "Field Visit"
"""The name people see (window titles, menus, the desktop entry's Name)."""

ORGANIZATION_NAME = "FieldVisit"
"""Qt's organisation name: unchanged since 0.1.0 (the data folder's name comes from paths.py)."""

ORGANIZATION_DOMAIN = ".".join(reversed(APP_ID.split(".")[:-1]))
"""Qt's organisation domain, the app id's reverse-DNS prefix read forwards."""

WM_CLASS = APP_NAME
"""The X11 WM_CLASS class Qt gives the windows: the application name (desktop StartupWMClass)."""

WORKSPACE_SUFFIX = ".fieldvisit"
"""The file name ending of a workspace (the MIME type's glob)."""

WORKSPACE_MIME_TYPE = "application/x-fieldvisit-workspace"
"""The MIME type of a workspace file, defined in resources/linux/mime/."""

LICENCE = "LicenseRef-Proprietary"
"""The app's licence as an SPDX expression (pyproject.toml and the metainfo say the same)."""

LICENCE_WORDS = "Proprietary, all rights reserved; includes Qt for Python (LGPL-3.0) and other open-source libraries (see LICENSE)"
"""How the About box states the licence."""
