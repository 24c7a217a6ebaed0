"""Who is making a change: the person named once on this computer, recorded with every save.

A person is a name or an e-mail address ("Dana", "priya@example.com"), never a database role.
It is found in this order: what a workspace was told to act as (`act_as`: the CLI's `--as`, a test
with two people), FIELDVISIT_USER, the name kept in the app's local settings (`you.json` in the data
folder: File › Your name…, or asked at the first save on a team workspace), else the login name
of this computer. It is kept on this computer, not in the workspace, so each laptop says who
sits at it.
"""

from __future__ import annotations

import getpass
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldvisit import paths
from fieldvisit.errors import FieldVisitError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from fieldvisit.store.workspace import Workspace

PERSON_VARIABLE = "FIELDVISIT_USER"
PERSON_OPTION = "fieldvisit_person"  # an engine execution option: whom a workspace acts as
LONGEST_NAME = 120
FILE_NAME = "you.json"
EARLIER = 10  # earlier names remembered


class PersonRefused(FieldVisitError):
    """A name for the person at this computer was empty, too long or more than one line."""


def _settings_file() -> Path:
    return paths.data_dir() / FILE_NAME


def checked_person(name: str) -> str:
    """Return the name trimmed; refuse an empty one, one over 120 characters or of two lines."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PersonRefused("Your name is empty; type the name or e-mail your team knows you by.")
    if len(cleaned) > LONGEST_NAME or "\n" in name.strip():
        raise PersonRefused(
            f"Your name must be one line of at most {LONGEST_NAME} characters; shorten it."
        )
    return cleaned


def _settings() -> dict[str, Any]:
    try:
        raw: Any = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


def saved_person() -> str | None:
    """Return the name kept in the app's local settings, or None when none was set."""
    name = _settings().get("person")
    return name.strip() or None if isinstance(name, str) else None


def earlier_names() -> list[str]:
    """Return the names the person at this computer went by before (newest first)."""
    names = _settings().get("earlier")
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and n.strip()]


def save_person(name: str) -> str:
    """Keep the name in the app's local settings (owner-only, written whole); return it.

    The name used until now is remembered among the earlier ones (at most ten): what was
    written under it on this computer — unsaved debrief notes — stays this person's.
    """
    cleaned = checked_person(name)
    before = saved_person() or login_name()
    earlier = [n for n in dict.fromkeys([before, *earlier_names()]) if n != cleaned][:EARLIER]
    target = _settings_file()
    handle, temp = tempfile.mkstemp(prefix=".you-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"person": cleaned, "earlier": earlier}, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return cleaned


def login_name() -> str:
    """Return this computer's login name ("someone" when the system cannot say)."""
    try:
        return getpass.getuser() or "someone"
    except (OSError, KeyError, ImportError):
        return "someone"


def default_person() -> str:
    """Return who sits at this computer: FIELDVISIT_USER, the saved name, else the login name."""
    given = os.environ.get(PERSON_VARIABLE, "").strip()
    return given or saved_person() or login_name()


def person_is_set() -> bool:
    """Return whether the person was named (variable or saved) rather than guessed from the login."""
    return bool(os.environ.get(PERSON_VARIABLE, "").strip() or saved_person())


def names_of(conn: Connection) -> list[str]:
    """Return every name the connection's person writes or wrote under on this computer: the
    one in use and, when that is the saved name (not `--as` or FIELDVISIT_USER), the earlier ones."""
    person = person_of(conn)
    chosen = conn.get_execution_options().get(PERSON_OPTION)
    if chosen or os.environ.get(PERSON_VARIABLE, "").strip():
        return [person]
    return [person, *(n for n in earlier_names() if n != person)]


def act_as(ws: Workspace, person: str) -> None:
    """Record every later change made through `ws` as made by `person`."""
    ws.engine.update_execution_options(**{PERSON_OPTION: checked_person(person)})


def person_of(conn: Connection) -> str:
    """Return who the changes made on this connection are recorded as made by."""
    chosen = conn.get_execution_options().get(PERSON_OPTION)
    return str(chosen) if chosen else default_person()
