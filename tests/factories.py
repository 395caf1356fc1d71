"""Typed async helpers that build users and clinics through the API."""

import uuid
from dataclasses import dataclass
from typing import Any

from httpx import AsyncClient, Response

from app.core.security import hash_password
from app.features.auth.models import User
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
    """Make an existing parent account a guardian of one more child (linked at once)."""
    guardian = await add_guardian(
        client, headers, patient_id, email=parent.account.email, invite=True
    )
    assert guardian["has_portal_access"] is True, guardian
    return PortalParent(account=parent.account, guardian_id=guardian["id"])
