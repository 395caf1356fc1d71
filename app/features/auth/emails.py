"""The texts of account emails (verification, reset, invitation, notices)."""

from html import escape
from urllib.parse import quote

from app.config import get_settings
from app.core.email import OutgoingEmail


def _link(path: str, token: str) -> str:
    return f"{get_settings().frontend_url.rstrip('/')}/{path}?token={quote(token)}"


def _email(to: str, subject: str, lines: list[str], link: str | None = None) -> OutgoingEmail:
    text = "\n\n".join([*lines, link] if link else lines)
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if link:
        paragraphs += f'<p><a href="{escape(link)}">{escape(link)}</a></p>'
    html = f"<html><body>{paragraphs}</body></html>"
    return OutgoingEmail(to=to, subject=subject, text=text, html=html)


def verification(to: str, name: str, token: str) -> OutgoingEmail:
    """Asks a new user to confirm their address."""
    return _email(
        to,
        "Confirm your email address",
        [f"Hello {name},", "Please confirm your email address for Health Passport:"],
        _link("verify-email", token),
    )


def password_reset(to: str, name: str, token: str) -> OutgoingEmail:
    """Carries a one-hour password reset link."""
    return _email(
        to,
        "Reset your password",
        [
            f"Hello {name},",
            "Someone asked to reset your Health Passport password. The link works once, "
            "within one hour. If it was not you, ignore this email.",
        ],
        _link("reset-password", token),
    )


def password_changed(to: str, name: str) -> OutgoingEmail:
    """Tells a user their password was changed and other sessions ended."""
    return _email(
        to,
        "Your password was changed",
        [
            f"Hello {name},",
            "Your Health Passport password was just changed and your other sessions were "
            "signed out. If this was not you, contact your clinic at once.",
        ],
    )


def staff_invitation(to: str, name: str, clinic_name: str, role: str, token: str) -> OutgoingEmail:
    """Invites a person to join a clinic's staff; valid seven days."""
    return _email(
        to,
        f"You are invited to {clinic_name} on Health Passport",
        [
            f"Hello {name},",
            f"You have been invited to join {clinic_name} as {role}. "
            "The invitation is valid for seven days.",
        ],
        _link("accept-invite", token),
    )
