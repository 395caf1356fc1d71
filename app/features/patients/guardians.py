"""Guardians of a child: linking, contact details, portal invitations and access."""

from datetime import timedelta
from typing import Any

from beanie import PydanticObjectId

from app.config import get_settings
from app.core.audit import Actor
from app.core.email import send_email_safely
from app.features.auth import action_tokens
from app.features.auth import service as auth_service
from app.features.auth.models import User
from app.features.auth.sessions import actor_of
from app.features.clinic import service as clinic_service
from app.features.patients import emails
from app.features.patients.exceptions import EmailBelongsToStaff, GuardianNotFound
from app.features.patients.models import Guardian, Patient
from app.features.patients.store import audit_patient, commit, find_patient
from app.shared.time import utc_now

PORTAL_INVITATION_LIFETIME = timedelta(days=7)


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


async def ensure_invitable(inputs: list[dict[str, Any]]) -> None:
    """Refuse invitations to emails that belong to clinic staff, before anything is written."""
    for data in inputs:
        if data.get("invite") and data.get("email"):
            user = await auth_service.find_user_by_email(data["email"].lower())
            if user is not None and user.role != "parent":
                raise EmailBelongsToStaff()


async def send_invitations(patient: Patient, inputs: list[dict[str, Any]], *, actor: Actor) -> None:
    """Invite the guardians whose input asked for it (matched by position)."""
    invited = [g for g, data in zip(patient.guardians, inputs, strict=False) if data.get("invite")]
    for guardian in invited:
        await _invite(patient, guardian, actor=actor)


async def _invite(patient: Patient, guardian: Guardian, *, actor: Actor) -> None:
    """Link an existing parent account at once, or email a portal invitation."""
    assert guardian.email is not None
    clinic = await clinic_service.get_clinic(clinic_id=patient.clinic_id)
    existing = await auth_service.find_user_by_email(guardian.email)
    if existing is not None:
        if existing.role != "parent":
            raise EmailBelongsToStaff()
        guardian.user_id = existing.id
        await commit(patient)
        message = emails.child_linked(
            guardian.email, guardian.name, patient.first_name, clinic.name
        )
        action = "guardian.portal_linked"
    else:
        token, _ = await action_tokens.create(
            "invite",
            email=guardian.email,
            clinic_id=patient.clinic_id,
            lifetime=PORTAL_INVITATION_LIFETIME,
            payload={
                "role": "parent",
                "patient_id": str(patient.id),
                "guardian_id": str(guardian.id),
            },
        )
        guardian.invited_at = utc_now()
        await commit(patient)
        message = emails.portal_invitation(
            guardian.email, guardian.name, patient.first_name, clinic.name, token
        )
        action = "guardian.invite"
    await send_email_safely(get_settings(), message, kind=action, clinic_id=patient.clinic_id)
    await audit_patient(actor, action, patient, ["guardians"])


async def link_accepted_invitation(event: auth_service.InvitationAccepted) -> None:
    """Give a new parent account access to the child whose guardian was invited."""
    user, payload = event.user, event.invitation.payload
    if "guardian_id" not in payload or user.role != "parent":
        return
    patient = await Patient.get(PydanticObjectId(payload["patient_id"]))
    if patient is None:
        return
    guardian = _linked_guardian(patient, payload["guardian_id"])
    if guardian is None or guardian.email != user.email:
        return
    guardian.user_id = user.id
    await commit(patient)
    await audit_patient(actor_of(user), "guardian.portal_linked", patient, ["guardians"])
    await _link_other_pending_invitations(user)


async def _link_other_pending_invitations(user: User) -> None:
    """Link children whose guardian was invited under this email before the account existed.

    Their own links can no longer create an account (the email is in use), and an invitation
    made after the account exists links at once, so these must be linked now.
    """
    pending = {
        "email": user.email,
        "user_id": None,
        "unlinked_at": None,
        "invited_at": {"$ne": None},
    }
    for patient in await Patient.find({"guardians": {"$elemMatch": pending}}).to_list():
        for guardian in patient.active_guardians:
            if guardian.email == user.email and guardian.user_id is None and guardian.invited_at:
                guardian.user_id = user.id
        await commit(patient)
        await audit_patient(actor_of(user), "guardian.portal_linked", patient, ["guardians"])


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
    await ensure_invitable([data])
    patient = await find_patient(viewer, patient_id)
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
    """Change a guardian's contact details."""
    patient = await find_patient(viewer, patient_id)
    guardian = _linked_guardian(patient, guardian_id)
    if guardian is None:
        raise GuardianNotFound()
    if changes.get("email"):
        changes["email"] = changes["email"].lower()
    changed = [key for key, value in changes.items() if getattr(guardian, key) != value]
    if not changed:
        return guardian
    for key in changed:
        setattr(guardian, key, changes[key])
    if "is_primary" in changed:
        _settle_primary(patient.guardians, favour=guardian)
    await commit(patient)
    await audit_patient(viewer, "guardian.update", patient, [f"guardians.{key}" for key in changed])
    return guardian


async def remove_guardian(*, viewer: Actor, patient_id: str, guardian_id: str) -> None:
    """Unlink a guardian: kept on record, but their portal access to this child ends."""
    patient = await find_patient(viewer, patient_id)
    guardian = _linked_guardian(patient, guardian_id)
    if guardian is None:
        raise GuardianNotFound()
    guardian.unlinked_at = utc_now()
    _settle_primary(patient.guardians)
    await commit(patient)
    await audit_patient(viewer, "guardian.remove", patient, ["guardians"])
