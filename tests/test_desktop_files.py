"""The desktop-integration files in resources/: valid for the freedesktop validators, one app id
in every file, icons that tools/make_icons.py reproduces, and an install script that works."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fieldvisit import __version__
from fieldvisit.app_id import APP_ID, APP_NAME, WM_CLASS, WORKSPACE_MIME_TYPE, WORKSPACE_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / "linux" / f"{APP_ID}.desktop"
METAINFO = RESOURCES / "linux" / f"{APP_ID}.metainfo.xml"
MIME = RESOURCES / "linux" / "mime" / f"{APP_ID}.xml"
ICONS = RESOURCES / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
INSTALL = ROOT / "packaging" / "linux" / "install-desktop.sh"


def tool(name: str) -> str:
    """Return the path of a command-line tool, or skip the test saying which is missing."""
    found = shutil.which(name)
    if found is None:
        pytest.skip(
            f"{name} is not installed (Debian: desktop-file-utils, appstream, shared-mime-info)"
        )
    return found


def desktop_entry(path: Path = DESKTOP) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_desktop_entry_validates(tmp_path: Path) -> None:
    validate = tool("desktop-file-validate")
    done = subprocess.run([validate, str(DESKTOP)], capture_output=True, text=True)
    if done.returncode == 0:
        assert done.stdout.strip() == "", done.stdout
        return
    # desktop-file-utils before 0.27 (Debian 12's 0.26) knows the Desktop Entry spec up to 1.4;
    # SingleMainWindow is 1.5's. Such a validator checks every other key of the entry.
    spec = subprocess.run([validate, "--help"], capture_output=True, text=True).stdout
    assert "specification 1.4" in spec, done.stdout
    complaints = [line for line in done.stdout.splitlines() if line.strip()]
    assert all('"1.5"' in line or '"SingleMainWindow"' in line for line in complaints), complaints
    older = tmp_path / DESKTOP.name
    text = DESKTOP.read_text("utf-8").replace("Version=1.5\n", "Version=1.4\n")
    older.write_text(text.replace("SingleMainWindow=true\n", ""), "utf-8")
    again = subprocess.run([validate, str(older)], capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout.strip() == "", again.stdout


def test_the_metainfo_validates_offline() -> None:
    appstreamcli = tool("appstreamcli")
    done = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if re.match(r"^[EWI]: ", line)]
    assert problems == [], problems


def test_the_workspace_file_type_is_defined_for_fieldvisit_files(tmp_path: Path) -> None:
    root = ET.parse(MIME).getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    (kind,) = root.findall(f"{MIME_NS}mime-type")
    assert kind.get("type") == WORKSPACE_MIME_TYPE
    assert [g.get("pattern") for g in kind.findall(f"{MIME_NS}glob")] == [f"*{WORKSPACE_SUFFIX}"]
    assert kind.findtext(f"{MIME_NS}comment") == f"{APP_NAME} workspace"
    # A workspace is an SQLite database: tools that know SQLite still recognise it.
    assert kind.find(f"{MIME_NS}sub-class-of").get("type") == "application/vnd.sqlite3"  # type: ignore[union-attr]
    update = shutil.which("update-mime-database")
    if update is None:
        return  # the XML checks above still ran
    (tmp_path / "packages").mkdir()
    shutil.copy(MIME, tmp_path / "packages" / MIME.name)
    subprocess.run([update, str(tmp_path)], check=True, capture_output=True)
    globs = (tmp_path / "globs2").read_text("utf-8")
    assert f"{WORKSPACE_MIME_TYPE}:*{WORKSPACE_SUFFIX}" in globs


def test_every_file_names_the_same_app_id() -> None:
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == APP_NAME
    assert entry["StartupWMClass"] == WM_CLASS
    assert entry["SingleMainWindow"] == "true"
    assert entry["Exec"] == "fieldvisit %f"  # install-desktop.sh writes the program's full path
    assert entry["MimeType"].split(";")[:-1] == [WORKSPACE_MIME_TYPE]
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert [m.text for m in meta.findall("provides/mediatype")] == [WORKSPACE_MIME_TYPE]
    assert meta.findtext("name") == APP_NAME
    kind = ET.parse(MIME).getroot().find(f"{MIME_NS}mime-type")
    assert kind is not None and kind.find(f"{MIME_NS}icon").get("name") == APP_ID  # type: ignore[union-attr]
    named = {p.name for p in ICONS.rglob("*") if p.is_file()}
    assert named == {f"{APP_ID}.{ext}" for ext in ("svg", "png", "ico", "icns")}
    for linux_file in (RESOURCES / "linux").rglob("*"):
        if linux_file.is_file():
            assert linux_file.name.startswith(APP_ID + "."), linux_file
    assert f"APP_ID={APP_ID}\n" in INSTALL.read_text("utf-8")


def test_the_metainfo_lists_this_version_and_real_screenshots() -> None:
    meta = ET.parse(METAINFO).getroot()
    versions = [r.get("version") for r in meta.findall("releases/release")]
    assert versions[0] == __version__, "the newest release first, and it is this version"
    assert "0.1.0" in versions
    images = [i.text or "" for i in meta.findall("screenshots/screenshot/image")]
    assert images
    for url in images:
        assert url.startswith("https://")
        assert (ROOT / "docs" / "screenshots" / url.rsplit("/", 1)[1]).is_file(), url
    assert meta.find("content_rating") is not None


def test_make_icons_reproduces_the_committed_icons(tmp_path: Path) -> None:
    from PIL import Image, ImageChops, ImageStat

    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_icons.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    for size in SIZES:
        rel = Path("resources/icons/hicolor") / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        committed, made = Image.open(ROOT / rel), Image.open(tmp_path / rel)
        assert committed.size == made.size == (size, size)
        # Another Qt may anti-alias a pixel differently; the picture is the same.
        diff = ImageStat.Stat(
            ImageChops.difference(committed.convert("RGBA"), made.convert("RGBA"))
        )
        assert max(diff.mean) < 2, (size, diff.mean)
        runtime = ROOT / "fieldvisit" / "resources" / "icons" / "app" / f"{size}.png"
        assert runtime.read_bytes() == (ROOT / rel).read_bytes(), "the app's copy is the same file"
    for ext in ("ico", "icns"):
        committed_sizes = Image.open(ICONS / f"{APP_ID}.{ext}").info["sizes"]
        assert (
            committed_sizes
            == Image.open(tmp_path / "resources/icons" / f"{APP_ID}.{ext}").info["sizes"]
        )
    ico_sizes = {s[0] for s in Image.open(ICONS / f"{APP_ID}.ico").info["sizes"]}
    assert {16, 32, 48, 256} <= ico_sizes


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script for Linux desktops")
def test_install_desktop_puts_the_entry_icons_and_file_type_in_the_users_data_folder(
    tmp_path: Path,
) -> None:
    share = tmp_path / "share"
    program = tmp_path / "Field Visit app" / "fieldvisit"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(share)}
    done = subprocess.run(
        ["sh", str(INSTALL), str(program)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    entry = desktop_entry(share / "applications" / DESKTOP.name)
    assert entry["Exec"] == f'"{program}" %f'
    assert entry["TryExec"] == str(program)
    for size in SIZES:
        assert (share / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png").is_file()
    assert (share / f"icons/hicolor/scalable/apps/{APP_ID}.svg").is_file()
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert (share / "mime" / "packages" / MIME.name).is_file()
    if shutil.which("update-mime-database"):
        # What a file manager asks: a .fieldvisit file is a workspace, shown with the app's icon.
        probe = (
            "from PySide6.QtCore import QMimeDatabase\n"
            "t = QMimeDatabase().mimeTypeForFile('a.fieldvisit')\n"
            "print(t.name(), t.iconName())\n"
        )
        seen = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
        assert seen.stdout.split() == [WORKSPACE_MIME_TYPE, APP_ID]
    if shutil.which("update-desktop-database"):
        cache = (share / "applications" / "mimeinfo.cache").read_text("utf-8")
        assert f"{WORKSPACE_MIME_TYPE}={DESKTOP.name};" in cache
    gone = subprocess.run(
        ["sh", str(INSTALL), "--uninstall"], capture_output=True, text=True, env=env
    )
    assert gone.returncode == 0, gone.stderr
    assert not (share / "applications" / DESKTOP.name).exists()
    assert not list(share.rglob(f"{APP_ID}*"))


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script for Linux desktops")
def test_install_desktop_from_an_unpacked_bundle_uses_its_program_and_share_folder(
    tmp_path: Path,
) -> None:
    # The bundle carries the files in the layout they are installed in (dist/fieldvisit/share/)
    # and the script at its top, beside the program.
    bundle = tmp_path / "fieldvisit"
    bundle.mkdir()
    program = bundle / "fieldvisit"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    env = {**os.environ, "XDG_DATA_HOME": str(bundle / "share")}
    subprocess.run(["sh", str(INSTALL), str(program)], check=True, capture_output=True, env=env)
    shutil.copy(INSTALL, bundle / INSTALL.name)
    home_share = tmp_path / "home-share"
    done = subprocess.run(
        ["sh", str(bundle / INSTALL.name)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_DATA_HOME": str(home_share), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert desktop_entry(home_share / "applications" / DESKTOP.name)["Exec"] == f"{program} %f"
    installed = {p.relative_to(home_share) for p in home_share.rglob(f"{APP_ID}*")}
    assert len(installed) == 3 + 1 + len(SIZES)  # entry, metainfo, MIME type; SVG and PNGs


def test_the_licence_is_stated_once_and_everywhere_the_same() -> None:
    """pyproject, the metainfo and the About box's constant name the same licence."""
    import tomllib

    from fieldvisit.app_id import LICENCE

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == LICENCE
    assert (ROOT / project["license-files"][0]).is_file()
    metainfo = ET.parse(METAINFO).getroot()
    assert metainfo.findtext("project_license", "").lower() == LICENCE.lower()
