"""Portal access is granted by the parent, not by another clinic.

A clinic that lists an address as a guardian with `invite` only sends an invitation; the
parent's account reaches the child when the owner of that address accepts it (a new address
by creating its account, an existing parent while signed in, from the link or the portal).
No answer tells a clinic whether an address has an account, or which addresses are staff.
"""

from datetime import timedelta

from tests.factories import (
    ACCEPT_INVITE,
    PASSWORD,
    PATIENTS,
    PORTAL_INVITATIONS,
    SignedIn,
    add_guardian,
    assert_error,
    clinic_today,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    invite_parent,
    pending_invitations,
    read_inbox,
    read_outbox,
    run_reminders,
    set_schedule,
    unique_email,
)

ACCEPT_LINK = f"{PORTAL_INVITATIONS}/accept"
# Never vaccinated and 27 days old: the first hepatitis B dose is past due from today, and a
# second overdue reminder is due 14 days later.
JUST_OVERDUE_AGE_DAYS = 27


async def overdue_child_at_new_clinic(client, name: str) -> tuple[SignedIn, dict]:
    """A freshly signed-up clinic (CDC schedule) and an overdue child of it."""
    admin = await create_clinic_admin(client, clinic_name=name)
    await set_schedule(client, admin.headers, "cdc-acip")
    child = await create_patient(
        client, admin.headers, first_name="Mallory", date_of_birth=days_ago(JUST_OVERDUE_AGE_DAYS)
    )
    return admin, child


async def children_of(client, headers) -> set[str]:
    response = await client.get(PATIENTS, headers=headers)
    assert response.status_code == 200, response.text
    return {p["id"] for p in response.json()["items"]}


async def test_a_fresh_clinic_listing_a_parents_email_gets_no_access_until_accepted(
    client, mailbox
):
    home = await create_clinic_admin(client, clinic_name="Home Clinic")
    own_child = await create_patient(client, home.headers, first_name="Ada")
    parent = await invite_parent(client, mailbox, home.headers, own_child["id"])
    intruder, child = await overdue_child_at_new_clinic(client, "Fresh Clinic")

    guardian = await add_guardian(
        client, intruder.headers, child["id"], email=parent.account.email, invite=True
    )
    assert guardian["has_portal_access"] is False
    assert await children_of(client, parent.headers) == {own_child["id"]}
    assert_error(await client.get(f"{PATIENTS}/{child['id']}", headers=parent.headers), 404)
    assert_error(
        await client.get(f"{PATIENTS}/{child['id']}/immunizations", headers=parent.headers), 404
    )
    run = await run_reminders(client, intruder.headers)
    assert run["created"] >= 1  # the reminder was made (emailed to the listed address)
    assert (await read_inbox(client, parent.headers))["total"] == 0

    # Once the parent accepts, the child and its later reminders reach the portal.
    [invitation] = await pending_invitations(client, parent.headers)
    assert invitation["clinic_name"] == "Fresh Clinic"
    accepted = await client.post(
        f"{PORTAL_INVITATIONS}/{invitation['id']}/accept", headers=parent.headers
    )
    assert accepted.status_code == 200, accepted.text
    assert await children_of(client, parent.headers) == {own_child["id"], child["id"]}
    await run_reminders(client, intruder.headers, as_of=clinic_today() + timedelta(days=14))
    inbox = await read_inbox(client, parent.headers)
    assert {item["patient_id"] for item in inbox["items"]} == {child["id"]}


async def test_staff_parent_and_unknown_addresses_are_answered_alike(client, mailbox):
    home = await create_clinic_admin(client, clinic_name="Home Clinic")
    staff = await create_staff(client, mailbox, home)
    parent = await invite_parent(
        client, mailbox, home.headers, (await create_patient(client, home.headers))["id"]
    )
    intruder = await create_clinic_admin(client, clinic_name="Fresh Clinic")
    addresses = {
        "unknown": unique_email("nobody"),
        "parent": parent.account.email,
        "staff": staff.email,
        "own admin": intruder.email,
    }

    answers = {}
    for kind, email in addresses.items():
        child = await create_patient(client, intruder.headers, first_name="Zoe")
        body = {"name": "Sam", "relationship": "father", "email": email, "invite": True}
        response = await client.post(
            f"{PATIENTS}/{child['id']}/guardians", json=body, headers=intruder.headers
        )
        assert response.status_code == 201, (kind, response.text)
        answer = response.json()
        assert answer["email"] == email and answer["invited_at"] is not None
        answers[kind] = {k: v for k, v in answer.items() if k not in ("id", "email", "invited_at")}
    assert all(answer == answers["unknown"] for answer in answers.values()), answers
    assert answers["unknown"]["has_portal_access"] is False
    # The clinic's outbox shows every address the same invitation.
    outbox = await read_outbox(client, intruder.headers)
    invitations = [e for e in outbox if e["kind"] != "verify_email"]
    assert sorted(e["to"] for e in invitations) == sorted(addresses.values())
    assert len({(e["kind"], e["subject"]) for e in invitations}) == 1
    assert invitations[0]["kind"] == "guardian.invite"

    # A new child with such guardians is created the same way.
    guardians = [
        {"name": "Sam", "relationship": "father", "email": email, "invite": True}
        for email in addresses.values()
    ]
    created = await client.post(
        PATIENTS,
        json={
            "first_name": "Zed",
            "last_name": "Quinn",
            "date_of_birth": "2022-02-02",
            "sex": "male",
            "guardians": guardians,
        },
        headers=intruder.headers,
    )
    assert created.status_code == 201, created.text
    assert not any(g["has_portal_access"] for g in created.json()["guardians"])


async def test_an_invitation_is_refused_to_another_account_and_to_staff(client, mailbox):
    home = await create_clinic_admin(client, clinic_name="Home Clinic")
    staff = await create_staff(client, mailbox, home)
    child = await create_patient(client, home.headers)
    stranger = await invite_parent(
        client, mailbox, home.headers, (await create_patient(client, home.headers))["id"]
    )
    owner_email = unique_email("owner")
    await add_guardian(client, home.headers, child["id"], email=owner_email, invite=True)
    token = mailbox.token(owner_email, "accept-invite")

    wrong = await client.post(ACCEPT_LINK, json={"token": token}, headers=stranger.headers)
    assert_error(wrong, 403, "invitation_not_for_this_account")
    assert await pending_invitations(client, stranger.headers) == []
    assert child["id"] not in await children_of(client, stranger.headers)

    # A staff address listed as a guardian: the staff account cannot take the child.
    await add_guardian(client, home.headers, child["id"], email=staff.email, invite=True)
    staff_token = mailbox.token(staff.email, "accept-invite")
    assert_error(
        await client.post(ACCEPT_LINK, json={"token": staff_token}, headers=staff.headers), 403
    )
    assert_error(await client.get(PORTAL_INVITATIONS, headers=staff.headers), 403)
    as_new_account = await client.post(
        ACCEPT_INVITE, json={"token": staff_token, "name": "Sam", "password": PASSWORD}
    )
    assert_error(as_new_account, 409, "email_in_use")
    me = await client.get("/api/v1/auth/me", headers=staff.headers)
    assert me.json()["role"] == "staff" and me.json()["clinic_id"] == home.clinic_id

    # The refusals did not spend the owner's link.
    accepted = await client.post(
        ACCEPT_INVITE, json={"token": token, "name": "Owner", "password": PASSWORD}
    )
    assert accepted.status_code == 200, accepted.text
    owner_headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    assert await children_of(client, owner_headers) == {child["id"]}


async def test_a_signed_in_parent_accepts_from_the_emailed_link(client, mailbox):
    home = await create_clinic_admin(client, clinic_name="Home Clinic")
    parent = await invite_parent(
        client, mailbox, home.headers, (await create_patient(client, home.headers))["id"]
    )
    other = await create_clinic_admin(client, clinic_name="Harbour Clinic")
    child = await create_patient(client, other.headers, first_name="Bo")
    await add_guardian(
        client, other.headers, child["id"], email=parent.account.email.upper(), invite=True
    )
    token = mailbox.token(parent.account.email, "accept-invite")

    unsigned = await client.post(ACCEPT_LINK, json={"token": token})
    assert_error(unsigned, 401)
    accepted = await client.post(ACCEPT_LINK, json={"token": token}, headers=parent.headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["id"] == child["id"] and accepted.headers["ETag"]
    assert child["id"] in await children_of(client, parent.headers)
    guardians = await client.get(f"{PATIENTS}/{child['id']}/guardians", headers=other.headers)
    assert [g["has_portal_access"] for g in guardians.json()] == [True]
    assert await pending_invitations(client, parent.headers) == []
    again = await client.post(ACCEPT_LINK, json={"token": token}, headers=parent.headers)
    assert_error(again, 400, "invalid_or_expired_token")
    for bogus in ("not-a-token", "x" * 64):
        response = await client.post(ACCEPT_LINK, json={"token": bogus}, headers=parent.headers)
        assert_error(response, 400, "invalid_or_expired_token")


async def test_a_signed_in_parent_accepts_from_the_portal_list(client, mailbox):
    home = await create_clinic_admin(client, clinic_name="Home Clinic")
    parent = await invite_parent(
        client, mailbox, home.headers, (await create_patient(client, home.headers))["id"]
    )
    other_parent = await invite_parent(
        client, mailbox, home.headers, (await create_patient(client, home.headers))["id"]
    )
    other = await create_clinic_admin(client, clinic_name="Harbour Clinic")
    child = await create_patient(client, other.headers, first_name="Bo")
    await add_guardian(client, other.headers, child["id"], email=parent.account.email, invite=True)

    [invitation] = await pending_invitations(client, parent.headers)
    assert invitation["patient_id"] == child["id"]
    assert invitation["child_first_name"] == "Bo"
    assert invitation["clinic_name"] == "Harbour Clinic"
    assert invitation["guardian_name"] == "Pat Parent"
    url = f"{PORTAL_INVITATIONS}/{invitation['id']}/accept"
    # Another parent cannot use the id; a malformed or unknown id is as unknown.
    assert_error(await client.post(url, headers=other_parent.headers), 404, "invitation_not_found")
    for bad in ("nope", "0" * 24):
        response = await client.post(f"{PORTAL_INVITATIONS}/{bad}/accept", headers=parent.headers)
        assert_error(response, 404, "invitation_not_found")

    accepted = await client.post(url, headers=parent.headers)
    assert accepted.status_code == 200, accepted.text
    assert child["id"] in await children_of(client, parent.headers)
    assert child["id"] not in await children_of(client, other_parent.headers)
    assert_error(await client.post(url, headers=parent.headers), 404, "invitation_not_found")
