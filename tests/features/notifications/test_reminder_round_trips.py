"""A reminder run costs the same database round trips for a clinic of 5 children and of 40.

Batches are 250 children (`reminders.BATCH_SIZE`) and delivery leases 100 emails at a time
(`delivery.LEASE_BATCH`), so both clinics fit one batch of each: any query made per child or
per email shows up as a difference between the two counts.
"""

from collections import Counter
from collections.abc import Iterator

import pytest
from httpx import AsyncClient

from app.features.notifications import delivery, reminders
from app.features.notifications.models import ReminderClaim
from scripts.bench_support import RoundTripCounter
from tests.factories import (
    SignedIn,
    create_patient,
    days_ago,
    run_reminders,
    unique_email,
)
from tests.features.notifications.conftest import OVERDUE_AGE_DAYS, branded_clinic
from tests.mail import Mailbox


@pytest.fixture
def round_trips(client: AsyncClient) -> Iterator[Counter[str]]:
    """Counts `collection.operation` calls on the app's database while the test runs."""
    counter = RoundTripCounter()
    counter.install(ReminderClaim.get_motor_collection())
    yield counter.operations
    counter.uninstall()


async def clinic_of(client: AsyncClient, children: int) -> SignedIn:
    """A clinic whose never-vaccinated children each have one guardian known by email."""
    admin = await branded_clinic(client, clinic_name=f"Clinic of {children}")
    for _ in range(children):
        guardian = {"name": "Pat Lee", "relationship": "mother", "email": unique_email("g")}
        await create_patient(
            client,
            admin.headers,
            date_of_birth=days_ago(OVERDUE_AGE_DAYS),
            guardians=[guardian],
        )
    return admin


async def counted_run(client: AsyncClient, admin: SignedIn, counts: Counter[str]) -> Counter[str]:
    """Run the clinic's reminders; the round trips the run took."""
    counts.clear()
    result = await run_reminders(client, admin.headers)
    taken = Counter(counts)
    assert result["failed"] == 0 and result["skipped"] == 0
    assert result["created"] == result["sent"]  # one email per child, no inbox (no portal)
    return taken


async def test_round_trips_of_a_run_do_not_grow_with_the_clinic(
    client: AsyncClient, mailbox: Mailbox, round_trips: Counter[str]
) -> None:
    assert reminders.BATCH_SIZE >= 40 and delivery.LEASE_BATCH >= 40
    small = await clinic_of(client, 5)
    large = await clinic_of(client, 40)
    mailbox.clear()  # the admins' signup mail

    small_run = await counted_run(client, small, round_trips)
    assert len(mailbox.messages) == 5
    large_run = await counted_run(client, large, round_trips)
    assert len(mailbox.messages) == 45

    assert large_run == small_run
    assert small_run["reminder_claims.insert_many"] == 1
    assert small_run["outbox_emails.insert_many"] == 1
    assert sum(small_run.values()) < 40, small_run


async def test_a_second_batch_costs_the_same_queries_as_the_first(
    client: AsyncClient,
    mailbox: Mailbox,
    round_trips: Counter[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three children in batches of two: two batches, each its own claims and outbox write.
    monkeypatch.setattr(reminders, "BATCH_SIZE", 2)
    admin = await clinic_of(client, 3)
    mailbox.clear()

    run = await counted_run(client, admin, round_trips)

    assert len(mailbox.messages) == 3
    assert run["reminder_claims.distinct"] == 2 and run["reminder_claims.insert_many"] == 2
    assert run["outbox_emails.insert_many"] == 2
