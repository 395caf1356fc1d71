"""The clinic's due and overdue worklist, answered from the stored forecast dates."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.core import audit
from app.core.audit import ClinicActor
from app.features.immunizations import due_rules, repository
from app.features.immunizations.forecasts import clinic_schedule
from app.features.immunizations.models import ForecastEntry
from app.features.immunizations.schemas import GuardianContact
from app.features.patients import service as patients_service
from app.features.patients.models import Guardian, Patient
from app.shared.time import calendar_age

CSV_ROW_LIMIT = 50_000
NO_GUARDIAN = GuardianContact(name=None, phone=None, email=None)


@dataclass(frozen=True)
class DueItem:
    """One child's next dose of one vaccine group, with the child and their primary guardian.

    Its attribute names are the API row's (`DueRow.model_validate(item)`).
    """

    entry: ForecastEntry
    child: Patient
    primary_guardian: Guardian | GuardianContact
    age_months: int
    days_overdue: int
    status: due_rules.DoseStatus

    @property
    def vaccine_group(self) -> str:
        """The vaccine group of the dose."""
        return self.entry.vaccine_group

    @property
    def dose_number(self) -> int | None:
        """Which dose of the series is next."""
        return self.entry.dose_number

    @property
    def recommended_date(self) -> date | None:
        """When the dose is recommended."""
        return self.entry.recommended_date

    @property
    def past_due_date(self) -> date | None:
        """From when the dose is late."""
        return self.entry.past_due_date


def _conditions(
    today: date,
    date_from: date | None,
    date_to: date,
    status: due_rules.DoseStatus | None,
    vaccine_group: str | None,
) -> list[dict[str, Any]]:
    # Every condition is on a field of the (clinic, active, overdue sort key, ...) index.
    overdue = due_rules.overdue_on(today)
    due = due_rules.due_between(today, date_to, since=date_from)
    wanted = {"overdue": overdue, "due": due}.get(status or "", {"$or": [overdue, due]})
    conditions = [due_rules.still_givable(today), wanted]
    if vaccine_group:
        conditions.append({"vaccine_group": vaccine_group})
    return conditions


async def due_list(
    *,
    viewer: ClinicActor,
    date_from: date | None,
    date_to: date | None,
    status: due_rules.DoseStatus | None,
    vaccine_group: str | None,
    page: int,
    size: int,
    audit_action: str,
    as_of: date | None = None,
) -> tuple[list[DueItem], int, date]:
    """Children due by `to` (default: in 30 days) or overdue today, most overdue first.

    Two indexed queries whatever the clinic's size: the page of forecast rows, then its children.
    The read (names and guardian contacts of many children) is audited as `audit_action`.
    """
    clinic_id = viewer.clinic_id
    _, clinic_today = await clinic_schedule(clinic_id)
    today = as_of or clinic_today
    end = date_to or today + timedelta(days=due_rules.DUE_SOON_DAYS)
    conditions = _conditions(today, date_from, end, status, vaccine_group)
    entries, total = await repository.active_entries_page(clinic_id, conditions, page, size)
    children = await patients_service.children_of_clinic(
        clinic_id=clinic_id, patient_ids=list({e.patient_id for e in entries})
    )
    items = _items(entries, {c.id: c for c in children}, today)
    await audit.record_bulk_read(
        audit_action,
        actor=viewer,
        query={
            "from": date_from,
            "to": date_to,
            "status": status,
            "vaccine_group": vaccine_group,
            "as_of": as_of,
        },
    )
    return items, total, today


def _items(
    entries: list[ForecastEntry], children: dict[Any, Patient], today: date
) -> list[DueItem]:
    items = []
    for entry in entries:
        child = children.get(entry.patient_id)
        status = due_rules.dose_status(entry, today, date.max)
        if child is None or status is None:
            continue
        years, months, _ = calendar_age(child.date_of_birth, today)
        late = entry.past_due_date
        items.append(
            DueItem(
                entry=entry,
                child=child,
                primary_guardian=next(
                    (g for g in child.active_guardians if g.is_primary), NO_GUARDIAN
                ),
                age_months=years * 12 + months,
                days_overdue=(today - late).days if status == "overdue" and late else 0,
                status=status,
            )
        )
    return items
