"""The texts of the patient portal's emails."""

from app.config import get_settings
from app.core.email import OutgoingEmail, compose, frontend_link


def portal_invitation(
    to: str, guardian_name: str, child_first_name: str, clinic_name: str, token: str
) -> OutgoingEmail:
    """Invites a guardian to the patient portal; valid seven days, the same text for everyone."""
    return compose(
        to,
        f"Follow {child_first_name}'s health passport",
        [
            f"Hello {guardian_name},",
            f"{clinic_name} invites you to follow {child_first_name}'s vaccinations and "
            "milestones in the Health Passport portal. The link is valid for seven days.",
            "If you already have a Health Passport account, sign in first: the invitation is "
            "also waiting in your portal. If you were not expecting it, ignore this email and "
            "nothing will be shared with you.",
        ],
        frontend_link(get_settings(), "accept-invite", token),
    )
