"""E-mail domains: reading them from addresses, websites and lists, and walking up subdomains.

Pure functions, shared by the accounts import (its `domains` and `website` columns) and the
matching of calendar attendees to accounts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

# A host name: labels of letters, digits and hyphens (IDNs as written, lower-cased), two or more.
_LABEL = r"[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?"
_DOMAIN = re.compile(rf"(?:{_LABEL}\.)+{_LABEL}\Z")
# Parts of a host that say "web server", not "company": www.globex.com is globex.com.
_WEB_PREFIXES = ("www.", "www2.", "www3.")


def clean_domain(raw: str) -> str:
    """Return a domain lower-cased and trimmed (`@` and trailing dots dropped); ValueError if not one."""
    value = raw.strip().lower().lstrip("@").rstrip(".")
    if not _DOMAIN.match(value):
        raise ValueError(f"{raw.strip()!r} is not a domain like globex.com")
    return value


def website_domain(raw: str) -> str:
    """Return the domain of a website: `https://www.globex.com/` → `globex.com`.

    Accepts a bare host (`globex.com`, `www.globex.com/de`); drops the scheme, a `www.` label,
    a port, the path and a user part. Raises ValueError when no domain can be read.
    """
    text = raw.strip()
    if not text:
        raise ValueError("the website is empty")
    if "://" not in text:
        text = "http://" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        host = ""
    for prefix in _WEB_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    try:
        return clean_domain(host)
    except ValueError:
        raise ValueError(f"{raw.strip()!r} is not a website like https://www.globex.com/") from None


def domain_list(raw: str) -> str:
    """Return `;`-separated domains cleaned and joined by `;` (the stored form of `domains`)."""
    found: list[str] = []
    for part in re.split(r"[;,\s]+", raw):
        if not part:
            continue
        domain = clean_domain(part)
        if domain not in found:
            found.append(domain)
    if not found:
        raise ValueError(f"{raw!r} names no domain (write globex.com;globex.de)")
    return ";".join(found)


def stored_domains(value: str | None) -> list[str]:
    """Return the domains of a stored `;`-separated list (empty for None)."""
    return [d for d in (value or "").split(";") if d]


def email_domain(address: str) -> str | None:
    """Return the domain of an e-mail address, lower-cased; None when it has none."""
    _, at, domain = address.strip().lower().rpartition("@")
    if not at or not domain:
        return None
    domain = domain.rstrip(".")
    return domain if _DOMAIN.match(domain) else None


def parents(domain: str) -> Iterator[str]:
    """Yield the domain and each parent that still has two labels: eu.globex.com, globex.com."""
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        yield ".".join(labels[i:])


def within(domain: str, domains: Iterable[str] | set[str] | frozenset[str]) -> bool:
    """Return whether `domain` is one of `domains` or a subdomain of one of them."""
    pool = domains if isinstance(domains, set | frozenset) else set(domains)
    return any(parent in pool for parent in parents(domain))
