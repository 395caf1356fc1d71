"""Guardians of a child and the parent portal: invitations, linking, unlinking."""

import pytest

from tests.factories import (
    ACCEPT_INVITE,
    PASSWORD,
    PATIENTS,
    PORTAL_INVITATIONS,
    accept_from_portal,
    add_guardian,
    assert_error,
    create_clinic_admin,
    create_patient,
    invite_parent,
    link_parent,
    login,
    pending_invitations,
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


async def test_an_existing_parent_is_invited_and_linked_only_on_accepting(client, mailbox, staff):
    first = await create_patient(client, staff.headers, first_name="Ada")
    parent = await invite_parent(client, mailbox, staff.headers, first["id"])
    second = await create_patient(client, staff.headers, first_name="Bo")
    mail_before = len(mailbox.to(parent.account.email))

    guardian = await add_guardian(
        client, staff.headers, second["id"], email=parent.account.email.upper(), invite=True
    )
    assert guardian["has_portal_access"] is False and guardian["invited_at"] is not None
    assert guardian["email"] == parent.account.email
    [mail] = mailbox.to(parent.account.email)[mail_before:]
    assert "Bo" in mail.subject and "accept-invite?token=" in mail.text
    listed = (await client.get(PATIENTS, headers=parent.headers)).json()
    assert [p["id"] for p in listed["items"]] == [first["id"]]

    [pending] = await pending_invitations(client, parent.headers)
    assert pending["patient_id"] == second["id"] and pending["child_first_name"] == "Bo"
    assert pending["clinic_name"] == "Sunrise Clinic" and pending["relationship"] == "mother"
    child = await accept_from_portal(client, parent.headers, second["id"])
    assert child["id"] == second["id"]
    assert [g["has_portal_access"] for g in child["guardians"]] == [True]
    listed = (await client.get(PATIENTS, headers=parent.headers)).json()
    assert {p["id"] for p in listed["items"]} == {first["id"], second["id"]}
    assert await pending_invitations(client, parent.headers) == []


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


@pytest.mark.parametrize("email", [None, "mum@example.org"])
async def test_a_guardian_without_invite_gets_no_mail_and_no_access(client, mailbox, staff, email):
    patient = await create_patient(client, staff.headers)
    before = len(mailbox.messages)
    guardian = await add_guardian(client, staff.headers, patient["id"], email=email)
    assert guardian["has_portal_access"] is False and guardian["invited_at"] is None
    assert len(mailbox.messages) == before


async def test_an_invitation_to_a_removed_guardian_can_no_longer_be_accepted(
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
    assert_error(accepted, 400, "invalid_or_expired_token")
    no_account = await client.post(
        "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
    )
    assert_error(no_account, 401)


async def test_accepting_one_clinics_invitation_links_only_that_child(client, mailbox, staff):
    """Two clinics invited one address before its account existed: the account made from one
    link sees that child only; the other invitation waits in the portal until accepted."""
    email = unique_email("both")
    here = await create_patient(client, staff.headers, first_name="Ada")
    await add_guardian(client, staff.headers, here["id"], email=email, invite=True)
    here_token = mailbox.token(email, "accept-invite")
    other_clinic = await create_clinic_admin(client, clinic_name="Harbour Clinic")
    there = await create_patient(client, other_clinic.headers, first_name="Bo")
    await add_guardian(client, other_clinic.headers, there["id"], email=email, invite=True)
    assert len(mailbox.to(email)) == 2
    accepted = await client.post(
        ACCEPT_INVITE,
        json={"token": mailbox.token(email, "accept-invite"), "name": "Both", "password": PASSWORD},
    )
    assert accepted.status_code == 200, accepted.text
    headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    listed = (await client.get(PATIENTS, headers=headers)).json()
    assert [p["id"] for p in listed["items"]] == [there["id"]]

    [pending] = await pending_invitations(client, headers)
    assert (pending["patient_id"], pending["clinic_name"]) == (here["id"], "Sunrise Clinic")
    # Sunrise's own link cannot make a second account; signed in, it links Ada.
    again = await client.post(
        ACCEPT_INVITE, json={"token": here_token, "name": "Both", "password": PASSWORD}
    )
    assert_error(again, 409, "email_in_use")
    linked = await client.post(
        PORTAL_INVITATIONS + "/accept", json={"token": here_token}, headers=headers
    )
    assert linked.status_code == 200, linked.text
    assert linked.json()["id"] == here["id"]
    listed = (await client.get(PATIENTS, headers=headers)).json()
    assert {p["id"] for p in listed["items"]} == {here["id"], there["id"]}
