"""The reminder emails: branded HTML and plain text, with a one-click opt-out link."""

from dataclasses import dataclass
from datetime import date
from html import escape

from app.config import get_settings
from app.core.email import OutgoingEmail
from app.features.clinic.models import Clinic
from app.features.notifications.preferences import unsubscribe_token


@dataclass(frozen=True)
class DueDose:
    """One dose a reminder speaks of."""

    vaccine_group: str
    dose_number: int | None
    on: date
    overdue: bool


def _line(dose: DueDose) -> str:
    number = f" dose {dose.dose_number}" if dose.dose_number else ""
    when = "was due on" if dose.overdue else "is due on"
    return f"{dose.vaccine_group}{number} {when} {dose.on.strftime('%d %B %Y')}"


def dose_reminder(
    clinic: Clinic, to: str, child_first_name: str, doses: list[DueDose]
) -> OutgoingEmail:
    """Tells a guardian which vaccines the child is due or overdue for, and when."""
    overdue = any(d.overdue for d in doses)
    subject = (
        f"{child_first_name} is overdue for vaccinations"
        if overdue
        else f"{child_first_name} has vaccinations coming up"
    )
    lines = [_line(d) for d in doses]
    intro = f"{clinic.name} reminds you about {child_first_name}'s vaccinations:"
    return _branded(clinic, to, subject, intro, lines)


def milestone_checklist(
    clinic: Clinic, to: str, child_first_name: str, age_months: int
) -> OutgoingEmail:
    """Invites a guardian to fill in the child's milestone checklist for this age."""
    subject = f"{child_first_name}'s {age_months}-month milestone checklist"
    intro = (
        f"{child_first_name} has reached {age_months} months. {clinic.name} invites you to "
        "fill in the developmental milestone checklist for this age in the parent portal."
    )
    return _branded(clinic, to, subject, intro, [])


def _branded(clinic: Clinic, to: str, subject: str, intro: str, lines: list[str]) -> OutgoingEmail:
    settings = get_settings()
    opt_out = f"{settings.frontend_url.rstrip('/')}/unsubscribe?token={unsubscribe_token(to)}"
    contact = f"Questions? Call {clinic.name} on {clinic.phone}." if clinic.phone else ""
    text = "\n".join(
        [
            intro,
            "",
            *[f"- {line}" for line in lines],
            "",
            contact,
            "",
            f"Stop these reminders: {opt_out}",
        ]
    )
    logo = (
        f'<img src="{escape(clinic.logo_url)}" alt="{escape(clinic.name)}" height="48"><br>'
        if clinic.logo_url
        else ""
    )
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    html = (
        f'<html><body style="font-family:sans-serif">'
        f'<div style="border-top:6px solid {escape(clinic.primary_color)};padding:16px">'
        f"{logo}<h2>{escape(clinic.name)}</h2><p>{escape(intro)}</p>"
        f"{f'<ul>{items}</ul>' if items else ''}<p>{escape(contact)}</p>"
        f'<p style="font-size:small"><a href="{escape(opt_out)}">Stop these reminders</a></p>'
        f"</div></body></html>"
    )
    return OutgoingEmail(to=to, subject=subject, text=text, html=html)
