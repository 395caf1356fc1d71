"""A clinic's staff: listing, invitations, role and activation changes."""

from datetime import timedelta
from typing import Literal

from beanie import PydanticObjectId

from app.config import get_settings
from app.core import audit
from app.core.email import send_email_safely
from app.core.security import hash_password
from app.features.auth import action_tokens, emails, repository, sessions
from app.features.auth.exceptions import EmailInUse, LastAdmin, UserNotFound
from app.features.auth.models import ActionToken, User

INVITATION_LIFETIME = timedelta(days=7)
StaffRole = Literal["admin", "staff"]


async def list_staff(
    *, clinic_id: PydanticObjectId, page: int, size: int
) -> tuple[list[User], int]:
    """A page of the clinic's admins and staff, by name, and the total."""
    return await repository.staff_page(clinic_id=clinic_id, page=page, size=size)


async def invite_staff(
    *,
    clinic_id: PydanticObjectId,
    clinic_name: str,
    email: str,
    name: str,
    role: StaffRole,
    actor: audit.Actor,
) -> ActionToken:
    """Email a seven-day invitation to join the clinic (named in the email) as admin or staff."""
    if await repository.user_by_email(email):
        raise EmailInUse()
    token, record = await action_tokens.create(
        "invite",
        email=email,
        clinic_id=clinic_id,
        lifetime=INVITATION_LIFETIME,
        payload={"role": role, "name": name},
    )
    await send_email_safely(
        get_settings(),
        emails.staff_invitation(email, name, clinic_name, role, token),
        kind="staff_invitation",
        clinic_id=clinic_id,
    )
    await audit.record(
        "staff.invite", actor=actor, target_type="invitation", target_id=record.id, fields=["role"]
    )
    return record


async def update_staff(
    *,
    clinic_id: PydanticObjectId,
    user_id: PydanticObjectId,
    role: StaffRole | None,
    is_active: bool | None,
    actor: audit.Actor,
) -> User:
    """Change a staff member's role or activation; the last active admin is kept."""
    user = await repository.staff_member(clinic_id=clinic_id, user_id=user_id)
    if user is None:
        raise UserNotFound()
    new_role = role if role is not None else user.role
    new_active = is_active if is_active is not None else user.is_active
    loses_admin = (
        user.role == "admin" and user.is_active and (new_role != "admin" or not new_active)
    )
    if loses_admin and not await repository.has_other_active_admin(
        clinic_id=clinic_id, user_id=user_id
    ):
        raise LastAdmin()
    changed = [
        k for k, v in (("role", new_role), ("is_active", new_active)) if getattr(user, k) != v
    ]
    if not changed:
        return user
    user.role, user.is_active = new_role, new_active
    await user.save()
    if not new_active:
        await sessions.revoke_user_sessions(user_id, reason="deactivated")
    action = "staff.role_change" if "role" in changed else "staff.activation_change"
    await audit.record(action, actor=actor, target_type="user", target_id=user_id, fields=changed)
    return user


async def create_staff_member(
    *, clinic_id: PydanticObjectId, email: str, name: str, password: str
) -> User:
    """Create a verified staff account directly (seeding and scripts, not the API)."""
    if await repository.user_by_email(email):
        raise EmailInUse()
    user = User(
        email=email.lower(),
        name=name,
        role="staff",
        clinic_id=clinic_id,
        password_hash=hash_password(password),
        is_verified=True,
    )
    await user.insert()
    return user
