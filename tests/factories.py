"""Typed async helpers that build users and clinics through the API."""

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from httpx import AsyncClient, Response

from app.core.security import hash_password
from app.features.auth.models import User
from app.shared.time import local_today
from tests.mail import Mailbox

PASSWORD = "correct horse battery"


@dataclass
class SignedIn:
    """A signed-in user as the tests hold them."""

    user_id: str
    email: str
    clinic_id: str | None
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"


def _signed_in(body: dict) -> SignedIn:
    return SignedIn(
        user_id=body["user"]["id"],
        email=body["user"]["email"],
        clinic_id=body["user"]["clinic_id"],
        access_token=body["access_token"],
        refresh_token=body["refresh_token"],
    )


async def create_clinic_admin(
    client: AsyncClient, *, email: str | None = None, clinic_name: str = "Sunrise Clinic"
) -> SignedIn:
    """Sign up a new clinic and return its first admin, signed in."""
    response = await client.post(
        "/api/v1/auth/signup",
        json={
            "name": "Ada Admin",
            "email": email or unique_email("admin"),
            "password": PASSWORD,
            "clinic_name": clinic_name,
        },
    )
    assert response.status_code == 201, response.text
    return _signed_in(response.json())


async def create_staff(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, *, role: str = "staff"
) -> SignedIn:
    """Invite a member of the admin's clinic and accept the invitation."""
    email = unique_email(role)
    invited = await client.post(
        "/api/v1/clinic/staff/invitations",
        json={"email": email, "name": f"Sam {role.title()}", "role": role},
        headers=admin.headers,
    )
    assert invited.status_code == 201, invited.text
    token = mailbox.token(email, "accept-invite")
    accepted = await client.post(
        "/api/v1/auth/accept-invite",
        json={"token": token, "name": f"Sam {role.title()}", "password": PASSWORD},
    )
    assert accepted.status_code == 200, accepted.text
    return _signed_in(accepted.json())


async def login(client: AsyncClient, email: str, password: str = PASSWORD) -> SignedIn:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return _signed_in(response.json())


def bearer(access_token: str) -> dict[str, str]:
    """The Authorization header for an access token."""
    return {"Authorization": f"Bearer {access_token}"}


def assert_error(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert the status and the one error shape `{"error": {code, message, details}}`."""
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["error"], body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code, error
    return error


async def create_parent(client: AsyncClient, *, email: str | None = None) -> SignedIn:
    """A parent account (no clinic), stored directly and signed in through the API."""
    email = email or unique_email("parent")
    await User(
        email=email, name="Pat Parent", role="parent", password_hash=hash_password(PASSWORD)
    ).insert()
    return await login(client, email)


PATIENTS = "/api/v1/patients"
ACCEPT_INVITE = "/api/v1/auth/accept-invite"


def patient_payload(**overrides: Any) -> dict[str, Any]:
    """A valid new-child body; the default last name is unique so defaults never collide."""
    payload: dict[str, Any] = {
        "first_name": "Amara",
        "last_name": f"Okafor-{uuid.uuid4().hex[:6]}",
        "date_of_birth": "2023-05-17",
        "sex": "female",
    }
    payload.update(overrides)
    return payload


async def create_patient(
    client: AsyncClient, headers: dict[str, str], **overrides: Any
) -> dict[str, Any]:
    """Register a child through the API (201 asserted) and return the response body."""
    response = await client.post(PATIENTS, json=patient_payload(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@dataclass
class PortalParent:
    """A parent signed in to the portal, and the guardian entry that links them to a child."""

    account: SignedIn
    guardian_id: str

    @property
    def headers(self) -> dict[str, str]:
        return self.account.headers


async def add_guardian(
    client: AsyncClient,
    headers: dict[str, str],
    patient_id: str,
    *,
    email: str | None = None,
    invite: bool = False,
    name: str = "Pat Parent",
    relationship: str = "mother",
) -> dict[str, Any]:
    """Link a guardian to a child (201 asserted); returns the guardian as the API shows it."""
    body: dict[str, Any] = {"name": name, "relationship": relationship, "invite": invite}
    if email is not None:
        body["email"] = email
    response = await client.post(f"{PATIENTS}/{patient_id}/guardians", json=body, headers=headers)
    assert response.status_code == 201, response.text
    guardian: dict[str, Any] = response.json()
    return guardian


async def invite_parent(
    client: AsyncClient,
    mailbox: Mailbox,
    headers: dict[str, str],
    patient_id: str,
    *,
    email: str | None = None,
    name: str = "Pat Parent",
) -> PortalParent:
    """Invite a new guardian of the child to the portal and accept the mailed invitation."""
    email = email or unique_email("parent")
    guardian = await add_guardian(client, headers, patient_id, email=email, invite=True, name=name)
    token = mailbox.token(email, "accept-invite")
    accepted = await client.post(
        ACCEPT_INVITE, json={"token": token, "name": name, "password": PASSWORD}
    )
    assert accepted.status_code == 200, accepted.text
    return PortalParent(account=_signed_in(accepted.json()), guardian_id=guardian["id"])


async def link_parent(
    client: AsyncClient, headers: dict[str, str], patient_id: str, parent: PortalParent
) -> PortalParent:
    """Make an existing parent account a guardian of one more child: the clinic invites the
    parent's address and the parent accepts the invitation from the portal."""
    guardian = await add_guardian(
        client, headers, patient_id, email=parent.account.email, invite=True
    )
    assert guardian["has_portal_access"] is False, guardian
    await accept_from_portal(client, parent.headers, patient_id)
    return PortalParent(account=parent.account, guardian_id=guardian["id"])


PORTAL_INVITATIONS = "/api/v1/portal/invitations"


async def pending_invitations(
    client: AsyncClient, parent_headers: dict[str, str]
) -> list[dict[str, Any]]:
    """The signed-in parent's pending portal invitations (200 asserted)."""
    response = await client.get(PORTAL_INVITATIONS, headers=parent_headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def accept_from_portal(
    client: AsyncClient, parent_headers: dict[str, str], patient_id: str
) -> dict[str, Any]:
    """Accept the signed-in parent's pending invitation to a child (200 asserted); the child."""
    pending = await pending_invitations(client, parent_headers)
    [invitation] = [i for i in pending if i["patient_id"] == patient_id]
    response = await client.post(
        f"{PORTAL_INVITATIONS}/{invitation['id']}/accept", headers=parent_headers
    )
    assert response.status_code == 200, response.text
    child: dict[str, Any] = response.json()
    return child


def milestones_path(patient_id: str, code: str | None = None) -> str:
    """The milestones of a child, or of one milestone of the child."""
    base = f"{PATIENTS}/{patient_id}/milestones"
    return f"{base}/{code}" if code else base


async def observe_milestone(
    client: AsyncClient,
    headers: dict[str, str],
    patient_id: str,
    code: str,
    *,
    status: str,
    observed_on: str,
    notes: str | None = None,
) -> dict[str, Any]:
    """Record a milestone observation through the API (200 asserted); returns the item."""
    body: dict[str, Any] = {"status": status, "observed_on": observed_on}
    if notes is not None:
        body["notes"] = notes
    response = await client.put(milestones_path(patient_id, code), json=body, headers=headers)
    assert response.status_code == 200, response.text
    item: dict[str, Any] = response.json()
    return item


async def read_milestones(
    client: AsyncClient, headers: dict[str, str], patient_id: str, as_of: str | None = None
) -> dict[str, Any]:
    """A child's milestones through the API (200 asserted), as of a date or the clinic today."""
    params = {"as_of": as_of} if as_of else {}
    response = await client.get(milestones_path(patient_id), params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def clinic_today() -> date:
    """Today in a clinic on the default timezone (UTC), from the app's (pinned) clock."""
    return local_today("UTC")


def days_ago(days: int) -> str:
    """The ISO date `days` before the clinic's today."""
    return (clinic_today() - timedelta(days=days)).isoformat()


def immunizations_path(patient_id: str, record_id: str | None = None) -> str:
    """The immunization records of a child, or one record of the child."""
    base = f"{PATIENTS}/{patient_id}/immunizations"
    return f"{base}/{record_id}" if record_id else base


async def set_schedule(client: AsyncClient, admin_headers: dict[str, str], code: str) -> None:
    """Switch the admin's clinic to another immunization schedule (200 asserted)."""
    response = await client.patch(
        "/api/v1/clinic", json={"schedule_code": code}, headers=admin_headers
    )
    assert response.status_code == 200, response.text


async def add_dose(
    client: AsyncClient,
    headers: dict[str, str],
    patient_id: str,
    cvx: str,
    day: date | str,
    **fields: Any,
) -> dict[str, Any]:
    """Record a dose through the API (201 asserted); returns the record with its evaluations."""
    body: dict[str, Any] = {
        "cvx": cvx,
        "date_administered": day if isinstance(day, str) else day.isoformat(),
        "source": "administered",
        **fields,
    }
    response = await client.post(immunizations_path(patient_id), json=body, headers=headers)
    assert response.status_code == 201, response.text
    record: dict[str, Any] = response.json()
    return record


NOTIFICATIONS = "/api/v1/notifications"


async def update_clinic(
    client: AsyncClient, admin_headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    """Change the admin's clinic settings (200 asserted); returns the clinic."""
    response = await client.patch("/api/v1/clinic", json=fields, headers=admin_headers)
    assert response.status_code == 200, response.text
    clinic: dict[str, Any] = response.json()
    return clinic


async def run_reminders(
    client: AsyncClient, admin_headers: dict[str, str], as_of: date | None = None
) -> dict[str, int]:
    """Run the clinic's reminders through the API (200 asserted): created, sent, failed, skipped."""
    body = {"as_of": as_of.isoformat()} if as_of else {}
    response = await client.post(f"{NOTIFICATIONS}/reminders/run", json=body, headers=admin_headers)
    assert response.status_code == 200, response.text
    result: dict[str, int] = response.json()
    return result


async def read_outbox(client: AsyncClient, admin_headers: dict[str, str]) -> list[dict[str, Any]]:
    """The clinic's outbox (first 100 emails, newest first; 200 asserted)."""
    response = await client.get(
        f"{NOTIFICATIONS}/outbox", params={"size": 100}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def read_inbox(client: AsyncClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    """The signed-in user's inbox page (200 asserted)."""
    response = await client.get(NOTIFICATIONS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def unsubscribe_token_in(text: str) -> str:
    """The token of the one-click opt-out link in a reminder email."""
    found = re.search(r"/unsubscribe\?token=([^\s\"'<>&]+)", text)
    assert found, text
    return found.group(1)
