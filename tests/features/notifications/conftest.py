"""Notifications tests: a branded cdc-acip clinic and an overdue child with two guardians."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from beanie import PydanticObjectId
from httpx import AsyncClient

from app.features.immunizations.models import ForecastEntry
from tests.factories import (
    PortalParent,
    SignedIn,
    add_guardian,
    clinic_today,
    create_clinic_admin,
    create_patient,
    days_ago,
    invite_parent,
    set_schedule,
    unique_email,
    update_clinic,
)
from tests.mail import Mailbox

CLINIC_NAME = "Sunrise Clinic"
CLINIC_PHONE = "+1 555 0100"
CLINIC_COLOR = "#AA3366"
CLINIC_LOGO = "https://cdn.example.org/sunrise.png"
# About 6.5 months old and never vaccinated: several vaccine groups are past due.
OVERDUE_AGE_DAYS = 200
# Never vaccinated and 27 days old: the first hepatitis B dose is past due from today.
JUST_OVERDUE_AGE_DAYS = 27


@dataclass
class Family:
    """A child, a guardian with portal access and a guardian known only by email."""

    child: dict[str, Any]
    portal: PortalParent
    email_only: str

    @property
    def portal_email(self) -> str:
        return self.portal.account.email


async def branded_clinic(client: AsyncClient, clinic_name: str = CLINIC_NAME) -> SignedIn:
    """A new clinic on the CDC schedule, with a phone, a colour and a logo; its admin."""
    admin = await create_clinic_admin(client, clinic_name=clinic_name)
    await set_schedule(client, admin.headers, "cdc-acip")
    await update_clinic(
        client, admin.headers, phone=CLINIC_PHONE, primary_color=CLINIC_COLOR, logo_url=CLINIC_LOGO
    )
    return admin


async def family_of(
    client: AsyncClient, mailbox: Mailbox, admin: SignedIn, *, age_days: int = OVERDUE_AGE_DAYS
) -> Family:
    """A child of `age_days` with two guardians; the mailbox is cleared afterwards."""
    child = await create_patient(
        client, admin.headers, first_name="Amara", date_of_birth=days_ago(age_days)
    )
    portal = await invite_parent(client, mailbox, admin.headers, child["id"])
    email_only = unique_email("guardian")
    await add_guardian(client, admin.headers, child["id"], email=email_only, name="Femi Okafor")
    mailbox.clear()
    return Family(child=child, portal=portal, email_only=email_only)


async def overdue_groups(patient_id: str, on: date | None = None) -> list[str]:
    """The vaccine groups whose stored past-due date has come (and not expired) on a day."""
    day = on or clinic_today()
    entries = await ForecastEntry.find({"patient_id": PydanticObjectId(patient_id)}).to_list()
    return sorted(
        e.vaccine_group
        for e in entries
        if e.past_due_date is not None
        and e.past_due_date <= day
        and (e.latest_date is None or e.latest_date >= day)
    )


async def forecast_entry(patient_id: str, vaccine_group: str) -> ForecastEntry:
    """The stored forecast row of one vaccine group of a child."""
    entry = await ForecastEntry.find_one(
        {"patient_id": PydanticObjectId(patient_id), "vaccine_group": vaccine_group}
    )
    assert entry is not None
    return entry


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    return await branded_clinic(client)


@pytest.fixture
async def family(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> Family:
    return await family_of(client, mailbox, admin)
