"""Salesforce's weekly Data Export ZIP (Setup → Data Export) of Northwind Analytics.

Headers and value formats follow real exports kept in public repositories
(konsul7770/konsul-force-org, WinkelDev/Salesforce-Data-Changelog): API names, every value quoted,
LF, ISO-8859-1 (characters outside Latin-1 become `?`), `0`/`1`, `000000000000000AAA` for empty
lookups, 18-character ids, date-times `2026-01-10 09:12:44` (UTC), dates `2026-08-08 00:00:00`.
No owner name or e-mail in Opportunity.csv: only OwnerId, to join to User.csv.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.ingest.crm import files
from tests.ingest.crm.company import CORPORATE_CURRENCY, PROBABILITY, RATES, ActivityState, Snapshot
from tests.ingest.crm.salesforce import (
    STAGE_SORT_ORDER,
    TASK_KINDS,
    b,
    day,
    events,
    forecast_category,
    history_rows,
    last_activity_date,
    tasks,
    ts,
)
from tests.ingest.crm.salesforce_headers import (
    ACCOUNT_HEADER,
    ATTACHMENT_HEADER,
    CONTACT_HEADER,
    CONTACT_ROLE_HEADER,
    CONTENT_HEADER,
    CURRENCY_HEADER,
    EVENT_HEADER,
    HISTORY_HEADER,
    NOTE_HEADER,
    OPPORTUNITY_HEADER,
    RELATION_HEADER,
    ROLE_HEADER,
    TASK_HEADER,
    USER_HEADER,
)
from tests.ingest.crm.salesforce_ids import (
    EMPTY_LOOKUP,
    ORG_ID,
    SYSTEM_CREATED,
    SYSTEM_USERS,
    record_id,
    user_id,
)

EXPORT_ZIP = f"WE_{ORG_ID}_1.ZIP"  # the same name every week


def _rows(header: list[str], records: list[dict[str, str]]) -> list[list[str]]:
    return [[r.get(column, "") for column in header] for r in records]


def role_ids(snap: Snapshot) -> dict[str, str]:
    return {
        role: record_id("role", f"R{i + 1}")
        for i, role in enumerate(sorted({u.role for u in snap.users}))
    }


def user_records(snap: Snapshot) -> list[dict[str, str]]:
    roles = role_ids(snap)
    records = []
    for u in snap.users:
        uid = user_id(u)
        records.append({
            "Id": uid, "Username": u.email, "FirstName": u.first, "LastName": u.last,
            "CompanyName": "Northwind Analytics", "Title": u.title, "City": u.city,
            "Country": u.country, "CountryCode": u.country_code, "Email": u.email,
            "Alias": (u.first[0] + u.last[:4]).lower(), "CommunityNickname": u.email.split("@")[0],
            "IsActive": "1", "IsSystemControlled": "0", "TimeZoneSidKey": u.time_zone,
            "UserRoleId": roles[u.role], "LocaleSidKey": "de_DE" if u.country_code == "DE" else "en_GB",
            "ReceivesInfoEmails": "0", "ReceivesAdminInfoEmails": "0", "EmailEncodingKey": "ISO-8859-1",
            "DefaultCurrencyIsoCode": "USD", "CurrencyIsoCode": "USD", "ProfileId": "00e5g000000AbCdAAK",
            "UserType": "Standard", "LanguageLocaleKey": "de" if u.country_code == "DE" else "en_US",
            "DelegatedApproverId": EMPTY_LOOKUP,
            "ManagerId": record_id("user", u.manager) if u.manager else EMPTY_LOOKUP,
            "LastLoginDate": ts(snap.exported_at.replace(hour=7, minute=2, second=11)),
            "CreatedDate": ts(u.created), "CreatedById": user_id(SYSTEM_USERS[1]),
            "LastModifiedDate": ts(u.created), "LastModifiedById": user_id(SYSTEM_USERS[1]),
            "SystemModstamp": ts(snap.exported_at.replace(hour=7, minute=2, second=11)),
            "NumberOfFailedLogins": "0", "ForecastEnabled": b(u.role.startswith("Sales")),
            "ContactId": EMPTY_LOOKUP, "AccountId": EMPTY_LOOKUP, "DigestFrequency": "D",
            "DefaultGroupNotificationFrequency": "N", "IsProfilePhotoActive": "0",
        })  # fmt: skip
    for s in SYSTEM_USERS:
        records.append({
            "Id": user_id(s), "Username": s.username, "FirstName": s.first, "LastName": s.last,
            "CompanyName": "Northwind Analytics", "Country": "xx", "Email": s.email,
            "Alias": (s.first[:1] + s.last[:4]).lower(), "CommunityNickname": s.username.split("@")[0],
            "IsActive": b(s.active), "IsSystemControlled": "0", "TimeZoneSidKey": "Europe/Berlin",
            "UserRoleId": EMPTY_LOOKUP, "LocaleSidKey": "en_US", "EmailEncodingKey": "UTF-8",
            "DefaultCurrencyIsoCode": "000", "CurrencyIsoCode": "000", "UserType": s.user_type,
            "LanguageLocaleKey": "en_US", "DelegatedApproverId": EMPTY_LOOKUP, "ManagerId": EMPTY_LOOKUP,
            "CreatedDate": ts(SYSTEM_CREATED), "CreatedById": user_id(SYSTEM_USERS[1]),
            "LastModifiedDate": ts(SYSTEM_CREATED), "LastModifiedById": user_id(SYSTEM_USERS[1]),
            "SystemModstamp": ts(SYSTEM_CREATED), "ForecastEnabled": "0", "ContactId": EMPTY_LOOKUP,
            "AccountId": EMPTY_LOOKUP, "DigestFrequency": "D", "DefaultGroupNotificationFrequency": "N",
            "IsProfilePhotoActive": "0",
        })  # fmt: skip
    return records


def account_records(snap: Snapshot) -> list[dict[str, str]]:
    records = []
    for a in snap.accounts:
        owner = record_id("user", a.owner)
        records.append({
            "Id": record_id("account", a.key), "IsDeleted": "0", "Name": a.name, "Type": a.type,
            "ParentId": EMPTY_LOOKUP, "BillingStreet": a.street, "BillingCity": a.city,
            "BillingPostalCode": a.postal_code, "BillingCountry": a.country,
            "BillingCountryCode": a.country_code, "Website": a.website.removeprefix("https://"),
            "Industry": a.industry, "NumberOfEmployees": str(a.employees), "Description": a.description,
            "CurrencyIsoCode": "USD" if a.country_code == "US" else {"GB": "GBP", "CH": "CHF"}.get(a.country_code, "EUR"),
            "OwnerId": owner, "CreatedDate": ts(a.created), "CreatedById": owner,
            "LastModifiedDate": ts(a.modified), "LastModifiedById": owner, "SystemModstamp": ts(a.modified),
            "CleanStatus": "Pending", "DandbCompanyId": EMPTY_LOOKUP,
        })  # fmt: skip
    return records


def contact_records(snap: Snapshot) -> list[dict[str, str]]:
    records = []
    for c in snap.contacts:
        account = snap.account(c.account) if c.account else None
        owner = record_id("user", account.owner if account else "U10")
        modified = snap.contact_modified(c)
        records.append({
            "Id": record_id("contact", c.key), "IsDeleted": "0",
            "AccountId": record_id("account", c.account) if c.account else EMPTY_LOOKUP,
            "FirstName": c.first, "LastName": c.last,
            "MailingCity": account.city if account else "", "MailingCountry": account.country if account else "",
            "Phone": c.phone, "ReportsToId": EMPTY_LOOKUP, "Email": c.email, "Title": snap.title(c),
            "CurrencyIsoCode": "USD", "OwnerId": owner, "HasOptedOutOfEmail": "0", "HasOptedOutOfFax": "0",
            "DoNotCall": "0", "CreatedDate": ts(c.created), "CreatedById": owner,
            "LastModifiedDate": ts(modified), "LastModifiedById": owner, "SystemModstamp": ts(modified),
            "CleanStatus": "Pending",
        })  # fmt: skip
    return records


def opportunity_records(snap: Snapshot) -> list[dict[str, str]]:
    records = []
    for s in snap.live_deals():
        d, owner = s.deal, record_id("user", s.deal.owner)
        category, category_name = forecast_category(s.stage)
        probability = PROBABILITY[s.stage]
        changed = len(s.entries) > 1
        records.append({
            "Id": record_id("opportunity", d.key), "IsDeleted": "0", "AccountId": record_id("account", d.account),
            "IsPrivate": "0", "Name": d.name, "Description": d.description, "StageName": s.stage,
            "StageSortOrder": str(STAGE_SORT_ORDER[s.stage]), "Amount": files.bare(d.amount),
            "Probability": str(probability), "ExpectedRevenue": files.bare(d.amount * probability / 100),
            "CloseDate": day(s.close_date), "Type": d.type, "NextStep": d.next_step,
            "LeadSource": d.lead_source, "IsClosed": b(s.status != "open"), "IsWon": b(s.status == "won"),
            "ForecastCategory": category, "ForecastCategoryName": category_name,
            "CurrencyIsoCode": d.currency, "CampaignId": EMPTY_LOOKUP, "HasOpportunityLineItem": "0",
            "Pricebook2Id": EMPTY_LOOKUP, "OwnerId": owner, "CreatedDate": ts(d.created), "CreatedById": owner,
            "LastModifiedDate": ts(s.modified), "LastModifiedById": owner, "SystemModstamp": ts(s.modified),
            "LastActivityDate": day(last_activity_date(snap, d.key)),
            "LastStageChangeDate": ts(s.stage_entered) if changed else "",
            "FiscalYear": str(s.close_date.year), "FiscalQuarter": str((s.close_date.month - 1) // 3 + 1),
            "ContactId": record_id("contact", d.contact) if d.contact else EMPTY_LOOKUP,
        })  # fmt: skip
    return records


def history_records(snap: Snapshot) -> list[dict[str, str]]:
    records = []
    number = 0
    for s in snap.live_deals():
        d, owner = s.deal, record_id("user", s.deal.owner)
        rows = history_rows(s)
        last_stage_change = rows[0][0]
        for i, (when, stage, close) in enumerate(rows):
            number += 1
            previous = rows[i - 1] if i else None
            following = rows[i + 1][0] if i + 1 < len(rows) else None
            category = forecast_category(stage)[0]
            probability = PROBABILITY[stage]
            records.append({
                "Id": record_id("history", f"H{number}"), "OpportunityId": record_id("opportunity", d.key),
                "CreatedById": owner, "CreatedDate": ts(when), "CreatedDateForInsert": ts(when),
                "StageName": stage, "Amount": files.bare(d.amount),
                "ExpectedRevenue": files.bare(d.amount * probability / 100), "CloseDate": day(close),
                "Probability": str(probability),
                "FromForecastCategory": forecast_category(previous[1])[0] if previous else "",
                "ForecastCategory": category, "PrevForecastUpdate": ts(last_stage_change),
                "FromOpportunityStageName": previous[1] if previous else "",
                "PrevOpportunityStageUpdate": ts(last_stage_change), "CurrencyIsoCode": d.currency,
                "ValidThroughDate": ts(following), "SystemModstamp": ts(following or when), "IsDeleted": "0",
                "PrevAmount": files.bare(d.amount) if previous else "",
                "PrevCloseDate": day(previous[2]) if previous else "",
            })  # fmt: skip
            if previous is None or previous[1] != stage:
                last_stage_change = when
    return records


def contact_role_records(snap: Snapshot) -> list[dict[str, str]]:
    records = []
    for s in snap.live_deals():
        d = s.deal
        if not d.contact:
            continue
        contact = snap.contact(d.contact)
        owner = record_id("user", d.owner)
        records.append({
            "Id": record_id("contact_role", d.key), "OpportunityId": record_id("opportunity", d.key),
            "ContactId": record_id("contact", contact.key),
            "Role": {"Decision Maker": "Decision Maker", "Champion": "Evaluator"}.get(contact.buying_role, "Influencer"),
            "CreatedDate": ts(d.created), "CreatedById": owner,
            "LastModifiedDate": ts(d.created), "LastModifiedById": owner, "SystemModstamp": ts(d.created),
            "IsDeleted": "0", "CurrencyIsoCode": d.currency,
        })  # fmt: skip
    return records


def _activity_common(snap: Snapshot, state: ActivityState) -> dict[str, str]:
    a = state.activity
    owner = record_id("user", a.owner)
    stamp = a.at if state.done else a.created_at
    return {
        "WhoId": record_id("contact", a.contacts[0]) if a.contacts else EMPTY_LOOKUP,
        "WhatId": record_id("opportunity", a.deal) if a.deal else record_id("account", a.account),
        "WhoCount": str(len(a.contacts)), "WhatCount": "1", "Subject": a.subject,
        "OwnerId": owner, "Description": a.description, "CurrencyIsoCode": "USD", "IsDeleted": "0",
        "AccountId": record_id("account", a.account), "CreatedDate": ts(a.created_at), "CreatedById": owner,
        "LastModifiedDate": ts(stamp), "LastModifiedById": owner, "SystemModstamp": ts(stamp),
        "IsArchived": "0", "IsReminderSet": "0", "IsRecurrence": "0",
    }  # fmt: skip


def task_records(snap: Snapshot) -> list[dict[str, str]]:
    records = []
    for state in tasks(snap):
        a = state.activity
        subtype, kind = TASK_KINDS[a.kind]
        records.append({
            **_activity_common(snap, state), "Id": record_id("task", a.key),
            "ActivityDate": day(a.at.date()), "Status": "Completed" if state.done else "Not Started",
            "Priority": "Normal", "Type": kind, "IsClosed": b(state.done),
            "CallDurationInSeconds": str(a.minutes * 60) if a.kind == "call" and state.done else "",
            "CallType": "Outbound" if a.kind == "call" else "", "TaskSubtype": subtype,
            "CompletedDateTime": ts(a.at) if state.done else "",
        })  # fmt: skip
    return records


def event_records(snap: Snapshot) -> list[dict[str, str]]:
    records = []
    for state in events(snap):
        a = state.activity
        records.append({
            **_activity_common(snap, state), "Id": record_id("event", a.key), "Location": a.location,
            "IsAllDayEvent": "0", "ActivityDateTime": ts(a.at), "ActivityDate": day(a.at.date()),
            "DurationInMinutes": str(a.minutes), "Type": "Meeting", "IsPrivate": "0", "ShowAs": "Busy",
            "IsChild": "0", "IsGroupEvent": b(bool(a.attendees)), "GroupEventType": "1" if a.attendees else "",
        })  # fmt: skip
    return records


def relation_records(snap: Snapshot) -> list[dict[str, str]]:
    """EventRelation: the owner (0,0,0), the contacts (IsParent), the deal (IsWhat), invitees."""
    records: list[dict[str, str]] = []

    def add(
        event_key: str,
        relation: str,
        what: bool,
        parent: bool,
        invitee: bool,
        account: str,
        state: ActivityState,
    ) -> None:
        a = state.activity
        accepted = invitee
        records.append({
            "Id": record_id("event_relation", f"{event_key[1:]}{len(records) + 1:02d}"), "RelationId": relation,
            "EventId": record_id("event", event_key), "IsWhat": b(what), "IsParent": b(parent),
            "IsInvitee": b(invitee), "AccountId": account, "Status": "Accepted" if accepted else "",
            "RespondedDate": ts(a.created_at) if accepted else "", "CreatedDate": ts(a.created_at),
            "CreatedById": record_id("user", a.owner), "LastModifiedDate": ts(a.created_at),
            "LastModifiedById": record_id("user", a.owner), "SystemModstamp": ts(a.created_at), "IsDeleted": "0",
        })  # fmt: skip

    for state in events(snap):
        a = state.activity
        account = record_id("account", a.account)
        add(a.key, record_id("user", a.owner), False, False, False, "", state)
        for contact in a.contacts:
            add(a.key, record_id("contact", contact), False, True, False, account, state)
        if a.deal:
            add(a.key, record_id("opportunity", a.deal), True, True, False, account, state)
        for user in a.attendees:
            add(a.key, record_id("user", user), False, False, True, "", state)
    # An event older than a year is archived: Event.csv leaves it out, EventRelation keeps it.
    archived = {
        "Id": record_id("event_relation", "9901"), "RelationId": record_id("user", "U6"),
        "EventId": record_id("event", "T901"), "IsWhat": "0", "IsParent": "0", "IsInvitee": "0",
        "CreatedDate": "2025-03-14 09:00:00", "CreatedById": record_id("user", "U6"),
        "LastModifiedDate": "2025-03-14 09:00:00", "LastModifiedById": record_id("user", "U6"),
        "SystemModstamp": "2025-03-14 09:00:00", "IsDeleted": "0",
    }  # fmt: skip
    return [archived, *records]


def currency_records(snap: Snapshot) -> list[dict[str, str]]:
    admin = user_id(SYSTEM_USERS[1])
    return [
        {
            "Id": record_id("currency", f"K{i + 1}"),
            "IsoCode": code,
            "ConversionRate": "1" if code == CORPORATE_CURRENCY else files.bare(1 / rate),
            "DecimalPlaces": "2",
            "IsActive": "1",
            "IsCorporate": b(code == CORPORATE_CURRENCY),
            "CreatedDate": ts(SYSTEM_CREATED),
            "CreatedById": admin,
            "LastModifiedDate": ts(SYSTEM_CREATED),
            "LastModifiedById": admin,
            "SystemModstamp": ts(SYSTEM_CREATED),
        }  # fmt: skip
        for i, (code, rate) in enumerate(sorted(RATES.items()))
    ]


def role_records(snap: Snapshot) -> list[dict[str, str]]:
    stamp = ts(SYSTEM_CREATED)
    return [
        {"Id": rid, "Name": name, "ParentRoleId": EMPTY_LOOKUP, "OpportunityAccessForAccountOwner": "Edit",
         "CaseAccessForAccountOwner": "Edit", "ContactAccessForAccountOwner": "Edit",
         "ForecastUserId": EMPTY_LOOKUP, "MayForecastManagerShare": "0", "LastModifiedDate": stamp,
         "LastModifiedById": user_id(SYSTEM_USERS[1]), "SystemModstamp": stamp, "PortalType": "None"}
        for name, rid in role_ids(snap).items()
    ]  # fmt: skip


def content_records(snap: Snapshot) -> list[dict[str, str]]:
    """One file version (a proposal PDF); the file itself is left out, as are Attachments."""
    owner, stamp = record_id("user", "U8"), "2026-02-24 16:30:02"
    return [{
        "Id": record_id("content", "F1"), "ContentDocumentId": record_id("document", "F1"), "IsLatest": "1",
        "VersionNumber": "1", "Title": "Brightwater proposal v2", "SharingOption": "A", "SharingPrivacy": "N",
        "PathOnClient": "Brightwater proposal v2.pdf", "RatingCount": "0", "IsDeleted": "0",
        "ContentModifiedDate": stamp, "ContentModifiedById": owner, "PositiveRatingCount": "0",
        "NegativeRatingCount": "0", "CurrencyIsoCode": "USD", "OwnerId": owner, "CreatedById": owner,
        "CreatedDate": stamp, "LastModifiedById": owner, "LastModifiedDate": stamp, "SystemModstamp": stamp,
        "FileType": "PDF", "PublishStatus": "R", "ContentSize": "482113",
        "FirstPublishLocationId": record_id("opportunity", "D01"), "Origin": "C", "ContentLocation": "S",
        "ExternalDataSourceId": EMPTY_LOOKUP, "IsMajorVersion": "1",
    }]  # fmt: skip


MEMBERS: tuple[tuple[str, list[str], Callable[[Snapshot], list[dict[str, str]]]], ...] = (
    ("Account.csv", ACCOUNT_HEADER, account_records),
    ("Attachment.csv", ATTACHMENT_HEADER, lambda snap: []),
    ("Contact.csv", CONTACT_HEADER, contact_records),
    ("ContentVersion.csv", CONTENT_HEADER, content_records),
    ("CurrencyType.csv", CURRENCY_HEADER, currency_records),
    ("Event.csv", EVENT_HEADER, event_records),
    ("EventRelation.csv", RELATION_HEADER, relation_records),
    ("Note.csv", NOTE_HEADER, lambda snap: []),
    ("Opportunity.csv", OPPORTUNITY_HEADER, opportunity_records),
    ("OpportunityContactRole.csv", CONTACT_ROLE_HEADER, contact_role_records),
    ("OpportunityHistory.csv", HISTORY_HEADER, history_records),
    ("Task.csv", TASK_HEADER, task_records),
    ("User.csv", USER_HEADER, user_records),
    ("UserRole.csv", ROLE_HEADER, role_records),
)


def write_data_export(snap: Snapshot, folder: Path) -> list[Path]:
    """Write the weekly export ZIP as downloaded from Setup → Data Export."""
    path = folder / EXPORT_ZIP
    folder.mkdir(parents=True, exist_ok=True)
    stamp = files.local(snap.exported_at, "Europe/Berlin").timetuple()[:6]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, header, records in MEMBERS:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(
                info, files.csv_bytes(header, _rows(header, records(snap)), files.DATA_EXPORT)
            )
    return [path]
