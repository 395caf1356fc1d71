"""The texts of the patient portal's emails."""

from app.config import get_settings
from app.core.email import OutgoingEmail, compose, frontend_link


def portal_invitation(
    to: str, guardian_name: str, child_first_name: str, clinic_name: str, token: str
) -> OutgoingEmail:
    """Invites a guardian to the patient portal; valid seven days."""
    return compose(
        to,
        f"Follow {child_first_name}'s health passport",
        [
            f"Hello {guardian_name},",
            f"{clinic_name} invites you to follow {child_first_name}'s vaccinations and "
            "milestones in the Health Passport portal. The link is valid for seven days.",
        ],
        frontend_link(get_settings(), "accept-invite", token),
    )


def child_linked(
    to: str, guardian_name: str, child_first_name: str, clinic_name: str
) -> OutgoingEmail:
    """Tells an existing parent account that a child was added to it."""
    return compose(
        to,
        f"{child_first_name} was added to your Health Passport account",
        [
            f"Hello {guardian_name},",
            f"{clinic_name} has added {child_first_name} to your account. "
            "Sign in to see the record.",
        ],
    )
