"""Patients tests: a clinic with an admin and a member of staff."""

import pytest
from httpx import AsyncClient

from tests.factories import SignedIn, create_clinic_admin, create_staff
from tests.mail import Mailbox


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    return await create_clinic_admin(client, clinic_name="Sunrise Clinic")


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> SignedIn:
    return await create_staff(client, mailbox, admin)
