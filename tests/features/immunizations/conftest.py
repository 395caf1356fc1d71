"""Immunizations tests: a cdc-acip clinic with an admin, a member of staff and a child."""

from typing import Any

import pytest
from httpx import AsyncClient

from tests.factories import (
    SignedIn,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    set_schedule,
)
from tests.mail import Mailbox

# The child is about 6.5 months old: two months of age is day 61.
CHILD_AGE_DAYS = 200


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    admin = await create_clinic_admin(client, clinic_name="Sunrise Clinic")
    await set_schedule(client, admin.headers, "cdc-acip")
    return admin


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> SignedIn:
    return await create_staff(client, mailbox, admin)


@pytest.fixture
async def child(client: AsyncClient, staff: SignedIn) -> dict[str, Any]:
    return await create_patient(client, staff.headers, date_of_birth=days_ago(CHILD_AGE_DAYS))
