"""Video call, phone call or a visit in person: read from an event's links and dial-ins.

`video` when the event carries a Teams, Zoom, Meet or Webex link (in its location, description,
URL or conference properties); `phone` for a dial-in only; else `in_person`. The description is
read for this and nothing else; locations are kept without links or numbers (they can carry
passcodes).
"""

from __future__ import annotations

import re
from typing import Any

VIDEO = re.compile(
    r"teams\.microsoft\.com|teams\.live\.com|zoom\.us/|zoomgov\.com/|meet\.google\.com/"
    r"|webex\.com/|gotomeet(?:ing)?\.com/|meet\.goto\.com/|whereby\.com/|chime\.aws/",
    re.IGNORECASE,
)
_VIDEO_PROPS = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
)
_TEL = re.compile(r"\btel:\+?\d", re.IGNORECASE)
_PHONE_NUMBER = r"\+?\(?\d[\d\s\-().\/]{5,}\d"
_DIAL_IN = re.compile(
    rf"(?:dial[- ]?in|call[- ]?in|conference (?:call|id|code)|einwahl|phone|telefon|tel\.?)"
    rf"[^\n\d+]{{0,40}}{_PHONE_NUMBER}",
    re.IGNORECASE,
)
_ONLY_PHONE = re.compile(rf"\s*{_PHONE_NUMBER}\s*\Z")
_URL = re.compile(r"(?:https?://|tel:|mailto:)\S+", re.IGNORECASE)
# Description text worth keeping for `meeting_mode` (the prescan drops the rest unparsed).
_HINT = re.compile(rf"{VIDEO.pattern}|{_TEL.pattern}|{_DIAL_IN.pattern}", re.IGNORECASE)


def mentions_call(text: str) -> bool:
    """Return whether a description could make an event a video or phone call."""
    return _HINT.search(text) is not None


def _values(component: Any, name: str) -> list[Any]:
    found = component.get(name)
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


def meeting_mode(event: Any) -> str:
    """Return video (a Teams/Zoom/Meet/Webex link), phone (a dial-in only) or in_person."""
    if any(event.get(name) for name in _VIDEO_PROPS):
        return "video"
    texts = [str(v) for name in ("LOCATION", "DESCRIPTION", "URL") for v in _values(event, name)]
    texts += [str(v) for v in _values(event, "X-ALT-DESC")]
    conferences = [str(v) for v in _values(event, "CONFERENCE")]
    if any(VIDEO.search(t) for t in texts + conferences):
        return "video"
    if any(c.strip().lower().startswith(("http://", "https://")) for c in conferences):
        return "video"
    if any(_TEL.search(t) for t in texts + conferences) or any(_DIAL_IN.search(t) for t in texts):
        return "phone"
    location = str(event.get("LOCATION", ""))
    if location and _ONLY_PHONE.match(location):
        return "phone"
    return "in_person"


def clean_location(raw: object) -> str | None:
    """Return a location without links or dial-in numbers (they can carry passcodes)."""
    if raw is None:
        return None
    text = _URL.sub(" ", str(raw))
    if _ONLY_PHONE.match(text):
        return None
    text = " ".join(text.split()).strip(" ,;|-")
    return text[:200] or None
