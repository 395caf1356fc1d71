"""Portal access follows the guardian's address: a new email or a removal ends what the old
address was given (the child, pending invitations, notifications about the child)."""

from tests.factories import (
    ACCEPT_INVITE,
    NOTIFICATIONS,
    PASSWORD,
    PATIENTS,
    PORTAL_INVITATIONS,
    add_guardian,
    assert_error,
    create_clinic_admin,
    create_parent,
    create_patient,
    days_ago,
    invite_parent,
    link_parent,
    pending_invitations,
    read_inbox,
    run_reminders,
    set_schedule,
    unique_email,
)

# Never vaccinated and about 6.5 months old: several doses are overdue, so reminders go out.
OVERDUE_AGE_DAYS = 200


def guardian_url(patient_id: str, guardian_id: str) -> str:
    return f"{PATIENTS}/{patient_id}/guardians/{guardian_id}"


async def children_of(client, headers) -> set[str]:
    response = await client.get(PATIENTS, headers=headers)
    assert response.status_code == 200, response.text
    return {p["id"] for p in response.json()["items"]}


async def test_a_new_email_ends_the_old_addresss_access(client, mailbox):
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers)
    parent = await invite_parent(client, mailbox, admin.headers, child["id"])
    url = guardian_url(child["id"], parent.guardian_id)
    new_email = unique_email("new")

    changed = await client.patch(url, json={"email": new_email}, headers=admin.headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["has_portal_access"] is False
    assert changed.json()["invited_at"] is None
    assert await children_of(client, parent.headers) == set()
    assert_error(await client.get(f"{PATIENTS}/{child['id']}", headers=parent.headers), 404)
    assert mailbox.to(new_email) == []  # no invitation unless asked for

    # Asked for, the new address is invited and gains access by accepting.
    invited = await client.patch(url, json={"invite": True}, headers=admin.headers)
    assert invited.status_code == 200, invited.text
    assert invited.json()["invited_at"] is not None
    accepted = await client.post(
        ACCEPT_INVITE,
        json={
            "token": mailbox.token(new_email, "accept-invite"),
            "name": "New",
            "password": PASSWORD,
        },
    )
    assert accepted.status_code == 200, accepted.text
    new_headers = {"Authorization": f"Bearer {accepted.json()['access_token']}"}
    assert await children_of(client, new_headers) == {child["id"]}
    assert await children_of(client, parent.headers) == set()


async def test_a_new_email_withdraws_the_old_addresss_pending_invitations(client, mailbox):
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers)
    old_email = unique_email("old")
    guardian = await add_guardian(client, admin.headers, child["id"], email=old_email, invite=True)
    old_token = mailbox.token(old_email, "accept-invite")
    existing = await create_parent(client)
    existing_entry = await add_guardian(
        client, admin.headers, child["id"], email=existing.email, invite=True
    )
    existing_token = mailbox.token(existing.email, "accept-invite")
    [listed] = await pending_invitations(client, existing.headers)

    for guardian_id in (guardian["id"], existing_entry["id"]):
        response = await client.patch(
            guardian_url(child["id"], guardian_id),
            json={"email": unique_email("moved")},
            headers=admin.headers,
        )
        assert response.status_code == 200, response.text

    refused = await client.post(
        ACCEPT_INVITE, json={"token": old_token, "name": "Old", "password": PASSWORD}
    )
    assert_error(refused, 400, "invalid_or_expired_token")
    assert_error(
        await client.post("/api/v1/auth/login", json={"email": old_email, "password": PASSWORD}),
        401,
    )
    assert await pending_invitations(client, existing.headers) == []
    by_link = await client.post(
        f"{PORTAL_INVITATIONS}/accept", json={"token": existing_token}, headers=existing.headers
    )
    assert_error(by_link, 400, "invalid_or_expired_token")
    by_id = await client.post(
        f"{PORTAL_INVITATIONS}/{listed['id']}/accept", headers=existing.headers
    )
    assert_error(by_id, 404, "invitation_not_found")
    assert await children_of(client, existing.headers) == set()


async def test_removing_a_guardian_hides_their_notifications_about_the_child(client, mailbox):
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    removed_from = await create_patient(
        client, admin.headers, first_name="Ada", date_of_birth=days_ago(OVERDUE_AGE_DAYS)
    )
    kept = await create_patient(
        client, admin.headers, first_name="Bo", date_of_birth=days_ago(OVERDUE_AGE_DAYS)
    )
    parent = await invite_parent(client, mailbox, admin.headers, removed_from["id"])
    await link_parent(client, admin.headers, kept["id"], parent)
    await run_reminders(client, admin.headers)
    before = await read_inbox(client, parent.headers)
    about = {item["patient_id"]: item["id"] for item in before["items"]}
    assert set(about) == {removed_from["id"], kept["id"]}

    removed = await client.delete(
        guardian_url(removed_from["id"], parent.guardian_id), headers=admin.headers
    )
    assert removed.status_code == 204, removed.text

    after = await read_inbox(client, parent.headers)
    assert [item["patient_id"] for item in after["items"]] == [kept["id"]]
    assert after["total"] == 1
    assert (await read_inbox(client, parent.headers, unread="true"))["total"] == 1
    hidden = await client.post(
        f"{NOTIFICATIONS}/{about[removed_from['id']]}/read", headers=parent.headers
    )
    assert_error(hidden, 404, "notification_not_found")
    read_all = await client.post(f"{NOTIFICATIONS}/read-all", headers=parent.headers)
    assert read_all.json()["message"].startswith("1 ")


async def test_a_new_email_hides_the_old_addresss_notifications_about_the_child(client, mailbox):
    admin = await create_clinic_admin(client)
    await set_schedule(client, admin.headers, "cdc-acip")
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(OVERDUE_AGE_DAYS))
    parent = await invite_parent(client, mailbox, admin.headers, child["id"])
    await run_reminders(client, admin.headers)
    assert (await read_inbox(client, parent.headers))["total"] == 1

    changed = await client.patch(
        guardian_url(child["id"], parent.guardian_id),
        json={"email": unique_email("new")},
        headers=admin.headers,
    )
    assert changed.status_code == 200, changed.text
    assert (await read_inbox(client, parent.headers))["total"] == 0
