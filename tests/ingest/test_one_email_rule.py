"""One e-mail check (`fieldvisit.emails`): an address the importer keeps is one an invite carries.

The importer once accepted any `x@y.z` without blanks while invites dropped addresses holding
`: ; , < > "`, so a contact imported with such an address silently fell off the customer invite.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fieldvisit.errors import ImportProblem
from fieldvisit.ingest import import_csv
from fieldvisit.invites.audiences import allowed_facts, external_content
from fieldvisit.invites.visit_facts import load_visits
from fieldvisit.planning.actions import plan_visit
from fieldvisit.store import Workspace
from tests.ingest.conftest import TODAY, WriteCsv

# Addresses people really have, and shapes one checker accepted and another did not.
ADDRESSES = [
    "o'neil+visits@acme.example",
    "dana.smith@sub.acme.co.uk",
    'dana"smith@acme.example',
    "dana:smith@acme.example",
    "dana<smith@acme.example",
    "dana,smith@acme.example",
    "dana@acme",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_the_import_keeps_is_on_the_customer_invite(
    seeded: Workspace, write_csv: WriteCsv, address: str
) -> None:
    quoted = '"' + address.replace('"', '""') + '"'
    csv = (
        "contact_id,account_id,name,title,email,seniority,decision_maker\n"
        f"C9,A1,Dana Smith,COO,{quoted},C,yes\n"
    )
    try:
        import_csv(seeded, "contacts", write_csv("contacts9.csv", csv), today=TODAY)
    except ImportProblem as refused:
        assert any("not an e-mail address" in line for line in refused.problems)
        return
    with seeded.begin() as conn:
        ids = dict(conn.exec_driver_sql("SELECT external_id, id FROM contact").all())
        execs = [int(conn.exec_driver_sql("SELECT id FROM executive LIMIT 1").scalar_one())]
        deal = int(conn.exec_driver_sql("SELECT id FROM deal WHERE external_id='D1'").scalar_one())
        visit = plan_visit(
            conn,
            deal_pk=deal,
            executive_pks=execs,
            rep_pks=[],
            contact_pks=[ids["C9"]],
            start=datetime(2026, 3, 10, 9, tzinfo=UTC),
            minutes=60,
        )
        facts = load_visits(conn, [visit])[0]
    invite = external_content(allowed_facts(facts, "Our company"), "uid-1", 0, False)
    assert invite.not_invited == ()
    assert address.lower() in invite.recipients


def test_settings_and_invites_ask_the_same_check() -> None:
    from fieldvisit.emails import is_email
    from fieldvisit.invites.audiences import looks_like_email

    assert looks_like_email is is_email
    assert not is_email("ceo@corp")  # the Settings page once took anything with an @
