"""Where a workspace lives: a local file, or a team database named by a postgresql:// URL.

The one owner of reading `--db` and FIELDVISIT_DB. A team address never carries a password: the
password lives in the keychain (`fieldvisit.secrets`), so the URL can be shown, logged and kept in
recent-workspace lists as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from fieldvisit.errors import WorkspaceError

SCHEMES = ("postgresql", "postgres")
DEFAULT_PORT = 5432
# libpq connection settings a team URL may carry (anything else is a typo worth naming).
ALLOWED_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "connect_timeout",
    "application_name",
    "target_session_attrs",
)
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


@dataclass(frozen=True)
class TeamAddress:
    """A team workspace on PostgreSQL: who connects to which database where (no password)."""

    user: str
    host: str
    port: int
    database: str
    options: tuple[tuple[str, str], ...] = field(default=())

    @property
    def label(self) -> str:
        """Return the address as the user wrote it, password-free: for messages and lists."""
        query = "&".join(f"{k}={v}" for k, v in self.options)
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.database}" + (
            f"?{query}" if query else ""
        )

    @property
    def secret_key(self) -> str:
        """Return the keychain entry name of this login."""
        return f"postgresql:{self.user}@{self.host}:{self.port}/{self.database}"

    def option(self, name: str) -> str | None:
        """Return a connection option from the URL's query, or None."""
        return dict(self.options).get(name)


def is_team_url(value: object) -> bool:
    """Return True when `value` names a team database rather than a file."""
    text = str(value)
    return any(text.startswith(f"{scheme}://") for scheme in SCHEMES) or any(
        # Path() folds "postgresql://x" into "postgresql:/x": still a URL the user meant.
        text.startswith(f"{scheme}:/")
        for scheme in SCHEMES
    )


def parse_team_url(value: str) -> TeamAddress:
    """Return the TeamAddress of a postgresql://USER@HOST[:PORT]/DB[?sslmode=…] URL.

    A password in the URL is refused: it would end up in shell history, logs and recent lists.
    """
    text = str(value)
    for scheme in SCHEMES:
        folded = f"{scheme}:/"
        if text.startswith(folded) and not text.startswith(f"{scheme}://"):
            text = f"{scheme}://" + text[len(folded) :]
    parts = urlsplit(text)
    if parts.scheme not in SCHEMES:
        raise WorkspaceError(f"{value} is not a postgresql:// address.")
    if parts.password is not None:
        raise WorkspaceError(
            "Leave the password out of the address (postgresql://USER@HOST/DB): Field Visit asks "
            "for it once and keeps it in the keychain."
        )
    if not parts.username:
        raise WorkspaceError(f"{_safe(value)} names no user: write postgresql://USER@HOST/DB.")
    if not parts.hostname:
        raise WorkspaceError(f"{_safe(value)} names no host: write postgresql://USER@HOST/DB.")
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise WorkspaceError(f"{_safe(value)} names no database: write postgresql://USER@HOST/DB.")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise WorkspaceError(f"{_safe(value)} has a port that is not a number.") from exc
    options: list[tuple[str, str]] = []
    for key, val in parse_qsl(parts.query, keep_blank_values=True):
        if key not in ALLOWED_OPTIONS:
            raise WorkspaceError(
                f"{_safe(value)}: unknown option {key!r} (known: {', '.join(ALLOWED_OPTIONS)})."
            )
        if key == "sslmode" and val not in SSL_MODES:
            raise WorkspaceError(f"{_safe(value)}: sslmode must be one of {', '.join(SSL_MODES)}.")
        options.append((key, val))
    return TeamAddress(
        user=unquote(parts.username),
        host=parts.hostname,
        port=port,
        database=database,
        options=tuple(options),
    )


def _safe(value: str) -> str:
    """Return `value` for a message; an address is cut at its query (it may name key files)."""
    return str(value).split("?", 1)[0]


def parse_location(value: str | Path) -> Path | TeamAddress:
    """Return the file path or team address that `--db`/FIELDVISIT_DB names."""
    if is_team_url(value):
        return parse_team_url(str(value))
    return Path(value)


def location_label(location: Path | TeamAddress) -> str:
    """Return how messages name a workspace: its path, or its password-free address."""
    return location.label if isinstance(location, TeamAddress) else str(location)
