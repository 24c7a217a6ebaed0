"""Salesforce record ids (15 case-sensitive characters, 18 with the case-safe suffix) and users.

The 18-character id appends three characters that encode, for each block of five characters,
which ones are upper-case letters: bit i of the block's number is set when character i is A-Z,
and the number (0-31) picks a character of "A..Z0..5". `0064600000J5S5TAAV` from a public
Data Export: blocks `00646`, `00000`, `J5S5T` → 0, 0, 1+4+16=21 → "AAV".
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.ingest.crm.company import User, at

SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
EMPTY_LOOKUP = "000000000000000AAA"  # what the Data Export writes for an empty lookup
ORG_ID15 = "00D5g000004XyZa"

PREFIXES = {
    "user": "005",
    "role": "00E",
    "account": "001",
    "contact": "003",
    "opportunity": "006",
    "history": "008",
    "contact_role": "00K",
    "stage": "01J",
    "task": "00T",
    "event": "00U",
    "event_relation": "0RE",
    "currency": "01L",
    "content": "068",
    "document": "069",
}


def checksum(id15: str) -> str:
    """Return the three characters that make a 15-character id case-safe."""
    if len(id15) != 15:
        raise ValueError(f"a Salesforce id of 15 characters is needed, not {id15!r}")
    suffix = ""
    for block in range(3):
        bits = sum(
            1 << i for i, ch in enumerate(id15[block * 5 : block * 5 + 5]) if "A" <= ch <= "Z"
        )
        suffix += SUFFIX_ALPHABET[bits]
    return suffix


def to18(id15: str) -> str:
    """Return the 18-character form of a 15-character id."""
    return id15 + checksum(id15)


def _base62(number: int, width: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 62)
        digits = BASE62[rest] + digits
    return digits.rjust(width, "0")


def id15(kind: str, number: int) -> str:
    """Return a realistic 15-character id: key prefix, pod `5g`, zeros, a mixed-case counter."""
    offset = sum(ord(ch) for ch in kind) * 7_919  # different objects never share a counter
    counter = _base62(3_844_000 + offset + number * 104_729, 6)  # letters of both cases occur
    return PREFIXES[kind] + "5g0000" + counter


def swap_case_once(value: str) -> str:
    """Return the id with its last letter's case swapped: a different record to Salesforce."""
    for i in range(len(value) - 1, -1, -1):
        if value[i].isalpha():
            return value[:i] + value[i].swapcase() + value[i + 1 :]
    raise ValueError(f"{value!r} has no letter")


def _number(key: str) -> int:
    return int("".join(ch for ch in key if ch.isdigit()))


def record_id15(kind: str, key: str) -> str:
    """Return the 15-character id of a company record by its key ("A05", "D01", "T15"...).

    The two accounts named "Atlas Maschinenbau GmbH" get ids that differ only in the case of
    one letter, as two real records can: only a case-sensitive comparison keeps them apart.
    """
    if kind == "account" and key == "A06":
        return swap_case_once(id15("account", 5))
    return id15(kind, _number(key))


def record_id(kind: str, key: str) -> str:
    """Return the 18-character id of a company record."""
    return to18(record_id15(kind, key))


ORG_ID = to18(ORG_ID15)


@dataclass(frozen=True)
class SystemUser:
    """A user every Salesforce org has and that is neither a rep nor an executive."""

    key: str
    first: str
    last: str
    username: str
    email: str
    user_type: str
    active: bool


SYSTEM_USERS = (
    SystemUser("S1", "Automated", "Process", "autoproc@00d5g000004xyzaeak", "noreply@salesforce.com", "AutomatedProcess", True),
    SystemUser("S2", "Salesforce", "Administrator", "sfdcadmin@00d5g000004xyzaeak", "nora.falk@northwind.example", "SfdcAdmin", True),
    SystemUser("S3", "Integration", "User", "integration@00d5g000004xyzaeak", "noreply@salesforce.com", "Standard", True),
    SystemUser("S4", "Chatter", "Expert", "chatty.00d5g000004xyzaeak.x4kq1m@chatter.salesforce.com", "noreply@chatter.salesforce.com", "CsnOnly", False),
)  # fmt: skip
SYSTEM_CREATED = at("2024-03-01 08:00:00")


def user_id(user: User | SystemUser) -> str:
    return record_id("user", user.key if isinstance(user, User) else "900" + user.key[1:])


def user_id15(user: User) -> str:
    return record_id15("user", user.key)
