"""The clinic's outbox: its own mail only, account mail without links, admins only."""

import json

from httpx import AsyncClient

from app.core.outbox import OutboxEmail
from tests.factories import (
    NOTIFICATIONS,
    SignedIn,
    assert_error,
    create_staff,
    read_outbox,
    run_reminders,
)
from tests.features.notifications.conftest import Family, branded_clinic, family_of
from tests.mail import Mailbox

OUTBOX = f"{NOTIFICATIONS}/outbox"
RUN = f"{NOTIFICATIONS}/reminders/run"


async def test_a_clinic_never_sees_another_clinics_mail(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    other_admin = await branded_clinic(client, clinic_name="Moonlight Clinic")
    other_family = await family_of(client, mailbox, other_admin)
    await run_reminders(client, admin.headers)
    await run_reminders(client, other_admin.headers)

    mine = {e["to"] for e in await read_outbox(client, admin.headers)}
    theirs = {e["to"] for e in await read_outbox(client, other_admin.headers)}

    assert {family.portal_email, family.email_only, admin.email} <= mine
    assert {other_family.portal_email, other_family.email_only, other_admin.email} <= theirs
    assert not mine & theirs
    # Each admin's run only reminded their own clinic's families.
    assert len(mailbox.to(family.email_only)) == 1
    assert len(mailbox.to(other_family.email_only)) == 1


async def test_account_emails_are_listed_without_their_links(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    staff = await create_staff(client, mailbox, admin)
    response = await client.post("/api/v1/auth/forgot-password", json={"email": staff.email})
    assert response.status_code in (200, 202), response.text
    tokens = [
        mailbox.token(staff.email, "accept-invite"),
        mailbox.token(staff.email, "reset-password"),
    ]

    response = await client.get(OUTBOX, params={"size": 100}, headers=admin.headers)
    assert response.status_code == 200, response.text
    listed = response.json()["items"]
    kinds = {e["kind"] for e in listed}
    assert {"verify_email", "staff_invitation", "guardian.invite", "password_reset"} <= kinds
    assert all(e["status"] == "sent" and e["attempts"] == 1 for e in listed)
    assert not any(token in json.dumps(response.json()) for token in tokens)
    assert all("text" not in e and "html" not in e for e in listed)

    stored = await OutboxEmail.find({"patient_id": None}).to_list()
    assert len(stored) >= 4
    for email in stored:
        assert "token=" not in email.text or "token=[removed]" in email.text
        assert not any(token in email.text + (email.html or "") for token in tokens)
    assert any("token=[removed]" in e.text for e in stored if e.kind == "password_reset")


async def test_outbox_and_run_are_for_admins_only(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    staff = await create_staff(client, mailbox, admin)
    for headers in (staff.headers, family.portal.headers):
        assert_error(await client.get(OUTBOX, headers=headers), 403)
        assert_error(await client.post(RUN, json={}, headers=headers), 403)
    assert_error(await client.get(OUTBOX), 401)
    assert_error(await client.post(RUN, json={}), 401)
    mailbox.clear()

    # Nothing was run by the refused calls.
    assert mailbox.messages == []
    assert not [e for e in await read_outbox(client, admin.headers) if e["kind"] == "dose_overdue"]


async def test_run_body_is_optional_and_validated(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, family: Family
) -> None:
    response = await client.post(RUN, headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.json()["sent"] == 2

    for bad in ({"as_of": "yesterday"}, {"as_of": "2026-02-30"}, {"clinic_id": admin.clinic_id}):
        assert_error(await client.post(RUN, json=bad, headers=admin.headers), 422)
