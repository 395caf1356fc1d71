"""Guardians of a child: linking, contact details, portal invitations and access."""

from typing import Any

from app.config import get_settings
from app.core.audit import Actor
from app.core.email import send_email_safely
from app.core.errors import UnprocessableEntity
from app.features.auth import portal_invitations
from app.features.clinic import service as clinic_service
from app.features.patients import emails
from app.features.patients.exceptions import GuardianNotFound
from app.features.patients.models import Guardian, Patient
from app.features.patients.repository import (
    audit_patient,
    commit,
    find_patient,
    find_writable_patient,
)
from app.shared.time import utc_now


def build_guardians(inputs: list[dict[str, Any]]) -> list[Guardian]:
    """Guardians from request data; exactly one is primary when there are any."""
    guardians = [_guardian_from(data) for data in inputs]
    _settle_primary(guardians)
    return guardians


def _guardian_from(data: dict[str, Any]) -> Guardian:
    fields = {k: v for k, v in data.items() if k != "invite"}
    if fields.get("email"):
        fields["email"] = fields["email"].lower()
    return Guardian(**fields)


def _settle_primary(guardians: list[Guardian], favour: Guardian | None = None) -> None:
    """Leave one linked guardian primary: `favour` if it asks, else the current, else the first."""
    linked = [g for g in guardians if g.unlinked_at is None]
    wanting = [g for g in linked if g.is_primary]
    ranked = sorted(wanting, key=lambda g: g is not favour) + linked
    chosen = ranked[0] if ranked else None
    for guardian in guardians:
        guardian.is_primary = guardian is chosen


async def send_invitations(patient: Patient, inputs: list[dict[str, Any]], *, actor: Actor) -> None:
    """Invite the guardians whose input asked for it (matched by position)."""
    invited = [g for g, data in zip(patient.guardians, inputs, strict=False) if data.get("invite")]
    for guardian in invited:
        await _invite(patient, guardian, actor=actor)


async def _invite(patient: Patient, guardian: Guardian, *, actor: Actor) -> None:
    """Email the guardian's address a portal invitation; access starts only when it is accepted.

    Every address is treated alike, whether it has an account (parent or staff, at any clinic)
    or not, so that no answer, outbox entry or audit event tells a clinic which it is.
    """
    assert guardian.email is not None and patient.id is not None
    clinic = await clinic_service.get_clinic(clinic_id=patient.clinic_id)
    token = await portal_invitations.issue(
        email=guardian.email,
        clinic_id=patient.clinic_id,
        patient_id=str(patient.id),
        guardian_id=str(guardian.id),
    )
    guardian.invited_at = utc_now()
    await commit(patient)
    message = emails.portal_invitation(
        guardian.email, guardian.name, patient.first_name, clinic.name, token
    )
    action = "guardian.invite"
    await send_email_safely(get_settings(), message, kind=action, clinic_id=patient.clinic_id)
    await audit_patient(actor, action, patient, ["guardians"])


def _end_portal_access(guardian: Guardian) -> list[str]:
    """Drop what a guardian entry's address was given or offered; the fields that changed.

    The pending invitations of the entry are withdrawn by the caller once the change is saved.
    """
    changed = []
    if guardian.user_id is not None:
        guardian.user_id = None
        changed.append("guardians.user_id")
    if guardian.invited_at is not None:
        guardian.invited_at = None
        changed.append("guardians.invited_at")
    return changed


def _linked_guardian(patient: Patient, guardian_id: str) -> Guardian | None:
    return next(
        (g for g in patient.active_guardians if str(g.id) == guardian_id),
        None,
    )


async def list_guardians(*, viewer: Actor, patient_id: str) -> list[Guardian]:
    """The child's linked guardians; the read is audited."""
    patient = await find_patient(viewer, patient_id)
    await audit_patient(viewer, "guardians.read", patient)
    return patient.active_guardians


async def add_guardian(*, viewer: Actor, patient_id: str, data: dict[str, Any]) -> Guardian:
    """Link a new guardian to the child, inviting them to the portal if asked."""
    patient = await find_writable_patient(viewer, patient_id)
    guardian = _guardian_from(data)
    patient.guardians.append(guardian)
    _settle_primary(patient.guardians, favour=guardian)
    await commit(patient)
    await audit_patient(viewer, "guardian.add", patient, ["guardians"])
    if data.get("invite"):
        await _invite(patient, guardian, actor=viewer)
    return guardian


async def update_guardian(
    *, viewer: Actor, patient_id: str, guardian_id: str, changes: dict[str, Any]
) -> Guardian:
    """Change a guardian's contact details; a new email ends the old address's portal access.

    With `invite`, the guardian's new or current address is invited to the portal (unless the
    entry already has access): access follows the address that accepts, never the entry.
    """
    invite = changes.pop("invite", False)
    patient = await find_writable_patient(viewer, patient_id)
    guardian = _linked_guardian(patient, guardian_id)
    if guardian is None:
        raise GuardianNotFound()
    if changes.get("email"):
        changes["email"] = changes["email"].lower()
    if invite and not changes.get("email", guardian.email):
        raise UnprocessableEntity(
            "invite needs an email",
            details=[{"loc": ["body", "invite"], "msg": "the guardian has no email"}],
        )
    changed = [key for key, value in changes.items() if getattr(guardian, key) != value]
    for key in changed:
        setattr(guardian, key, changes[key])
    fields = [f"guardians.{key}" for key in changed]
    if "email" in changed:
        fields += _end_portal_access(guardian)
    if "is_primary" in changed:
        _settle_primary(patient.guardians, favour=guardian)
    if changed:
        await commit(patient)
        await audit_patient(viewer, "guardian.update", patient, fields)
    if invite and guardian.user_id is None:
        await _invite(patient, guardian, actor=viewer)  # withdraws the entry's earlier ones
    elif "email" in changed:
        await portal_invitations.withdraw(guardian_id=str(guardian.id))
    return guardian


async def remove_guardian(*, viewer: Actor, patient_id: str, guardian_id: str) -> None:
    """Unlink a guardian: kept on record, but their portal access to this child ends."""
    patient = await find_writable_patient(viewer, patient_id)
    guardian = _linked_guardian(patient, guardian_id)
    if guardian is None:
        raise GuardianNotFound()
    guardian.unlinked_at = utc_now()
    _settle_primary(patient.guardians)
    await commit(patient)
    await audit_patient(viewer, "guardian.remove", patient, ["guardians"])
    # An invitation still in the mail must not bring the access back.
    await portal_invitations.withdraw(guardian_id=str(guardian.id))
