"""Build the bundle from a clean venv: `make dist` on Linux, the same script on Windows and macOS.

    python3 packaging/build.py [--fresh] [--venv build/dist-venv]

1. a venv of its own (build/dist-venv; `--fresh` recreates it) with `pip install '.[packaging]'`:
   the app as a user would install it, plus PyInstaller, and none of the test tools;
2. PyInstaller with packaging/fieldvisit.spec, run with `python -P` so the checkout is not on
   sys.path (the installed package is frozen, with exactly the package data pyproject declares);
3. on Linux, the desktop files of resources/ under dist/fieldvisit/share/ and
   install-desktop.sh beside the executable;
4. the archive: dist/fieldvisit-VERSION-linux-x86_64.tar.gz, -windows-amd64.zip or
   -macos-arm64.zip (of Field Visit.app). VERSION is fieldvisit.__version__, read from the
   installed package, the same way the spec reads it.

Needs only a Python 3.11+ to start from; prints the build time at the end.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import venv
from pathlib import Path

import bundle_rules  # packaging/, beside this script

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "fieldvisit.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NAME = "fieldvisit"
APP_NAME = "Field Visit.app"  # macOS (the spec's BUNDLE)


def venv_python(folder: Path) -> Path:
    """The venv's interpreter (Scripts\\python.exe on Windows, bin/python elsewhere)."""
    if sys.platform == "win32":
        return folder / "Scripts" / "python.exe"
    return folder / "bin" / "python"


def run(*command: str | Path) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], cwd=ROOT, check=True)


def make_venv(folder: Path, fresh: bool) -> Path:
    """Create (or reuse) the build venv and install the checkout with the packaging extra."""
    if fresh and folder.exists():
        shutil.rmtree(folder)
    python = venv_python(folder)
    if not python.exists():
        venv.create(folder, with_pip=True, clear=True)
        run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    # A local folder is always rebuilt and reinstalled: the bundle gets the checkout as it is.
    run(python, "-m", "pip", "install", "--quiet", ".[packaging]")
    return python


def app_version(python: Path) -> str:
    """fieldvisit.__version__ as installed in the build venv (the one place the version lives)."""
    found = subprocess.run(
        [str(python), "-P", "-c", "import fieldvisit; print(fieldvisit.__version__)"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip()


def platform_tag() -> str:
    """linux-x86_64, windows-amd64, macos-arm64 …: the archive name's system and machine."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    if system.startswith("linux"):
        system = "linux"
    return f"{system}-{platform.machine().lower()}"


def add_desktop_files(bundle: Path) -> None:
    """Copy resources/'s desktop entry, metainfo, MIME type and icons into bundle/share/.

    With packaging/linux/install-desktop.sh beside the executable, which installs them from
    there into ~/.local/share (README "Install").
    """
    resources = ROOT / "resources"
    share = bundle / "share"
    targets = {
        "linux/*.desktop": "applications",
        "linux/*.metainfo.xml": "metainfo",
        "linux/mime/*.xml": "mime/packages",
    }
    for pattern, folder in targets.items():
        for source in sorted(resources.glob(pattern)):
            (share / folder).mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, share / folder / source.name)
    hicolor = resources / "icons" / "hicolor"
    if hicolor.is_dir():
        shutil.copytree(hicolor, share / "icons" / "hicolor", dirs_exist_ok=True)
    installer = ROOT / "packaging" / "linux" / "install-desktop.sh"
    if installer.is_file():  # README "Install": run from the unpacked folder, it uses share/
        shutil.copy2(installer, bundle / installer.name)
    svg = resources / "icons" / "io.github.fieldvisit.FieldVisit.svg"
    if svg.is_file():
        scalable = share / "icons" / "hicolor" / "scalable" / "apps"
        scalable.mkdir(parents=True, exist_ok=True)
        shutil.copy2(svg, scalable / svg.name)


NOTICES_SCRIPT = """
import importlib.metadata as m, json
rows = {}
for d in m.distributions():
    meta = d.metadata
    name = meta["Name"]
    if not name or name.lower() in {"pip", "setuptools", "wheel", "pyinstaller", "fieldvisit",
                                    "pyinstaller-hooks-contrib", "altgraph", "packaging"}:
        continue
    words = meta.get("License-Expression") or "; ".join(
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and not c.endswith("OSI Approved")
    ) or (meta.get("License") or "see its licence files").splitlines()[0][:80]
    texts = [str(d.locate_file(f)) for f in d.files or []
             if any(w in f.name.upper() for w in ("LICEN", "COPYING", "NOTICE", "AUTHORS"))]
    rows[name.lower()] = {"name": name, "version": d.version, "licence": words, "texts": texts}
print(json.dumps([rows[k] for k in sorted(rows)]))
"""


def add_notices(bundle: Path, python: Path) -> None:
    """Put LICENSE, THIRD-PARTY.txt (every distribution in the build venv with its version and
    licence, from its own metadata) and each one's licence texts (licenses/NAME/) in the bundle.

    The build venv holds what the app installs (plus the build tools, left out), a superset of
    what PyInstaller collected, so no bundled library is missing from the list.
    """
    import json

    found = json.loads(
        subprocess.run(
            [str(python), "-c", NOTICES_SCRIPT], check=True, capture_output=True, text=True
        ).stdout
    )
    shutil.copy2(ROOT / "LICENSE", bundle / "LICENSE")
    lines = []
    for row in found:
        lines.append(f"{row['name']} {row['version']}: {row['licence']}")
        target = bundle / "licenses" / row["name"]
        texts = row["texts"]
        if not texts and "LGPL-3.0" in row["licence"]:
            # Qt for Python's wheels carry no licence text: the LGPL (and the GPL it builds on).
            texts = [str(p) for p in sorted((ROOT / "packaging" / "licenses").glob("*.txt"))]
        for text in texts:
            source = Path(text)
            if source.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / source.name)
    (bundle / "THIRD-PARTY.txt").write_text(
        "Open-source software in this bundle (name version: licence). The licence texts are in\n"
        "licenses/NAME/.\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )


def archive(bundle: Path, version: str) -> Path:
    """Pack the bundle as dist/fieldvisit-VERSION-SYSTEM-MACHINE.tar.gz (Linux) or .zip.

    Linux: the folder dist/fieldvisit/ as one top folder `fieldvisit/`; Windows: the same folder
    zipped; macOS: `Field Visit.app` zipped by `ditto`, which keeps its symlinks and signature.
    """
    stem = DIST / f"{NAME}-{version}-{platform_tag()}"
    if sys.platform == "darwin":
        app = DIST / APP_NAME
        target = stem.with_suffix(".zip")
        run("ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", app, target)
        return target
    if sys.platform == "win32":
        return Path(shutil.make_archive(str(stem), "zip", DIST, NAME))
    target = stem.with_name(stem.name + ".tar.gz")
    with tarfile.open(target, "w:gz", compresslevel=9) as tar:
        tar.add(bundle, arcname=NAME)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=ROOT / "build" / "dist-venv")
    parser.add_argument("--fresh", action="store_true", help="recreate the build venv first")
    parser.add_argument(
        "--no-archive",
        action="store_true",
        help="leave the archive out (CI signs the bundle first, then calls --archive-only)",
    )
    parser.add_argument(
        "--archive-only", action="store_true", help="only pack the bundle already in dist/"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    bundle = DIST / NAME
    if args.archive_only:
        python = venv_python(args.venv.resolve())
        print("built", archive(bundle, app_version(python)).relative_to(ROOT))
        return 0
    python = make_venv(args.venv.resolve(), args.fresh)
    version = app_version(python)
    installed = time.monotonic()
    run(
        python,
        "-P",
        "-m",
        "PyInstaller",
        SPEC,
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        DIST,
        "--workpath",
        WORK,
    )
    frozen = time.monotonic()
    made = [bundle]
    if bundle.is_dir():
        add_notices(bundle, python)
    if sys.platform.startswith("linux"):
        add_desktop_files(bundle)
        linked = bundle_rules.share_system_libraries(bundle / "_internal")
        print(f"psycopg shares the bundle's {', '.join(linked) or 'nothing'}")
    if not args.no_archive:
        made.append(archive(bundle, version))
    done = time.monotonic()
    print(
        f"fieldvisit {version}: venv {installed - started:.0f} s, PyInstaller "
        f"{frozen - installed:.0f} s, archive {done - frozen:.0f} s, total {done - started:.0f} s"
    )
    for path in made:
        print("built", path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
