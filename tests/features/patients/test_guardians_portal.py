"""Guardians of a child and the parent portal: invitations, linking, unlinking."""

import pytest

from tests.factories import (
    ACCEPT_INVITE,
    PASSWORD,
    PATIENTS,
    add_guardian,
    assert_error,
    create_clinic_admin,
    create_patient,
    invite_parent,
    link_parent,
    login,
    unique_email,
)


async def guardians_of(client, headers, patient_id) -> list[dict]:
    response = await client.get(f"{PATIENTS}/{patient_id}/guardians", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_invitation_on_create_emails_a_link_that_creates_a_parent_account(
    client, mailbox, staff
):
    email = unique_email("mother")
    guardian = {"name": "Ngozi", "relationship": "mother", "email": email, "invite": True}
    patient = await create_patient(client, staff.headers, first_name="Amára", guardians=[guardian])
    [mail] = mailbox.to(email)
    assert "http://app.test/accept-invite?token=" in mail.text
    assert "Amára" in mail.subject
    assert patient["guardians"][0]["invited_at"] is not None
    assert patient["guardians"][0]["has_portal_access"] is False

    token = mailbox.token(email, "accept-invite")
    accepted = await client.post(
        ACCEPT_INVITE, json={"token": token, "name": "Ngozi O.", "password": PASSWORD}
    )
    assert accepted.status_code == 200, accepted.text
    user = accepted.json()["user"]
    assert user["role"] == "parent"
    assert user["email"] == email
    assert user["clinic_id"] is None
    headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}

    listed = (await client.get(PATIENTS, headers=headers)).json()
    assert [p["id"] for p in listed["items"]] == [patient["id"]]
    detail = await client.get(f"{PATIENTS}/{patient['id']}", headers=headers)
    assert detail.status_code == 200
    assert detail.json()["guardians"][0]["has_portal_access"] is True
    # The link is single-use.
    again = await client.post(
        ACCEPT_INVITE, json={"token": token, "name": "Someone", "password": PASSWORD}
    )
    assert again.status_code in (400, 409), again.text


async def test_existing_parent_is_linked_at_once_and_told_by_email(client, mailbox, staff):
    first = await create_patient(client, staff.headers, first_name="Ada")
    parent = await invite_parent(client, mailbox, staff.headers, first["id"])
    second = await create_patient(client, staff.headers, first_name="Bo")
    mail_before = len(mailbox.to(parent.account.email))

    guardian = await add_guardian(
        client, staff.headers, second["id"], email=parent.account.email.upper(), invite=True
    )
    assert guardian["has_portal_access"] is True
    assert guardian["email"] == parent.account.email
    mails = mailbox.to(parent.account.email)[mail_before:]
    assert len(mails) == 1
    assert "Bo was added" in mails[0].subject
    assert "accept-invite" not in mails[0].text
    listed = (await client.get(PATIENTS, headers=parent.headers)).json()
    assert {p["id"] for p in listed["items"]} == {first["id"], second["id"]}


async def test_a_parent_may_have_children_at_several_clinics(client, mailbox, staff):
    here = await create_patient(client, staff.headers, first_name="Ada")
    parent = await invite_parent(client, mailbox, staff.headers, here["id"])
    other_clinic = await create_clinic_admin(client, clinic_name="Harbour Clinic")
    there = await create_patient(client, other_clinic.headers, first_name="Bo")
    await link_parent(client, other_clinic.headers, there["id"], parent)

    listed = (await client.get(PATIENTS, headers=parent.headers)).json()
    assert {(p["id"], p["clinic_id"]) for p in listed["items"]} == {
        (here["id"], staff.clinic_id),
        (there["id"], other_clinic.clinic_id),
    }
    for child in (here, there):
        detail = await client.get(f"{PATIENTS}/{child['id']}", headers=parent.headers)
        assert detail.status_code == 200
        assert len(await guardians_of(client, parent.headers, child["id"])) == 1
    # Neither clinic sees the other's child.
    assert_error(await client.get(f"{PATIENTS}/{there['id']}", headers=staff.headers), 404)
    assert_error(await client.get(f"{PATIENTS}/{here['id']}", headers=other_clinic.headers), 404)


async def test_guardians_list_add_and_update(client, staff):
    patient = await create_patient(client, staff.headers)
    url = f"{PATIENTS}/{patient['id']}/guardians"
    mother = await add_guardian(client, staff.headers, patient["id"], name="Mum")
    assert mother["is_primary"] is True
    father = await add_guardian(
        client, staff.headers, patient["id"], name="Dad", relationship="father"
    )
    assert father["is_primary"] is False

    patched = await client.patch(
        f"{url}/{father['id']}",
        json={"phone": "+44 20 7946 0000", "is_primary": True},
        headers=staff.headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["phone"] == "+44 20 7946 0000"
    listed = await guardians_of(client, staff.headers, patient["id"])
    assert {g["name"]: g["is_primary"] for g in listed} == {"Mum": False, "Dad": True}
    assert [g["is_primary"] for g in listed].count(True) == 1

    for bad in ({"name": None}, {"relationship": "uncle"}, {"phone": "call me"}, {"user_id": "x"}):
        assert_error(
            await client.patch(f"{url}/{father['id']}", json=bad, headers=staff.headers), 422
        )
    assert_error(
        await client.patch(f"{url}/{'0' * 24}", json={"name": "X"}, headers=staff.headers), 404
    )
    assert_error(await client.patch(f"{url}/nope", json={"name": "X"}, headers=staff.headers), 404)


async def test_unlinking_a_guardian_ends_the_parents_access(client, mailbox, staff):
    patient = await create_patient(client, staff.headers)
    keep = await create_patient(client, staff.headers)
    parent = await invite_parent(client, mailbox, staff.headers, patient["id"])
    await link_parent(client, staff.headers, keep["id"], parent)
    other = await add_guardian(client, staff.headers, patient["id"], name="Grandma")
    url = f"{PATIENTS}/{patient['id']}"

    removed = await client.delete(f"{url}/guardians/{parent.guardian_id}", headers=staff.headers)
    assert removed.status_code == 204, removed.text

    assert_error(await client.get(url, headers=parent.headers), 404, "patient_not_found")
    assert_error(await client.get(f"{url}/guardians", headers=parent.headers), 404)
    listed = (await client.get(PATIENTS, headers=parent.headers)).json()
    assert [p["id"] for p in listed["items"]] == [keep["id"]]
    assert listed["total"] == 1
    remaining = await guardians_of(client, staff.headers, patient["id"])
    assert [g["id"] for g in remaining] == [other["id"]]
    assert remaining[0]["is_primary"] is True  # the primary role moved to a linked guardian
    # Unlinking twice: the guardian is no longer linked.
    again = await client.delete(f"{url}/guardians/{parent.guardian_id}", headers=staff.headers)
    assert_error(again, 404, "guardian_not_found")
    # Signing in again does not bring the access back.
    relogged = await login(client, parent.account.email)
    assert_error(await client.get(url, headers=relogged.headers), 404)


async def test_a_parent_cannot_manage_guardians(client, mailbox, staff):
    patient = await create_patient(client, staff.headers)
    parent = await invite_parent(client, mailbox, staff.headers, patient["id"])
    url = f"{PATIENTS}/{patient['id']}/guardians"
    new = {"name": "Eve", "relationship": "other"}
    assert_error(await client.post(url, json=new, headers=parent.headers), 403)
    own = f"{url}/{parent.guardian_id}"
    assert_error(await client.patch(own, json={"name": "Eve"}, headers=parent.headers), 403)
    assert_error(await client.delete(own, headers=parent.headers), 403)
    assert [g["name"] for g in await guardians_of(client, staff.headers, patient["id"])] == [
        "Pat Parent"
    ]


async def test_inviting_a_staff_email_is_refused_and_nothing_is_written(client, staff, admin):
    body = {"name": "Sam", "relationship": "father", "email": staff.email, "invite": True}
    patient = await create_patient(client, admin.headers)
    refused = await client.post(
        f"{PATIENTS}/{patient['id']}/guardians", json=body, headers=admin.headers
    )
    assert_error(refused, 409, "email_belongs_to_staff")
    assert await guardians_of(client, admin.headers, patient["id"]) == []

    on_create = await client.post(
        PATIENTS, json={**patient_body(), "guardians": [body]}, headers=admin.headers
    )
    assert_error(on_create, 409, "email_belongs_to_staff")
    total = (await client.get(PATIENTS, headers=admin.headers)).json()["total"]
    assert total == 1


def patient_body() -> dict:
    return {"first_name": "Zed", "last_name": "Quinn", "date_of_birth": "2022-02-02", "sex": "male"}


@pytest.mark.parametrize("email", [None, "mum@example.org"])
async def test_a_guardian_without_invite_gets_no_mail_and_no_access(client, mailbox, staff, email):
    patient = await create_patient(client, staff.headers)
    before = len(mailbox.messages)
    guardian = await add_guardian(client, staff.headers, patient["id"], email=email)
    assert guardian["has_portal_access"] is False and guardian["invited_at"] is None
    assert len(mailbox.messages) == before


async def test_invitation_accepted_after_the_guardian_was_unlinked_gives_no_access(
    client, mailbox, staff
):
    patient = await create_patient(client, staff.headers)
    email = unique_email("late")
    guardian = await add_guardian(client, staff.headers, patient["id"], email=email, invite=True)
    removed = await client.delete(
        f"{PATIENTS}/{patient['id']}/guardians/{guardian['id']}", headers=staff.headers
    )
    assert removed.status_code == 204
    token = mailbox.token(email, "accept-invite")
    accepted = await client.post(
        ACCEPT_INVITE, json={"token": token, "name": "Late", "password": PASSWORD}
    )
    assert accepted.status_code == 200, accepted.text
    headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    assert (await client.get(PATIENTS, headers=headers)).json()["items"] == []
    assert_error(await client.get(f"{PATIENTS}/{patient['id']}", headers=headers), 404)


async def test_invitations_pending_at_two_clinics_both_link_when_one_is_accepted(
    client, mailbox, staff
):
    """Two clinics invited one email before its account existed: accepting either link links
    both children (the other link cannot create a second account: the email is in use)."""
    email = unique_email("both")
    here = await create_patient(client, staff.headers, first_name="Ada")
    await add_guardian(client, staff.headers, here["id"], email=email, invite=True)
    other_clinic = await create_clinic_admin(client, clinic_name="Harbour Clinic")
    there = await create_patient(client, other_clinic.headers, first_name="Bo")
    await add_guardian(client, other_clinic.headers, there["id"], email=email, invite=True)
    mails = mailbox.to(email)
    assert len(mails) == 2
    # The newest link is Harbour Clinic's; accepting it must link Ada at Sunrise too.
    accepted = await client.post(
        ACCEPT_INVITE,
        json={"token": mailbox.token(email, "accept-invite"), "name": "Both", "password": PASSWORD},
    )
    assert accepted.status_code == 200, accepted.text
    headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    listed = (await client.get(PATIENTS, headers=headers)).json()
    assert {p["id"] for p in listed["items"]} == {here["id"], there["id"]}
    for child in (here, there):
        guardians = await guardians_of(client, headers, child["id"])
        assert [g["has_portal_access"] for g in guardians] == [True]
