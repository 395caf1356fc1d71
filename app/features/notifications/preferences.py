"""Email preferences per address, and the signed one-click unsubscribe token."""

import base64
import hashlib
import hmac

from app.config import get_settings
from app.features.notifications.exceptions import InvalidUnsubscribeToken
from app.features.notifications.models import EmailPreference
from app.shared.time import utc_now


def _signature(email: str) -> str:
    key = get_settings().jwt_secret_key.encode()
    digest = hmac.new(key, b"unsubscribe:" + email.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def unsubscribe_token(email: str) -> str:
    """A stateless token that proves the holder received mail at `email`."""
    encoded = base64.urlsafe_b64encode(email.lower().encode()).rstrip(b"=").decode()
    return f"{encoded}.{_signature(email.lower())}"


def email_of_token(token: str) -> str:
    """The address an unsubscribe token was issued for; InvalidUnsubscribeToken otherwise."""
    encoded, _, signature = token.partition(".")
    try:
        email = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise InvalidUnsubscribeToken() from None
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (a forged token).
    if not email or not hmac.compare_digest(signature.encode(), _signature(email).encode()):
        raise InvalidUnsubscribeToken()
    return email


async def preference_of(email: str) -> EmailPreference:
    """The stored preference of an address, or the default (all reminders)."""
    found = await EmailPreference.find_one({"email": email.lower()})
    return found or EmailPreference(email=email.lower())


async def opted_in(emails: list[str]) -> dict[str, EmailPreference]:
    """The preferences of several addresses in one query (defaults for those never stored).

    Keyed by the lower-cased address, the way preferences are stored.
    """
    wanted = sorted({e.lower() for e in emails})
    if not wanted:
        return {}
    found = await EmailPreference.find({"email": {"$in": wanted}}).to_list()
    stored = {p.email: p for p in found}
    return {e: stored.get(e) or EmailPreference(email=e) for e in wanted}


async def set_preference(email: str, *, dose: bool, milestone: bool) -> EmailPreference:
    """Store what reminder mail an address accepts."""
    await EmailPreference.get_motor_collection().update_one(
        {"email": email.lower()},
        {
            "$set": {
                "email_dose_reminders": dose,
                "email_milestone_reminders": milestone,
                "updated_at": utc_now(),
            }
        },
        upsert=True,
    )
    return await preference_of(email)


async def unsubscribe(token: str) -> str:
    """Turn off every reminder email for the token's address; returns the address."""
    email = email_of_token(token)
    await set_preference(email, dose=False, milestone=False)
    return email
