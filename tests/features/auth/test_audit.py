"""Sign-ins, sign-outs and password changes leave audit events the clinic's admin can read."""

from tests.factories import (
    PASSWORD,
    SignedIn,
    assert_error,
    create_clinic_admin,
    create_staff,
    login,
)

AUDIT = "/api/v1/clinic/audit-events"
CLIENT_IP = "203.0.113.7"  # the address the test client connects from
NEW_PASSWORD = "a brand new passphrase"


async def events(client, admin: SignedIn, action: str) -> list[dict]:
    response = await client.get(
        AUDIT, params={"action": action, "size": 100}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    assert all(item["action"] == action for item in page["items"])
    return page["items"]


async def test_auth_actions_are_audited_with_request_id_and_ip(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    failed = await client.post(
        "/api/v1/auth/login",
        json={"email": staff.email, "password": "not the password"},
        headers={"X-Request-ID": "req-failed-login"},
    )
    assert_error(failed, 401)
    signed_in = await client.post(
        "/api/v1/auth/login",
        json={"email": staff.email, "password": PASSWORD},
        headers={"X-Request-ID": "req-login"},
    )
    assert signed_in.status_code == 200
    session = signed_in.json()
    changed = await client.post(
        "/api/v1/auth/change-password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"Authorization": f"Bearer {session['access_token']}", "X-Request-ID": "req-pw"},
    )
    assert changed.status_code == 200
    logged_out = await client.post(
        "/api/v1/auth/logout",
        headers={"Authorization": f"Bearer {session['access_token']}", "X-Request-ID": "req-out"},
    )
    assert logged_out.status_code == 204

    expected = {
        "auth.login_failed": "req-failed-login",
        "auth.login": "req-login",
        "auth.password_change": "req-pw",
        "auth.logout": "req-out",
    }
    for action, request_id in expected.items():
        found = await events(client, admin, action)
        mine = [e for e in found if e["actor_id"] == staff.user_id]
        assert len(mine) == 1, (action, found)
        event = mine[0]
        # The caller's X-Request-ID is kept beside the server's own id, never in its place.
        assert event["client_request_id"] == request_id
        assert event["request_id"] != request_id and len(event["request_id"]) == 32
        assert event["ip"] == CLIENT_IP
        assert event["clinic_id"] == admin.clinic_id
        assert event["role"] == "staff"
        assert event["at"].endswith("Z")
        assert event["fields"] == []
    [logout] = await events(client, admin, "auth.logout")
    assert logout["target_type"] == "session"
    [change] = await events(client, admin, "auth.password_change")
    assert (change["target_type"], change["target_id"]) == ("user", staff.user_id)


async def test_generated_request_ids_are_recorded(client):
    admin = await create_clinic_admin(client)
    response = await client.post(
        "/api/v1/auth/login", json={"email": admin.email, "password": PASSWORD}
    )
    generated = response.headers["X-Request-ID"]
    logins = await events(client, admin, "auth.login")
    assert [e["request_id"] for e in logins] == [generated]


async def test_audit_fields_name_changes_never_values(client):
    admin = await create_clinic_admin(client)
    patched = await client.patch(
        "/api/v1/auth/me",
        json={"name": "Secret Name", "phone": "+1 555 0199"},
        headers=admin.headers,
    )
    assert patched.status_code == 200
    response = await client.get(AUDIT, params={"size": 100}, headers=admin.headers)
    assert response.status_code == 200
    assert "Secret Name" not in response.text
    assert "555 0199" not in response.text
    assert PASSWORD not in response.text
    [update] = [e for e in response.json()["items"] if e["action"] == "user.update"]
    assert update["fields"] == ["name", "phone"]
    for event in response.json()["items"]:
        assert all(field.isidentifier() for field in event["fields"]), event


async def test_audit_filter_and_tenancy(client, mailbox):
    admin = await create_clinic_admin(client)
    other = await create_clinic_admin(client)
    await login(client, other.email)
    await login(client, admin.email)
    mine = await events(client, admin, "auth.login")
    assert [e["actor_id"] for e in mine] == [admin.user_id]
    theirs = await events(client, other, "auth.login")
    assert [e["actor_id"] for e in theirs] == [other.user_id]
    assert await events(client, admin, "no.such.action") == []


async def test_audit_events_are_for_admins_only(client, mailbox):
    admin = await create_clinic_admin(client)
    staff = await create_staff(client, mailbox, admin)
    assert_error(await client.get(AUDIT, headers=staff.headers), 403)
    assert_error(await client.get(AUDIT), 401)
