"""Names stored before they were validated cannot break email: one bad message never blocks others.

The data is poisoned directly in the database, as rows written before control characters
were refused would be. Once, a CR/LF in a child's name made the reminder run answer 500, left
the message queued for ever and, since one delivery loop serves every clinic, stopped the
other clinics' reminders too; invitations answered 500 after writing.
"""

from dataclasses import dataclass
from typing import Any

from beanie import PydanticObjectId
from httpx import AsyncClient

from app.core.outbox import OutboxEmail
from app.features.clinic.models import Clinic
from app.features.patients.models import Patient
from tests.factories import (
    SignedIn,
    add_guardian,
    create_clinic_admin,
    create_patient,
    days_ago,
    read_outbox,
    run_reminders,
    set_schedule,
    unique_email,
)
from tests.mail import Mailbox

THIEF = "thief@evil.example"
CRLF_NAME = f"Ann\r\nBcc: {THIEF}"
CRLF_ADDRESS = f"parent@example.org\r\nBcc: {THIEF}"


@dataclass
class OverdueClinic:
    """A clinic with one never-vaccinated child of about 6 months and one guardian by email."""

    admin: SignedIn
    child_id: str
    guardian_email: str


async def overdue_clinic(client: AsyncClient, name: str) -> OverdueClinic:
    admin = await create_clinic_admin(client, clinic_name=name)
    await set_schedule(client, admin.headers, "cdc-acip")
    child = await create_patient(client, admin.headers, date_of_birth=days_ago(200))
    email = unique_email("guardian")
    await add_guardian(client, admin.headers, child["id"], email=email, name="Pat Lee")
    return OverdueClinic(admin, child["id"], email)


async def poison_patient(patient_id: str, changes: dict[str, Any]) -> None:
    """Write straight to the database, past every request check."""
    await Patient.get_motor_collection().update_one(
        {"_id": PydanticObjectId(patient_id)}, {"$set": changes}
    )


async def poison_clinic(clinic_id: str, name: str) -> None:
    await Clinic.get_motor_collection().update_one(
        {"_id": PydanticObjectId(clinic_id)}, {"$set": {"name": name}}
    )


def assert_one_line(text: str) -> None:
    assert "\r" not in text and "\n" not in text, repr(text)


async def test_a_poisoned_child_name_and_clinic_name_still_give_a_one_line_reminder(
    client: AsyncClient, mailbox: Mailbox
):
    clinic = await overdue_clinic(client, "Sunrise Clinic")
    await poison_patient(clinic.child_id, {"first_name": CRLF_NAME, "guardians.0.name": CRLF_NAME})
    assert clinic.admin.clinic_id is not None
    await poison_clinic(clinic.admin.clinic_id, "Sunrise\r\nX-Injected: yes")

    result = await run_reminders(client, clinic.admin.headers)

    assert (result["sent"], result["failed"]) == (1, 0)
    [mail] = mailbox.to(clinic.guardian_email)
    assert_one_line(mail.subject)
    assert mail.subject.startswith("Ann Bcc:")
    assert mailbox.to(THIEF) == []
    outbox = await read_outbox(client, clinic.admin.headers)
    [kept] = [e for e in outbox if e["kind"] == "dose_overdue"]
    assert kept["status"] == "sent"
    assert_one_line(kept["subject"])


async def test_an_unsendable_reminder_is_marked_failed_and_the_others_go_out(
    client: AsyncClient, mailbox: Mailbox
):
    clinic = await overdue_clinic(client, "Sunrise Clinic")
    # A second guardian whose stored address would smuggle in a header.
    await add_guardian(client, clinic.admin.headers, clinic.child_id, email=unique_email("g2"))
    await poison_patient(clinic.child_id, {"guardians.1.email": CRLF_ADDRESS})

    result = await run_reminders(client, clinic.admin.headers)

    assert (result["sent"], result["failed"]) == (1, 1)
    assert len(mailbox.to(clinic.guardian_email)) == 1
    assert mailbox.to(THIEF) == []
    outbox = await read_outbox(client, clinic.admin.headers)
    [failed] = [e for e in outbox if e["to"] == CRLF_ADDRESS]
    assert failed["status"] == "failed" and failed["attempts"] == 1
    assert "recipient" in failed["last_error"]

    # Not retried: a message that cannot be built never will be.
    again = await run_reminders(client, clinic.admin.headers)
    assert (again["sent"], again["failed"]) == (0, 0)
    [still] = [
        e for e in await read_outbox(client, clinic.admin.headers) if e["to"] == CRLF_ADDRESS
    ]
    assert (still["status"], still["attempts"]) == ("failed", 1)


async def test_one_clinics_poisoned_queued_mail_does_not_stop_another_clinics_reminders(
    client: AsyncClient, mailbox: Mailbox
):
    poisoned = await create_clinic_admin(client, clinic_name="Poisoned Clinic")
    assert poisoned.clinic_id is not None
    # Queued before the fix: first in line, with a subject and a recipient that split headers.
    await OutboxEmail(
        clinic_id=PydanticObjectId(poisoned.clinic_id),
        to=CRLF_ADDRESS,
        kind="dose_overdue",
        subject=f"{CRLF_NAME} is overdue for vaccinations",
        text="Reminder",
    ).insert()
    healthy = await overdue_clinic(client, "Healthy Clinic")

    result = await run_reminders(client, healthy.admin.headers)

    assert result["sent"] == 1 and result["failed"] == 1
    assert len(mailbox.to(healthy.guardian_email)) == 1
    assert mailbox.to(THIEF) == []
    outbox = await read_outbox(client, poisoned.headers)
    [failed] = [e for e in outbox if e["kind"] == "dose_overdue"]
    assert failed["status"] == "failed" and failed["last_error"]
    assert_one_line(failed["last_error"])


async def test_a_poisoned_queued_subject_is_sent_on_one_line(client: AsyncClient, mailbox: Mailbox):
    admin = await create_clinic_admin(client)
    assert admin.clinic_id is not None
    to = unique_email("parent")
    await OutboxEmail(
        clinic_id=PydanticObjectId(admin.clinic_id),
        to=to,
        kind="dose_overdue",
        subject=f"{CRLF_NAME} is overdue for vaccinations",
        text="Reminder",
    ).insert()

    result = await run_reminders(client, admin.headers)

    assert result["sent"] == 1
    [mail] = mailbox.to(to)
    assert mail.subject == f"Ann Bcc: {THIEF} is overdue for vaccinations"
    assert mailbox.to(THIEF) == []


async def test_a_staff_invitation_from_a_poisoned_clinic_name_is_sent(
    client: AsyncClient, mailbox: Mailbox
):
    admin = await create_clinic_admin(client)
    assert admin.clinic_id is not None
    await poison_clinic(admin.clinic_id, f"Sunrise\r\nBcc: {THIEF}")
    email = unique_email("staff")

    response = await client.post(
        "/api/v1/clinic/staff/invitations",
        json={"email": email, "name": "Sam Staff", "role": "staff"},
        headers=admin.headers,
    )

    assert response.status_code == 201, response.text
    [mail] = mailbox.to(email)
    assert_one_line(mail.subject)
    assert "accept-invite?token=" in mail.text
    assert mailbox.to(THIEF) == []


async def test_a_guardian_invitation_for_a_poisoned_child_name_is_sent(
    client: AsyncClient, mailbox: Mailbox
):
    admin = await create_clinic_admin(client)
    child = await create_patient(client, admin.headers)
    await poison_patient(child["id"], {"first_name": CRLF_NAME})
    email = unique_email("parent")

    await add_guardian(client, admin.headers, child["id"], email=email, invite=True)

    [mail] = mailbox.to(email)
    assert_one_line(mail.subject)
    assert mailbox.to(THIEF) == []
