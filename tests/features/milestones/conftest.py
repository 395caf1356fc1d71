"""Milestones tests: a clinic with an admin and a member of staff, and date helpers."""

from datetime import date, timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from app.shared.time import add_months, latest_birth_date_at_age, local_today
from tests.factories import SignedIn, create_clinic_admin, create_patient, create_staff
from tests.mail import Mailbox

CONCERNS = "/api/v1/milestones/concerns"
CODES_AT_2_MONTHS = [f"m2-se-{n}" for n in range(1, 5)] + [
    *("m2-lc-1", "m2-lc-2", "m2-cg-1", "m2-cg-2", "m2-mp-1", "m2-mp-2", "m2-mp-3")
]


def today() -> date:
    """Today at a new clinic (its timezone is UTC)."""
    return local_today("UTC")


def months_ago(months: int, days: int = 0) -> date:
    """A birth date that makes a child `months` months and `days` days old today."""
    # Days first: the child is `months` old on today - days (the latest such birth date).
    return latest_birth_date_at_age(today() - timedelta(days=days), months)


def after(born: date | str, months: int, days: int = 0) -> str:
    """The ISO date `months` months and `days` days after `born`."""
    start = date.fromisoformat(born) if isinstance(born, str) else born
    return date.fromordinal(add_months(start, months).toordinal() + days).isoformat()


async def child(client: AsyncClient, who: SignedIn, name: str, born: date, **more: Any) -> str:
    """A child of `who`'s clinic named `name` Lee, born on `born`; its id."""
    body = await create_patient(
        client,
        who.headers,
        first_name=name,
        last_name="Lee",
        date_of_birth=born.isoformat(),
        **more,
    )
    patient_id: str = body["id"]
    return patient_id


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    return await create_clinic_admin(client, clinic_name="Sunrise Clinic")


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> SignedIn:
    return await create_staff(client, mailbox, admin)
