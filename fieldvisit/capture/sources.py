"""Where calendars come from: an .ics file, a folder or .zip of them, or a CalDAV calendar.

Each source gives `CalendarDocument`s (the bytes of one iCalendar object and how messages name
it). Files that are plainly not calendars inside a folder or zip (a README, images) are listed as
skipped, not read. CalDAV is only read, never written: one time-range REPORT for the window. The
password is handed in by the caller, who got it through `fieldvisit.secrets`.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from fieldvisit.errors import CalendarProblem

# Five years of a busy executive's Outlook export is about 20 MB; far more is not one calendar.
MAX_FILE_BYTES = 200 * 1024 * 1024
CALENDAR_SUFFIXES = (".ics", ".ical", ".icalendar", ".ifb")


@dataclass(frozen=True)
class CalendarDocument:
    """The bytes of one iCalendar object, and how to name it in messages."""

    source: str  # "alice.ics", "takeout.zip:Calendar/alice@example.com.ics", a CalDAV address
    data: bytes
    calendar: str | None = None  # the calendar's identity when the source knows it (CalDAV)

    @property
    def stem(self) -> str:
        """Return the file's name without folder and suffix (a calendar without a name)."""
        tail = self.source.rsplit(":", 1)[-1]
        return PurePosixPath(tail.replace("\\", "/")).stem or tail


@dataclass
class SourceRead:
    """What a source gave: its documents and the files passed over as not calendars."""

    documents: list[CalendarDocument] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _is_calendar_name(name: str) -> bool:
    return name.lower().endswith(CALENDAR_SUFFIXES)


def _read_file(path: Path, label: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CalendarProblem(
                f"{label} is {size / 1e6:,.0f} MB, more than one calendar export; "
                "nothing was captured."
            )
        return path.read_bytes()
    except OSError as exc:
        raise CalendarProblem(f"Cannot read {label}: {exc.strerror or exc}.") from None


def read_path(path: Path) -> SourceRead:
    """Return the calendars in a file, a folder (every .ics file in it) or a .zip."""
    if not path.exists():
        raise CalendarProblem(f"No file or folder {path}.")
    found = SourceRead()
    if path.is_dir():
        for item in sorted(p for p in path.rglob("*") if p.is_file()):
            label = str(item.relative_to(path.parent))
            if item.suffix.lower() == ".zip":
                inner = _read_zip(item, label)
                found.documents += inner.documents
                found.skipped += inner.skipped
            elif _is_calendar_name(item.name):
                found.documents.append(CalendarDocument(label, _read_file(item, label)))
            elif not item.name.startswith("."):
                found.skipped.append(label)
        if not found.documents:
            raise CalendarProblem(f"The folder {path} holds no .ics calendar file.")
        return found
    if zipfile.is_zipfile(path):
        return _read_zip(path, path.name)
    found.documents.append(CalendarDocument(path.name, _read_file(path, path.name)))
    return found


def _read_zip(path: Path, label: str) -> SourceRead:
    found = SourceRead()
    try:
        with zipfile.ZipFile(path) as archive:
            for info in sorted(archive.infolist(), key=lambda i: i.filename):
                name = info.filename
                if info.is_dir() or name.startswith("__MACOSX/") or "/." in f"/{name}":
                    continue
                where = f"{label}:{name}"
                if not _is_calendar_name(name):
                    found.skipped.append(where)
                    continue
                if info.file_size > MAX_FILE_BYTES:
                    raise CalendarProblem(
                        f"{where} is {info.file_size / 1e6:,.0f} MB, more than one calendar "
                        "export; nothing was captured."
                    )
                found.documents.append(CalendarDocument(where, archive.read(info)))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CalendarProblem(f"{label} is not a readable zip file ({exc}).") from None
    if not found.documents:
        raise CalendarProblem(f"{label} holds no .ics calendar file.")
    return found


# --- CalDAV -------------------------------------------------------------------------------------


def _same_url(a: object, b: str) -> bool:
    return str(a).rstrip("/") == b.rstrip("/")


def read_caldav(
    url: str, username: str, password: str | None, since: datetime, until: datetime
) -> SourceRead:
    """Return the events of the CalDAV calendar at `url` with an occurrence in [since, until).

    Only reads (PROPFIND and REPORT). Raises CalendarProblem for a refused login, an address
    that is not a calendar, or a server that fails.
    """
    from caldav.davclient import get_davclient
    from caldav.elements import dav
    from caldav.lib import error as dav_error
    from caldav.lib.http_sync import requests as dav_http

    if not url.startswith(("https://", "http://")):
        raise CalendarProblem(f"The CalDAV address {url!r} must start with https://.")
    errors: tuple[type[BaseException], ...] = (
        dav_error.DAVError,
        dav_http.exceptions.RequestException,
        OSError,
    )
    found = SourceRead()
    client: Any = None
    try:
        client = get_davclient(
            url=url,
            username=username or None,
            password=password or None,
            check_config_file=False,
            environment=False,
        )
        if client is None:
            raise CalendarProblem(f"No CalDAV client for {url}.")
        calendar = client.calendar(url=url)
        props = calendar.get_properties([dav.ResourceType(), dav.DisplayName()])
        kinds = str(props.get(dav.ResourceType.tag) or "")
        if "calendar" not in kinds:
            raise CalendarProblem(
                f"{url} is not a calendar (it is {_kind_words(kinds)}); give the address of one "
                "calendar, as the calendar app's sharing or CalDAV settings show it."
            )
        for obj in calendar.search(start=since, end=until, event=True, expand=False):
            data = obj.data
            raw = data.encode("utf-8") if isinstance(data, str) else bytes(data or b"")
            found.documents.append(CalendarDocument(str(obj.url), raw, calendar=url.rstrip("/")))
    except CalendarProblem:
        raise
    except dav_error.AuthorizationError:
        raise CalendarProblem(
            f"The CalDAV server at {url} refused the user name or password (401); "
            "nothing was captured."
        ) from None
    except dav_error.NotFoundError:
        raise CalendarProblem(
            f"There is no calendar at {url} (404); nothing was captured."
        ) from None
    except errors as exc:
        from fieldvisit.net_words import reason

        raise CalendarProblem(
            f"The CalDAV server at {url} failed: {reason(exc)}; nothing was captured."
        ) from None
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()
    return found


def _kind_words(kinds: str) -> str:
    if "principal" in kinds:
        return "a user's address"
    if "collection" in kinds:
        return "a folder"
    return "a file" if kinds in ("", "None") else kinds
