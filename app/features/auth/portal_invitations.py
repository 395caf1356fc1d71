"""Portal invitations: a clinic offers a guardian's address access to a child; only the
account that owns the address can take it.

An invitation is a single-use emailed token (purpose `invite`, role `parent`) naming the child
and the guardian entry. A new address takes it by creating its account (`service.
accept_invitation`); an existing parent account takes it while signed in, with the emailed
token or from its list of pending invitations. Nothing here reveals whether an address has an
account: a clinic's invitation is issued the same way to every address.
"""

from datetime import timedelta

from beanie import PydanticObjectId

from app.features.auth import action_tokens
from app.features.auth.exceptions import InvitationForAnotherAccount, InvitationNotFound
from app.features.auth.models import ActionToken, User
from app.shared.ids import parse_id

PORTAL_INVITATION_LIFETIME = timedelta(days=7)


def is_portal_invitation(record: ActionToken) -> bool:
    """Whether an `invite` token offers a parent access to a child (not a staff post)."""
    return record.payload.get("role") == "parent" and "guardian_id" in record.payload


async def issue(
    *, email: str, clinic_id: PydanticObjectId, patient_id: str, guardian_id: str
) -> str:
    """A fresh invitation for one guardian entry (its earlier ones are withdrawn); the secret."""
    await withdraw(guardian_id=guardian_id)
    token, _ = await action_tokens.create(
        "invite",
        email=email,
        clinic_id=clinic_id,
        lifetime=PORTAL_INVITATION_LIFETIME,
        payload={"role": "parent", "patient_id": patient_id, "guardian_id": guardian_id},
    )
    return token


async def withdraw(*, guardian_id: str) -> None:
    """Make every pending invitation of a guardian entry unusable (removed, or new address)."""
    await action_tokens.spend_matching("invite", **{"payload.guardian_id": guardian_id})


async def pending_for(user: User) -> list[ActionToken]:
    """The unused, unexpired portal invitations addressed to a parent's email, newest first."""
    if user.role != "parent":
        return []
    found = await action_tokens.find_pending(
        "invite", email=user.email, **{"payload.role": "parent"}
    )
    return [record for record in found if is_portal_invitation(record)]


async def take_by_token(user: User, token: str) -> ActionToken:
    """Use an emailed invitation as the signed-in parent it was sent to; refused for others."""
    record = await action_tokens.peek("invite", token)
    # Checked before the token is used, so a wrong account does not spend the owner's link.
    if not is_portal_invitation(record) or user.role != "parent" or record.email != user.email:
        raise InvitationForAnotherAccount()
    return await action_tokens.consume_record(record)


async def take_by_id(user: User, invitation_id: str) -> ActionToken:
    """Use one of the signed-in parent's pending invitations; any other id is unknown (404)."""
    wanted = parse_id(invitation_id, InvitationNotFound)
    record = next((r for r in await pending_for(user) if r.id == wanted), None)
    if record is None:
        raise InvitationNotFound()
    return await action_tokens.consume_record(record)
