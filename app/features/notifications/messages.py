"""Turning a batch of won reminders into inbox items and outbox emails, in a few writes."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from beanie import PydanticObjectId

from app.core.email import OutgoingEmail, failure_reason
from app.core.outbox import OutboxEmail
from app.features.clinic.models import Clinic
from app.features.notifications import delivery, emails
from app.features.notifications.claims import Reminder
from app.features.notifications.models import EmailPreference, Notification
from app.features.notifications.preferences import opted_in
from app.features.patients import service as patients_service
from app.features.patients.models import Guardian, Patient


@dataclass(frozen=True)
class Message:
    """One message about one child, built per recipient (the opt-out link is theirs)."""

    kind: str
    preference: str  # the EmailPreference flag that lets it be emailed
    build: Callable[..., OutgoingEmail]


@dataclass
class Outgoing:
    """What a batch will write: inbox items and outbox rows."""

    inbox: list[Notification] = field(default_factory=list)
    outbox: list[OutboxEmail] = field(default_factory=list)
    created: int = 0


def _messages(clinic: Clinic, child: Patient, reminders: list[Reminder]) -> list[Message]:
    """All doses due together go in one message; each checklist age gets its own."""
    name = child.first_name
    doses = [r.dose for r in reminders if r.dose is not None]
    messages = []
    if doses:
        kind = "dose_overdue" if any(d.overdue for d in doses) else "dose_upcoming"
        build = partial(emails.dose_reminder, clinic, child_first_name=name, doses=doses)
        messages.append(Message(kind, "email_dose_reminders", build))
    for age in sorted({r.checklist_age for r in reminders if r.checklist_age is not None}):
        build = partial(emails.milestone_checklist, clinic, child_first_name=name, age_months=age)
        messages.append(Message("milestone_checklist", "email_milestone_reminders", build))
    return messages


def _address(
    out: Outgoing,
    clinic_id: PydanticObjectId,
    child: Patient,
    guardian: Guardian,
    message: Message,
    preferences: dict[str, EmailPreference],
) -> None:
    """Add one guardian's copy of a message: in-app with portal access, email unless opted out."""
    assert child.id is not None
    try:
        email = message.build(to=guardian.email or "")
    except Exception as exc:  # stored data no check has seen: fail this one message only
        out.outbox.append(
            delivery.unbuildable_email(
                clinic_id=clinic_id,
                patient_id=child.id,
                kind=message.kind,
                to=guardian.email or "",
                reason=failure_reason(exc),
            )
        )
        return
    if guardian.user_id is not None:
        out.inbox.append(
            Notification(
                user_id=guardian.user_id,
                clinic_id=clinic_id,
                patient_id=child.id,
                kind=message.kind,
                title=email.subject,
                body=email.text.split("\n\nStop these reminders")[0],
            )
        )
        out.created += 1
    if guardian.email and getattr(preferences[guardian.email.lower()], message.preference):
        out.outbox.append(
            delivery.queued_email(
                clinic_id=clinic_id, patient_id=child.id, kind=message.kind, email=email
            )
        )
        out.created += 1


async def notify(
    clinic: Clinic, won: list[Reminder], known: dict[PydanticObjectId, Patient]
) -> int:
    """Tell the guardians of a batch's children; returns the items created.

    At most four queries: the children not already read while finding reminders, the
    guardians' preferences, the inbox items and the outbox rows.
    """
    assert clinic.id is not None
    by_child: dict[PydanticObjectId, list[Reminder]] = defaultdict(list)
    for reminder in won:
        by_child[reminder.patient_id].append(reminder)
    missing = [child_id for child_id in by_child if child_id not in known]
    read = await patients_service.children_of_clinic(clinic_id=clinic.id, patient_ids=missing)
    children = {**known, **{child.id: child for child in read if child.id is not None}}
    addresses = [
        g.email
        for child_id in by_child
        if child_id in children
        for g in children[child_id].active_guardians
        if g.email
    ]
    preferences = await opted_in(addresses)
    out = Outgoing()
    for child_id, reminders in by_child.items():
        child = children.get(child_id)
        if child is None:
            continue
        for message in _messages(clinic, child, reminders):
            for guardian in child.active_guardians:
                _address(out, clinic.id, child, guardian, message, preferences)
    if out.inbox:
        await Notification.insert_many(out.inbox)
    await delivery.queue_all(out.outbox)
    return out.created
