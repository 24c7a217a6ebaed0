"""What a chief of staff does with a visit: export, publish or e-mail its invites; reschedule,
cancel, mark as done. The invites part of the core does the work, in background tasks: files are
written by `fieldvisit.invites.files` (the command line's writer: owner-only, never half-written,
recorded as sent only once every file is written), and Publish stores the version the core names
(`PUBLISH_AUDIENCE`, the customer version) and says so.

The invites modules that talk to servers (CalDAV, SMTP) are imported inside the tasks: they take a
quarter of a second to load, which the app's first paint should not wait for."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from fieldvisit import secrets
from fieldvisit.changes import INVITES_SENT, NOTHING, VISIT_STATUS, Changes
from fieldvisit.reads.visit_lines import VisitLine
from fieldvisit.ui import file_dialogs, plain_text, style
from fieldvisit.ui.context import AppContext
from fieldvisit.ui.operations import run_task_write
from fieldvisit.ui.tasks import CancelledFn, ProgressFn
from fieldvisit.ui.workspaces import describe

AUDIENCE_WORDS = {"internal": "team", "external": "customer"}


def slug(words: str) -> str:
    """Return a file-name-safe version of some words ("Globex Corp." → "globex-corp")."""
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:48] or "visit"


def publish_words() -> str:
    """Return what Publish puts on the calendar, in words (the tooltip of its button)."""
    from fieldvisit.invites.audiences import PUBLISH_AUDIENCE, version_words

    return f"Puts the {version_words(PUBLISH_AUDIENCE)} on the team's CalDAV calendar."


def _password(ctx: AppContext, key: str | None) -> str | None:
    store = ctx.secrets
    if store is None or key is None:
        return None
    value = store.get(key)
    return str(value) if value is not None else None


class VisitActions:
    """Runs a visit's actions for a page and tells the user how they went."""

    def __init__(self, ctx: AppContext, parent: QWidget):
        self.ctx = ctx
        self.parent = parent
        self.last_message = ""

    def _tell(self, title: str, words: str, warn: bool = False) -> None:
        self.last_message = words
        plain_text.tell(self.parent, title, words, warn=warn)

    def _done(self, title: str, words: str) -> None:
        """Acknowledge what went well in place, on the page's notice (a message box only when
        no page is at hand); problems and questions keep their message boxes."""
        from fieldvisit.ui.undo import say

        self.last_message = words
        if say(self.parent, words) is None:
            self._tell(title, words)

    def _run(
        self, title: str, work: Any, done: Any, *, changes: Changes, after_error: str = ""
    ) -> None:
        """Run `work` in the background; once it has stored, announce `changes`, then `done`."""

        def failed(exc: BaseException) -> None:
            self._tell(title, f"{describe(exc)} {after_error}".strip(), warn=True)

        run_task_write(self.ctx, work, title=title, changes=changes, on_done=done, on_error=failed)

    # ----- invites -----------------------------------------------------------------------------

    def export_invites(self, visit: VisitLine, folder: Path | None = None) -> None:
        """Write the team's and the customer's .ics files into a folder the user picks."""
        if folder is None:
            chosen = file_dialogs.existing_folder(self.parent, "invites", "Export invites to…")
            if chosen is None:
                return
            folder = chosen
        ws, rules, as_of = self.ctx.workspace, self.ctx.rules(), self.ctx.as_of
        stem = f"{slug(visit.account_name)}-{style.local_day(visit.start, visit.account_tz)}"
        targets: dict[Any, Path] = {
            audience: folder / f"{stem}-{AUDIENCE_WORDS[audience]}.ics"
            for audience in ("internal", "external")
        }

        def work(_p: ProgressFn, _c: CancelledFn) -> list[str]:
            from fieldvisit.invites.files import export_visit_invites

            # Written inside the transaction that records the invites as sent: if a file cannot
            # be written, nothing is marked as sent.
            with ws.begin() as conn:
                written = export_visit_invites(
                    conn, visit.pk, rules, targets, datetime.now(UTC), as_of
                )
            return [path.name for _invite, path in written]

        def done(written: list[str]) -> None:
            self._done(
                "Invites exported",
                f"Saved {' and '.join(written)} in {folder} (readable by you only). Open the "
                "team file in your calendar and send the customer file to the customer's "
                "contacts.",
            )

        self._run(
            "Exporting invites",
            work,
            done,
            # Recorded as sent, which no page shows: nothing for a page to reload.
            changes=NOTHING,
            after_error="No invite file was saved and the visit's invites are not marked as sent.",
        )

    def export_trip(self, trip_external_id: str, trip_name: str, path: Path | None = None) -> None:
        """Write one calendar file holding the whole trip, for the executive's own calendar."""
        if path is None:
            name = f"{slug(trip_name)}.ics"
            chosen = file_dialogs.save_file(
                self.parent, "trip", "Export trip", name, "Calendar files (*.ics)"
            )
            if chosen is None:
                return
            path = chosen
        ws, rules, as_of = self.ctx.workspace, self.ctx.rules(), self.ctx.as_of

        def work(_p: ProgressFn, _c: CancelledFn) -> tuple[str, int]:
            from fieldvisit.invites.build import trip_calendar
            from fieldvisit.invites.files import write_atomically

            with ws.begin() as conn:
                name, count, data = trip_calendar(
                    conn, trip_external_id, rules, datetime.now(UTC), as_of
                )
                write_atomically(path, data)  # the trip file holds the internal briefings
            return name, count

        def done(result: tuple[str, int]) -> None:
            name, count = result
            self._done(
                "Trip exported",
                f"Saved {name} ({style.plural(count, 'visit')}) to {path} (readable by you only).",
            )

        self._run("Exporting the trip", work, done, changes=NOTHING)  # a file, nothing stored

    def publish(self, visit: VisitLine) -> None:
        """Put the visit on the team's CalDAV calendar: the version the core publishes by default
        (the customer version, as the command line does), and say which one it was."""
        from fieldvisit.invites.audiences import PUBLISH_AUDIENCE, version_words

        rules, as_of = self.ctx.rules(), self.ctx.as_of
        key = (
            secrets.caldav_key(rules.caldav_username, rules.caldav_url)
            if rules.caldav_username and rules.caldav_url
            else None
        )
        ws, ctx = self.ctx.workspace, self.ctx

        def work(_p: ProgressFn, _c: CancelledFn) -> str:
            from fieldvisit.invites.delivery import publish_to_calendar

            password = _password(ctx, key)
            # The workspace is not locked while the CalDAV server answers.
            return publish_to_calendar(
                ws, visit.pk, rules, PUBLISH_AUDIENCE, password, datetime.now(UTC), as_of
            )

        def done(result: str) -> None:
            verb = "Updated" if result == "updated" else "Published"
            words = {
                "removed": "The cancelled visit was taken off the calendar.",
                "absent": "The visit was not on the calendar.",
            }.get(
                result,
                f"{verb} the visit to {visit.account_name} on the team calendar as the "
                f"{version_words(PUBLISH_AUDIENCE)}.",
            )
            self._done("Published", words)

        self._run("Publishing to the calendar", work, done, changes=INVITES_SENT)

    def email(self, visit: VisitLine) -> None:
        """E-mail the team's and the customer's invites (or cancellations)."""
        rules, as_of = self.ctx.rules(), self.ctx.as_of
        key = (
            secrets.smtp_key(rules.smtp_username, rules.smtp_host)
            if rules.smtp_username and rules.smtp_host
            else None
        )
        ws, ctx = self.ctx.workspace, self.ctx

        def work(_p: ProgressFn, _c: CancelledFn) -> list[Any]:
            from fieldvisit.invites.delivery import send_invites_by_email

            password = _password(ctx, key)
            # The workspace is not locked while the SMTP server answers.
            return send_invites_by_email(
                ws,
                visit.pk,
                rules,
                ["internal", "external"],
                password,
                datetime.now(UTC),
                as_of=as_of,
            )

        def done(deliveries: list[Any]) -> None:
            lines = []
            for d in deliveries:
                who = AUDIENCE_WORDS[d.audience].capitalize()
                if d.skipped:
                    lines.append(f"{who}: not sent ({d.skipped}).")
                else:
                    lines.append(f"{who}: sent to {', '.join(d.recipients)}.")
            if deliveries and not any(d.skipped for d in deliveries):
                self._done("Invites sent", " ".join(lines))
            else:  # something was not sent: the reason needs reading and acting on
                self._tell("Invites sent", "\n".join(lines) or "Nothing was sent.", warn=True)

        self._run("Sending invites", work, done, changes=INVITES_SENT)

    def briefing(self, visit: VisitLine) -> Path | None:
        """Ask where, then save the visit's briefing page as a PDF (`briefing_save`)."""
        from fieldvisit.ui.briefing_save import save_visit_briefing

        return save_visit_briefing(self.ctx, visit.pk, self.parent)

    # ----- status ------------------------------------------------------------------------------

    def cancel(self, visit: VisitLine) -> bool:
        """Ask, then cancel the visit; True when the user confirmed."""
        when = style.time_in_zones(visit.start, visit.account_tz, with_day=True)
        if not plain_text.ask(
            self.parent,
            "Cancel visit",
            f"Cancel the visit to {visit.account_name} on {when}?\n\nEveryone already invited "
            "gets a cancellation when you next send or publish its invites.",
        ):
            return False
        self.set_status(visit, "cancelled")
        return True

    def set_status(
        self, visit: VisitLine, status: str, *, seen: int | None = None, kept_over: bool = False
    ) -> None:
        """Mark the visit planned, done or cancelled (in the background); the page's notice
        says so, with Undo (Ctrl+Z). The save names the version the list showed: a visit
        changed by someone else since opens the conflict dialog (`settle_status_conflict`)."""
        from fieldvisit.planning.undo import StatusChange

        ws = self.ctx.workspace
        seen = visit.row_version or None if seen is None else seen

        def work(_p: ProgressFn, _c: CancelledFn) -> StatusChange:
            from fieldvisit import planning
            from fieldvisit.planning.undo import status_change
            from fieldvisit.planning.visit_rows import visit_row

            with ws.begin() as conn:
                before = str(visit_row(conn, visit.pk)["status"])
                planning.set_visit_status(conn, visit.pk, status, seen=seen, kept_over=kept_over)
                return status_change(conn, visit.pk, before)  # what Undo takes back

        def done(change: StatusChange) -> None:
            from fieldvisit.ui.undo_steps import day_words, status_changed

            if change.before == change.after:
                return  # nothing changed: nothing to undo
            when = day_words(style.local_day(visit.start, visit.account_tz))
            words = {
                "cancelled": f"Visit to {visit.account_name} on {when} cancelled",
                "done": f"Visit to {visit.account_name} on {when} marked done",
            }.get(status, f"Visit to {visit.account_name} on {when} marked planned")
            status_changed(self.ctx, self.parent, change, words)

        def failed(exc: BaseException) -> None:
            from fieldvisit.store.versions import Conflict
            from fieldvisit.ui.dialogs.conflict_visit import settle_status_conflict

            if isinstance(exc, Conflict):
                settle_status_conflict(self, visit, status, exc)
            else:
                self._tell("Updating the visit", describe(exc), warn=True)

        run_task_write(
            self.ctx,
            work,
            title="Updating the visit",
            changes=VISIT_STATUS,
            on_done=done,
            on_error=failed,
        )
