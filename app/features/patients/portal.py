"""The parent portal's access path: a guardian entry is linked to an account only when the
account that owns the invited address accepts the invitation."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from beanie import PydanticObjectId

from app.features.auth import portal_invitations
from app.features.auth import service as auth_service
from app.features.auth.exceptions import InvalidActionToken
from app.features.auth.models import ActionToken, User
from app.features.auth.sessions import actor_of
from app.features.clinic import service as clinic_service
from app.features.patients import repository
from app.features.patients.models import Guardian, Patient, Relationship
from app.features.patients.repository import audit_patient, commit


@dataclass(frozen=True)
class PendingInvitation:
    """An invitation waiting in a parent's portal, with what it offers."""

    id: str
    patient_id: str
    child_first_name: str
    clinic_name: str
    guardian_name: str
    relationship: Relationship
    invited_at: datetime
    expires_at: datetime


def _invited_key(record: ActionToken) -> tuple[PydanticObjectId, PydanticObjectId] | None:
    """The clinic and the child an invitation names, if it names both well-formed."""
    try:
        patient_id = PydanticObjectId(record.payload["patient_id"])
    except (KeyError, ValueError, TypeError):
        return None
    return None if record.clinic_id is None else (record.clinic_id, patient_id)


def _invited_guardian(record: ActionToken, patient: Patient | None) -> Guardian | None:
    """The still-linked guardian entry of `patient` the invitation names, if it still holds.

    Withdrawn invitations are spent when an entry is removed or its email changes; this is the
    second lock, so a missed withdrawal can never hand access to an address the entry left.
    """
    if patient is None:
        return None
    guardian = next(
        (g for g in patient.active_guardians if str(g.id) == record.payload.get("guardian_id")),
        None,
    )
    if guardian is None or guardian.email != record.email:
        return None
    return guardian


async def _invited_entry(record: ActionToken) -> tuple[Patient, Guardian] | None:
    """The child and the still-linked guardian entry an invitation names, if it still holds."""
    key = _invited_key(record)
    if key is None:
        return None
    clinic_id, patient_id = key
    patient = await repository.child_of_clinic(clinic_id=clinic_id, patient_id=patient_id)
    guardian = _invited_guardian(record, patient)
    return None if patient is None or guardian is None else (patient, guardian)


async def list_invitations(*, user: User) -> list[PendingInvitation]:
    """The portal invitations waiting for the signed-in parent, newest first.

    The children are read with one query per inviting clinic, not one per invitation.
    """
    records = await portal_invitations.pending_for(user)
    keyed = [(key, record) for record in records if (key := _invited_key(record)) is not None]
    wanted: dict[PydanticObjectId, set[PydanticObjectId]] = defaultdict(set)
    for (clinic_id, patient_id), _ in keyed:
        wanted[clinic_id].add(patient_id)
    children: dict[tuple[PydanticObjectId, PydanticObjectId | None], Patient] = {}
    for clinic_id, patient_ids in wanted.items():
        found = await repository.children_of_clinic(clinic_id=clinic_id, patient_ids=[*patient_ids])
        children.update({(clinic_id, child.id): child for child in found})
    clinic_names: dict[PydanticObjectId, str] = {}
    pending = []
    for key, record in keyed:
        patient = children.get(key)
        guardian = _invited_guardian(record, patient)
        if patient is None or guardian is None:
            continue
        if patient.clinic_id not in clinic_names:
            clinic = await clinic_service.get_clinic(clinic_id=patient.clinic_id)
            clinic_names[patient.clinic_id] = clinic.name
        pending.append(
            PendingInvitation(
                id=str(record.id),
                patient_id=str(patient.id),
                child_first_name=patient.first_name,
                clinic_name=clinic_names[patient.clinic_id],
                guardian_name=guardian.name,
                relationship=guardian.relationship,
                invited_at=record.created_at,
                expires_at=record.expires_at,
            )
        )
    return pending


async def accept_by_token(*, user: User, token: str) -> Patient:
    """Accept an emailed invitation as the signed-in parent it was sent to; the child."""
    return await _link_or_refuse(user, await portal_invitations.take_by_token(user, token))


async def accept_by_id(*, user: User, invitation_id: str) -> Patient:
    """Accept one of the signed-in parent's pending invitations; the child."""
    return await _link_or_refuse(user, await portal_invitations.take_by_id(user, invitation_id))


async def _link_or_refuse(user: User, record: ActionToken) -> Patient:
    patient = await _link(user, record)
    if patient is None:
        raise InvalidActionToken()
    return patient


async def _link(user: User, record: ActionToken) -> Patient | None:
    """Link the invited guardian entry to `user`, if the invitation still holds for them."""
    entry = await _invited_entry(record)
    if entry is None or user.role != "parent" or user.email != record.email:
        return None
    patient, guardian = entry
    guardian.user_id = user.id
    await commit(patient)
    await audit_patient(actor_of(user), "guardian.portal_linked", patient, ["guardians"])
    return patient


async def link_accepted_invitation(event: auth_service.InvitationAccepted) -> None:
    """Give a parent account created from a portal invitation access to the invited child.

    Only that invitation's child: other clinics' invitations to the same address wait in the
    portal until the parent accepts each of them.
    """
    if portal_invitations.is_portal_invitation(event.invitation):
        await _link(event.user, event.invitation)
