"""E-mailed invites (iMIP, RFC 6047) and sending them over SMTP.

Structure that calendar clients accept widely:
multipart/mixed
  multipart/alternative
    text/plain                                   (what a person reads)
    text/calendar; method=REQUEST; charset=UTF-8 (what Outlook, Gmail and Apple Mail act on)
  application/ics attachment invite.ics          (the same bytes, for clients that want a file)
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from fieldvisit.errors import FieldVisitError
from fieldvisit.invites.build import Invite
from fieldvisit.invites.ics import CANCEL, Organizer, clean_cn, clean_line
from fieldvisit.settings import Rules
from fieldvisit.zones import zone_or_none as _zone

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send mail from the workspace settings (the password comes from the keychain)."""

    host: str
    port: int
    username: str
    starttls: bool


def smtp_settings(rules: Rules) -> SmtpSettings:
    """Return the SMTP settings, or raise a FieldVisitError telling the user what to set."""
    if not rules.smtp_host.strip():
        raise FieldVisitError(
            "No SMTP server is set. Enter it under Settings > Invites, or run "
            "`fieldvisit invite-settings --smtp-host smtp.example.com --smtp-username you`."
        )
    return SmtpSettings(
        host=rules.smtp_host.strip(),
        port=int(rules.smtp_port),
        username=rules.smtp_username.strip(),
        starttls=bool(rules.smtp_starttls),
    )


def when_text(start: datetime, end: datetime, zone_name: str | None) -> str:
    """Return the time of a visit as people read it: local to the customer, and in UTC."""
    start_utc, end_utc = (t.astimezone(UTC) for t in (start, end))
    utc = f"{start_utc:%a %d %b %Y, %H:%M}–{end_utc:%H:%M} UTC"
    zone = _zone(zone_name)
    if zone is None:
        return utc
    ls, le = start.astimezone(zone), end.astimezone(zone)
    if ls.date() == start_utc.date():
        utc = f"{start_utc:%H:%M}–{end_utc:%H:%M} UTC"
    return f"{ls:%a %d %b %Y, %H:%M}–{le:%H:%M} {ls:%Z} ({zone_name}); {utc}"


def plain_text(invite: Invite, organizer: Organizer) -> str:
    """Return the readable text part of an invite e-mail."""
    c = invite.content
    if invite.method == CANCEL:
        head = "This visit is CANCELLED. Your calendar removes it when you open the attachment."
    elif invite.is_update:
        head = "This invitation was UPDATED: please check the details below."
    else:
        head = "You are invited."
    lines = [head, "", c.summary, f"When: {when_text(c.start, c.end, c.local_tz)}"]
    if c.location:
        lines.append(f"Where: {c.location}")
    lines.append("Who: " + ", ".join(a.name for a in c.attendees))
    lines.append(f"Organiser: {organizer.name} <{organizer.email}>")
    if organizer.sent_by:
        lines.append(
            f"Sent by: {organizer.sent_by_name or organizer.sent_by} <{organizer.sent_by}>"
        )
    if c.description:
        lines.append("")
        lines.append(c.description)
    return "\n".join(lines) + "\n"


def subject(invite: Invite) -> str:
    """Return the e-mail subject: what happened, then the event's title."""
    if invite.method == CANCEL:
        prefix = "Cancelled"
    elif invite.is_update:
        prefix = "Updated invitation"
    else:
        prefix = "Invitation"
    return clean_line(f"{prefix}: {invite.content.summary}")


def invite_message(invite: Invite, organizer: Organizer, now: datetime) -> EmailMessage:
    """Return the iMIP message for one audience (From = SENT-BY or ORGANIZER, To = recipients)."""
    if not invite.content.recipients:
        raise FieldVisitError(
            f"The {invite.content.audience} invite has no recipient with an e-mail address."
        )
    msg = EmailMessage()
    from_name = organizer.sent_by_name if organizer.sent_by else organizer.name
    msg["From"] = formataddr((clean_cn(from_name), organizer.sender))
    msg["To"] = ", ".join(invite.content.recipients)
    msg["Subject"] = subject(invite)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=organizer.sender.rsplit("@", 1)[-1])
    msg.set_content(plain_text(invite, organizer), subtype="plain", charset="utf-8")
    params = {"method": invite.method, "charset": "UTF-8"}
    # Bytes keep the CRLF line ends exactly (base64), which 8bit text transport may not.
    msg.add_alternative(invite.ics, maintype="text", subtype="calendar", params=params)
    msg.make_mixed()
    name = "cancellation.ics" if invite.method == CANCEL else "invite.ics"
    msg.add_attachment(invite.ics, maintype="application", subtype="ics", filename=name)
    return msg


def send_messages(
    settings: SmtpSettings,
    password: str | None,
    messages: Sequence[EmailMessage],
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Send the messages over one SMTP connection (STARTTLS or implicit TLS as configured)."""
    context = ssl_context or ssl.create_default_context()
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.port == 465 and not settings.starttls:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        with smtp:
            smtp.ehlo()
            if settings.starttls:
                smtp.starttls(context=context)
                smtp.ehlo()
            if settings.username:
                if not password:
                    raise FieldVisitError(f"No SMTP password for {settings.username} at {where}.")
                smtp.login(settings.username, password)
            for msg in messages:
                smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise FieldVisitError(
            f"The SMTP server {where} refused the user name or password ({exc.smtp_code})."
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise FieldVisitError(f"The SMTP server {where} does not support {exc}.") from None
    except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise FieldVisitError(f"Sending through {where} failed: {exc}") from None
