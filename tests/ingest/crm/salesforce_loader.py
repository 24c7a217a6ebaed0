"""Salesforce Data Loader extracts (a SOQL query per object, saved under a name the user picks).

Headers are the queried fields in upper case, relationship fields included (`OWNER.EMAIL`,
`ACCOUNT.NAME`); values come from the API: `true`/`false`, dates `2026-08-08`, date-times
`2026-01-10T09:12:44.000Z`, numbers `410000.0`, empty lookups empty, UTF-8, every value quoted.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from tests.ingest.crm import files
from tests.ingest.crm.company import PROBABILITY, STAGES, Snapshot
from tests.ingest.crm.salesforce import (
    STAGE_SORT_ORDER,
    TASK_KINDS,
    events,
    forecast_category,
    history_rows,
    tasks,
)
from tests.ingest.crm.salesforce_ids import record_id


def t(flag: bool) -> str:
    return "true" if flag else "false"


def num(value: Decimal) -> str:
    text = files.bare(value)
    return text if "." in text else text + ".0"


def dt(moment: datetime | None) -> str:
    return files.iso_millis_z(moment)


def d(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def users(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "NAME",
        "FIRSTNAME",
        "LASTNAME",
        "EMAIL",
        "TITLE",
        "ISACTIVE",
        "USERTYPE",
        "USERROLE.NAME",
        "MANAGER.EMAIL",
        "TIMEZONESIDKEY",
        "LASTMODIFIEDDATE",
    ]
    rows = [
        [record_id("user", u.key), u.name, u.first, u.last, u.email, u.title, "true", "Standard", u.role,
         snap.user(u.manager).email if u.manager else "", u.time_zone, dt(u.created)]
        for u in snap.users
    ]  # fmt: skip
    return header, rows


def accounts(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "NAME",
        "TYPE",
        "INDUSTRY",
        "WEBSITE",
        "BILLINGCITY",
        "BILLINGCOUNTRY",
        "BILLINGCOUNTRYCODE",
        "OWNERID",
        "OWNER.EMAIL",
        "OWNER.NAME",
        "CREATEDDATE",
        "LASTMODIFIEDDATE",
        "SYSTEMMODSTAMP",
    ]
    rows = []
    for a in snap.accounts:
        owner = snap.user(a.owner)
        rows.append([
            record_id("account", a.key), a.name, a.type, a.industry, a.website.removeprefix("https://"),
            a.city, a.country, a.country_code, record_id("user", owner.key), owner.email, owner.name,
            dt(a.created), dt(a.modified), dt(a.modified),
        ])  # fmt: skip
    return header, rows


def contacts(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "ACCOUNTID",
        "ACCOUNT.NAME",
        "FIRSTNAME",
        "LASTNAME",
        "NAME",
        "TITLE",
        "EMAIL",
        "PHONE",
        "OWNER.EMAIL",
        "CREATEDDATE",
        "LASTMODIFIEDDATE",
    ]
    rows = []
    for c in snap.contacts:
        account = snap.account(c.account) if c.account else None
        owner = snap.user(account.owner if account else "U10")
        rows.append([
            record_id("contact", c.key), record_id("account", c.account) if c.account else "",
            account.name if account else "", c.first, c.last, c.name, snap.title(c), c.email, c.phone,
            owner.email, dt(c.created), dt(snap.contact_modified(c)),
        ])  # fmt: skip
    return header, rows


def opportunities(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "NAME",
        "ACCOUNTID",
        "ACCOUNT.NAME",
        "OWNERID",
        "OWNER.EMAIL",
        "STAGENAME",
        "AMOUNT",
        "CURRENCYISOCODE",
        "PROBABILITY",
        "CLOSEDATE",
        "ISCLOSED",
        "ISWON",
        "TYPE",
        "LEADSOURCE",
        "NEXTSTEP",
        "CREATEDDATE",
        "LASTSTAGECHANGEDATE",
        "LASTMODIFIEDDATE",
        "SYSTEMMODSTAMP",
    ]
    rows = []
    for s in snap.live_deals():
        deal, owner = s.deal, snap.user(s.deal.owner)
        rows.append([
            record_id("opportunity", deal.key), deal.name, record_id("account", deal.account),
            snap.account(deal.account).name, record_id("user", owner.key), owner.email, s.stage,
            num(deal.amount), deal.currency, f"{PROBABILITY[s.stage]}.0", d(s.close_date),
            t(s.status != "open"), t(s.status == "won"), deal.type, deal.lead_source, deal.next_step,
            dt(deal.created), dt(s.stage_entered) if len(s.entries) > 1 else "", dt(s.modified), dt(s.modified),
        ])  # fmt: skip
    return header, rows


def stages(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "MASTERLABEL",
        "SORTORDER",
        "ISACTIVE",
        "ISCLOSED",
        "ISWON",
        "DEFAULTPROBABILITY",
        "FORECASTCATEGORYNAME",
    ]
    rows = [
        [record_id("stage", f"G{STAGE_SORT_ORDER[s]}"), s, str(STAGE_SORT_ORDER[s]), "true",
         t(s in ("Closed Won", "Closed Lost")), t(s == "Closed Won"), f"{PROBABILITY[s]}.0",
         forecast_category(s)[1]]
        for s in STAGES
    ]  # fmt: skip
    return header, rows


def history(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "OPPORTUNITYID",
        "STAGENAME",
        "AMOUNT",
        "CLOSEDATE",
        "PROBABILITY",
        "FROMOPPORTUNITYSTAGENAME",
        "PREVCLOSEDATE",
        "CREATEDDATE",
        "CREATEDBY.EMAIL",
    ]
    rows = []
    number = 0
    for s in snap.live_deals():
        owner = snap.user(s.deal.owner)
        entries = history_rows(s)
        for i, (when, stage, close) in enumerate(entries):
            number += 1
            previous = entries[i - 1] if i else None
            rows.append([
                record_id("history", f"H{number}"), record_id("opportunity", s.deal.key), stage,
                num(s.deal.amount), d(close), f"{PROBABILITY[stage]}.0", previous[1] if previous else "",
                d(previous[2]) if previous else "", dt(when), owner.email,
            ])  # fmt: skip
    return header, rows


def task_rows(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "SUBJECT",
        "TASKSUBTYPE",
        "TYPE",
        "STATUS",
        "ISCLOSED",
        "ACTIVITYDATE",
        "WHOID",
        "WHATID",
        "ACCOUNTID",
        "OWNER.EMAIL",
        "DESCRIPTION",
        "COMPLETEDDATETIME",
        "LASTMODIFIEDDATE",
    ]
    rows = []
    for state in tasks(snap):
        a = state.activity
        subtype, kind = TASK_KINDS[a.kind]
        rows.append([
            record_id("task", a.key), a.subject, subtype, kind, "Completed" if state.done else "Not Started",
            t(state.done), d(a.at.date()), record_id("contact", a.contacts[0]) if a.contacts else "",
            record_id("opportunity", a.deal) if a.deal else "", record_id("account", a.account),
            snap.user(a.owner).email, a.description, dt(a.at) if state.done else "",
            dt(a.at if state.done else a.created_at),
        ])  # fmt: skip
    return header, rows


def event_rows(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "SUBJECT",
        "STARTDATETIME",
        "ENDDATETIME",
        "LOCATION",
        "WHOID",
        "WHATID",
        "ACCOUNTID",
        "OWNER.EMAIL",
        "LASTMODIFIEDDATE",
    ]
    rows = [
        [record_id("event", a.key), a.subject, dt(a.at), dt(a.at + timedelta(minutes=a.minutes)), a.location,
         record_id("contact", a.contacts[0]) if a.contacts else "",
         record_id("opportunity", a.deal) if a.deal else "", record_id("account", a.account),
         snap.user(a.owner).email, dt(a.created_at)]
        for a in (state.activity for state in events(snap))
    ]  # fmt: skip
    return header, rows


def relation_rows(snap: Snapshot) -> tuple[list[str], list[list[str]]]:
    header = [
        "ID",
        "EVENTID",
        "RELATIONID",
        "RELATION.NAME",
        "ISINVITEE",
        "ISPARENT",
        "ISWHAT",
        "STATUS",
    ]
    rows = []
    for a in (state.activity for state in events(snap)):
        links = [
            (record_id("contact", c), snap.contact(c).name, "false", "true", "false", "")
            for c in a.contacts
        ]
        links += [
            (record_id("user", u), snap.user(u).name, "true", "false", "false", "Accepted")
            for u in a.attendees
        ]
        if a.deal:
            links.append(
                (
                    record_id("opportunity", a.deal),
                    snap.deal(a.deal).deal.name,
                    "false",
                    "true",
                    "true",
                    "",
                )
            )
        for i, link in enumerate(links):
            rows.append(
                [
                    record_id("event_relation", f"{a.key[1:]}{i + 1:02d}"),
                    record_id("event", a.key),
                    *link,
                ]
            )
    return header, rows


EXTRACTS = {
    "User_extract.csv": users,
    "Account_extract.csv": accounts,
    "Contact_extract.csv": contacts,
    "OpportunityStage_extract.csv": stages,
    "Opportunity_extract.csv": opportunities,
    "OpportunityHistory_extract.csv": history,
    "Task_extract.csv": task_rows,
    "Event_extract.csv": event_rows,
    "EventRelation_extract.csv": relation_rows,
}


def write_data_loader(snap: Snapshot, folder: Path) -> list[Path]:
    """Write one Data Loader extract per object, as a revenue-operations person saves them."""
    written = []
    for name, build in EXTRACTS.items():
        header, rows = build(snap)
        written.append(files.write_csv(folder / name, header, rows, files.DATA_LOADER))
    return written
