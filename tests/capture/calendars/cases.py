"""Every calendar case and the answer a correct capture gives for it.

Accounts and executives are named by role here; `Scenario` (scenario.py) resolves the roles to the
workspace's real accounts, contacts and executives, and gives each case's UIDs and UTC times.

Outcomes: `captured` (capture = `new` or `merged`; a meeting in two calendars is one visit),
`skipped` (reason: internal, declined, cancelled, all_day), `review` (reason: several_accounts,
no_account, tentative, needs_action) and `error` (bad input: no_dtstart, unknown_tzid).
Rules: `contact_email` (an attendee's exact e-mail is a contact's), `domain`, `subdomain`.
Executive roles: the owners of the `outlook`, `google` and `apple` calendars, and `guest`, another
executive who accepted a meeting in the Google calendar (`declining` declined it).
"""

from __future__ import annotations

from dataclasses import dataclass

CALENDARS = ("outlook", "google", "apple")


@dataclass(frozen=True)
class Case:
    key: str
    calendars: tuple[str, ...]  # outlook, google, apple; "bad" for a bad-input file
    outcome: str  # captured, skipped, review, error
    reason: str | None = None  # why skipped / listed for review / refused
    capture: str | None = None  # new, merged (first capture); a later one changes nothing
    account: str | None = None  # the account role it matches (or would, when listed for review)
    accounts: tuple[str, ...] = ()  # review: every account the attendees point at
    rule: str | None = None  # contact_email, domain, subdomain
    mode: str | None = None  # in_person, video, phone
    status: str | None = None  # done, planned (a series has both: see Expected.visits)
    executives: tuple[str, ...] = ()  # executive roles counted in the visit
    private: bool = False  # counted, but no title or location kept
    recurring: bool = False
    time2: str | None = None  # at time 2 the meeting is "moved" or "deleted"
    file: str | None = None  # bad input: the file name written by write_bad_inputs
    note: str = ""


def _captured(key: str, calendars: tuple[str, ...], account: str, mode: str, status: str | None,
              executives: tuple[str, ...], rule: str = "contact_email", capture: str = "new",
              **more: object) -> Case:  # fmt: skip
    return Case(key, calendars, "captured", None, capture, account, (account,), rule, mode,
                status, executives, **more)  # type: ignore[arg-type]  # fmt: skip


OUTLOOK, GOOGLE, APPLE = ("outlook",), ("google",), ("apple",)

CASES: tuple[Case, ...] = (
    # Outlook "Save Calendar" (full details): Windows zones, no PARTSTAT for the owner.
    _captured("merge_existing_visit", OUTLOOK, "merge", "in_person", "done", OUTLOOK, capture="merged",
              note="overlaps a done visit of the demo (same account and executive)"),
    _captured("outlook_in_person", OUTLOOK, "in_person", "in_person", "done", OUTLOOK,
              note="written in the customer's zone (a second Windows VTIMEZONE)"),
    _captured("outlook_teams", OUTLOOK, "teams", "video", "done", OUTLOOK,
              note="X-MICROSOFT-SKYPETEAMSMEETINGURL and the Teams block in DESCRIPTION"),
    _captured("outlook_private", OUTLOOK, "private", "in_person", "done", OUTLOOK, private=True,
              note="CLASS:PRIVATE: counted, title and location not kept"),
    _captured("outlook_invited_accepted", OUTLOOK, "invited", "in_person", "done", OUTLOOK,
              note="organized by the customer; the owner's ATTENDEE has no PARTSTAT and "
                   "X-MICROSOFT-CDO-BUSYSTATUS:BUSY says accepted"),
    Case("outlook_tentative_past", OUTLOOK, "review", "tentative", account="tentative",
         accounts=("tentative",), note="owner's BUSYSTATUS:TENTATIVE (tentative or unanswered)"),
    Case("outlook_internal_weekly", OUTLOOK, "skipped", "internal", recurring=True,
         note="weekly staff meeting, only our domains; RRULE in a Windows zone"),
    _captured("shared_uid", ("outlook", "google"), "shared", "in_person", "done",
              ("outlook", "google"), note="same UID in both calendars: one visit, both executives"),
    _captured("outlook_dial_in", OUTLOOK, "dial_in", "phone", "done", OUTLOOK,
              note="a conference line only, no link"),
    _captured("outlook_future_moved", OUTLOOK, "future", "in_person", "planned", OUTLOOK, time2="moved"),
    _captured("outlook_future_deleted", OUTLOOK, "deleted", "video", "planned", OUTLOOK, time2="deleted"),
    Case("outlook_all_day", OUTLOOK, "skipped", "all_day", account="all_day",
         note="two-day customer offsite, VALUE=DATE, customer attendees"),
    # Google Calendar export zip: UTC one-offs, TZID series, every attendee with PARTSTAT.
    Case("google_declined", GOOGLE, "skipped", "declined", account="declined",
         note="the owner's PARTSTAT=DECLINED; Google keeps declined events"),
    _captured("google_recurring", GOOGLE, "recurring", "video", None, GOOGLE, recurring=True,
              note="RRULE COUNT=8 with one EXDATE, one moved and one cancelled occurrence "
                   "(RECURRENCE-ID): six visits, see Expected.visits"),
    Case("google_personal_only", GOOGLE, "review", "no_account", account=None,
         note="only a gmail.com address (a contact's personal one): no domain match"),
    _captured("google_personal_plus_contact", GOOGLE, "personal_plus", "video", "done", GOOGLE,
              note="a contact plus a gmail.com address: matched by the contact only"),
    Case("google_two_accounts", GOOGLE, "review", "several_accounts", accounts=("pair_a", "pair_b")),
    _captured("google_subdomain", GOOGLE, "subdomain", "video", "done", GOOGLE, rule="subdomain",
              note="organized from eu.<domain> by someone not yet a contact (a new person)"),
    _captured("google_domain_new_person", GOOGLE, "domain", "in_person", "done", GOOGLE, rule="domain",
              note="the only customer attendee is not a contact (a new person)"),
    _captured("google_guest_executives", GOOGLE, "guests", "in_person", "done", ("google", "guest"),
              note="another executive accepted (counted), a third declined (not counted)"),
    Case("google_needs_action_past", GOOGLE, "review", "needs_action", account="needs_action",
         accounts=("needs_action",)),
    _captured("same_start_two_uids", ("google", "apple"), "same_start", "in_person", "done",
              ("google", "apple"),
              note="two invitations (two UIDs) with the same start and external attendees"),
    _captured("google_zoom", GOOGLE, "zoom", "video", "done", GOOGLE, note="Zoom link in LOCATION"),
    Case("google_internal_weekly", GOOGLE, "skipped", "internal", recurring=True,
         note="weekly leadership sync without end, TZID series"),
    Case("google_holidays", GOOGLE, "skipped", "all_day",
         note="the 'Holidays in United States' calendar inside the zip"),
    # Apple Calendar File > Export: IANA zones, X-APPLE-* properties.
    Case("apple_cancelled", APPLE, "skipped", "cancelled", account="cancelled",
         note="STATUS:CANCELLED kept by Apple after the organizer cancelled"),
    _captured("apple_private", APPLE, "apple_private", "in_person", "done", APPLE, private=True,
              note="an Exchange invitation (Outlook UID) with CLASS:PRIVATE"),
    _captured("apple_floating", APPLE, "floating", "in_person", "done", APPLE,
              note="floating times (no TZID, no Z): the owner's home zone applies"),
    _captured("apple_webex", APPLE, "webex", "video", "planned", APPLE),
    Case("apple_unknown_domain", APPLE, "review", "no_account",
         note="attendees at a domain no account has"),
    Case("apple_tentative_past", APPLE, "review", "tentative", account="apple_tentative",
         accounts=("apple_tentative",)),
    Case("apple_personal_event", APPLE, "skipped", "internal",
         note="Home.ics: no attendees at all"),
    # Bad input (write_bad_inputs): the capture refuses the file and changes nothing.
    Case("bad_no_dtstart", ("bad",), "error", "no_dtstart", file="no-dtstart.ics"),
    Case("bad_unknown_tzid", ("bad",), "error", "unknown_tzid", file="unknown-tzid.ics"),
)  # fmt: skip

CASE_BY_KEY = {case.key: case for case in CASES}


def _account_roles() -> tuple[str, ...]:
    roles: list[str] = []
    for case in CASES:
        for role in (case.account, *case.accounts):
            if role and role != "merge" and role not in roles:
                roles.append(role)
    # Accounts used only to borrow a contact's name (the personal address case).
    return (*roles, "personal")


ACCOUNT_ROLES = _account_roles()
