"""The one door to the operating system's keychain (keyring).

Passwords for SMTP and CalDAV live only in the keychain. When no keychain is available (a headless
Linux box without Secret Service, or `PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring`), the
secret is kept in this `SecretStore` object for as long as the program runs, and the user is told.
A secret is never written to the workspace, the settings, a log or an export.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from fieldvisit.errors import FieldVisitError
from fieldvisit.logs import keep_out

SERVICE_NAME = "Field Visit"

log = logging.getLogger(__name__)


def smtp_key(username: str, host: str) -> str:
    """Return the keychain entry name of an SMTP login."""
    return f"smtp:{username}@{host}"


def caldav_key(username: str, url: str) -> str:
    """Return the keychain entry name of a CalDAV login."""
    return f"caldav:{username}@{url}"


def _no_keychain_message(key: str, exc: BaseException) -> str:
    kind = "password"
    if key.startswith("smtp:"):
        kind = "SMTP password"
    elif key.startswith("caldav:"):
        kind = "CalDAV password"
    # Never put the secret itself in a message; the entry name and the reason are enough.
    return (
        f"No keychain is available ({exc.__class__.__name__}: {exc}). "
        f"The {kind} is kept in memory until Field Visit closes and you will be asked again "
        "next time. To keep it, install or unlock a keychain (macOS Keychain, Windows Credential "
        "Locker, or Secret Service/KWallet on Linux)."
    )


class SecretStore:
    """Reads and writes secrets in the keychain, falling back to memory for this run only."""

    def __init__(
        self,
        service: str = SERVICE_NAME,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.service = service
        # Where the user is told about a missing keychain (stderr in the CLI, a dialog in the app).
        self.notify: Callable[[str], None] = notify or log.warning
        self._memory: dict[str, str] = {}
        self._told = False

    def _tell(self, key: str, exc: BaseException) -> None:
        if not self._told:
            self._told = True
            self.notify(_no_keychain_message(key, exc))

    def get(self, key: str) -> str | None:
        """Return the secret stored under `key`, or None when there is none."""
        if key in self._memory:
            return self._memory[key]
        try:
            secret = keyring.get_password(self.service, key)
        except (NoKeyringError, KeyringError) as exc:
            self._tell(key, exc)
            return None
        keep_out(secret)  # never in the log file, whatever error quotes it
        return secret

    def set(self, key: str, secret: str) -> bool:
        """Store `secret` under `key`; return True if the keychain holds it, False if memory does."""
        if not secret:
            raise ValueError("an empty secret is not stored")
        keep_out(secret)
        try:
            keyring.set_password(self.service, key, secret)
            # Some backends (keyring's `null`) accept a secret and drop it; read it back.
            if keyring.get_password(self.service, key) != secret:
                raise KeyringError(f"the {keyring.get_keyring().name} keychain did not keep it")
        except (NoKeyringError, KeyringError) as exc:
            self._memory[key] = secret
            self._tell(key, exc)
            return False
        # A keychain that works again makes the in-memory copy stale.
        self._memory.pop(key, None)
        return True

    def delete(self, key: str) -> None:
        """Forget the secret under `key` (in the keychain and in memory); absent is fine."""
        self._memory.pop(key, None)
        try:
            keyring.delete_password(self.service, key)
        except PasswordDeleteError:
            return
        except (NoKeyringError, KeyringError) as exc:
            self._tell(key, exc)

    def in_memory_only(self, key: str) -> bool:
        """Return True when the secret for `key` lives only in memory for this run."""
        return key in self._memory

    def backend_name(self) -> str:
        """Return the name of the keychain in use, for settings pages and messages."""
        try:
            return str(keyring.get_keyring().name)
        except (NoKeyringError, KeyringError, RuntimeError):
            return "none"


def obtain_password(
    store: SecretStore,
    key: str,
    env_var: str,
    what: str,
    prompt: Callable[[str], str] | None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Return a password: from `env_var`, else the keychain, else `prompt`; keep it in the keychain.

    A password given in the environment or typed at the prompt goes to the keychain (or to
    memory for this run when there is none), so the next run finds it there.
    """
    env = os.environ if environ is None else environ
    given = env.get(env_var, "")
    if given:
        store.set(key, given)
        return given
    stored = store.get(key)
    if stored:
        return stored
    if prompt is not None:
        typed = prompt(f"{what} password for {key.split(':', 1)[1]}: ")
        if typed:
            store.set(key, typed)
            return typed
    raise FieldVisitError(
        f"No {what} password in the keychain. Set {env_var} or run the command in a terminal "
        "to be asked for it once."
    )
