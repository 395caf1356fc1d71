"""Milestones tests: a clinic with an admin and a member of staff, and date helpers."""

from datetime import date, timedelta

import pytest
from httpx import AsyncClient

from app.shared.time import add_months, latest_birth_date_at_age, local_today
from tests.factories import SignedIn, create_clinic_admin, create_staff
from tests.mail import Mailbox


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


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    return await create_clinic_admin(client, clinic_name="Sunrise Clinic")


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> SignedIn:
    return await create_staff(client, mailbox, admin)
