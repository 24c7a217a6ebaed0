"""Why a network call failed, in a few plain words: the one rule for CalDAV (capture and publish).

HTTP libraries wrap the cause several times over ("HTTPConnectionPool(host=…): Max retries
exceeded with url: … (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at
0x…>: Failed to establish a new connection: [Errno 111] Connection refused'))"). The cause that
means something to a person — refused, no such name, no answer in time, a certificate — is found
by walking the chain, and said as such; anything else keeps its own first line, cut short.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator

LONGEST = 160  # characters kept of a reason nothing here recognises


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """Yield `exc` and everything it wraps (cause, context, `reason`, exceptions in its args)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        now = todo.pop(0)
        if id(now) in seen:
            continue
        seen.add(id(now))
        yield now
        wrapped = [now.__cause__, now.__context__, getattr(now, "reason", None), *now.args]
        todo.extend(item for item in wrapped if isinstance(item, BaseException))


def reason(exc: BaseException) -> str:
    """Return why `exc` happened: "the connection was refused", "the name does not resolve"…"""
    causes = list(_causes(exc))
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"its certificate could not be verified ({cause.verify_message or cause})"
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError):
            return "the connection was refused (nothing answers at that address and port)"
        if isinstance(cause, socket.gaierror):
            return "the server's name does not resolve (check the address, or the network)"
        if isinstance(cause, (TimeoutError, socket.timeout)):
            return "it did not answer in time"
        if isinstance(cause, ConnectionResetError):
            return "it closed the connection"
        if isinstance(cause, ssl.SSLError):
            return f"the secure connection failed ({cause.reason or cause})"
    words = next((line for line in str(exc).splitlines() if line.strip()), "")
    words = words.strip() or type(exc).__name__
    return words if len(words) <= LONGEST else words[: LONGEST - 1] + "…"
