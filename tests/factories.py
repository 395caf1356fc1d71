"""Typed async helpers that build users and clinics through the API."""

import uuid
from dataclasses import dataclass

from httpx import AsyncClient

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
