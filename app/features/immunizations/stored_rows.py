"""What is stored of a child's forecast: rows per vaccine group, group progress, due status."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.features.immunizations import due_rules
from app.features.immunizations.models import (
    ChildDueStatus,
    ForecastEntry,
    GroupProgress,
    ImmunizationRecord,
    StatusSpan,
)
from app.features.patients.models import Patient
from app.features.schedules.engine.model import Schedule
from app.features.schedules.schemas import ForecastResponse


@dataclass(frozen=True)
class ChildRows:
    """Everything stored for one child after an engine run."""

    entries: list[ForecastEntry]
    progress: list[GroupProgress]
    due_status: ChildDueStatus


def child_rows(
    patient: Patient,
    schedule: Schedule,
    response: ForecastResponse,
    counted: list[ImmunizationRecord],
    today: date,
) -> ChildRows:
    """The stored rows of one child from the engine's answer as of `today`."""
    entries = _entries(patient, schedule, response, today)
    return ChildRows(
        entries=entries,
        progress=_progress(patient, response, counted, today),
        due_status=_due_status(patient, entries, today),
    )


def _entries(
    patient: Patient, schedule: Schedule, response: ForecastResponse, today: date
) -> list[ForecastEntry]:
    assert patient.id is not None
    return [
        ForecastEntry(
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
            patient_active=patient.status == "active",
            schedule_code=schedule.code,
            vaccine_group=group.vaccine_group,
            dose_number=group.forecast.dose_number,
            earliest_date=group.forecast.earliest_date,
            recommended_date=group.forecast.recommended_date,
            past_due_date=group.forecast.past_due_date,
            latest_date=group.forecast.latest_date,
            overdue_sort_key=group.forecast.past_due_date or date.max,
            computed_on=today,
        )
        for group in response.vaccine_groups
        if group.forecast is not None
    ]


def _progress(
    patient: Patient, response: ForecastResponse, counted: list[ImmunizationRecord], today: date
) -> list[GroupProgress]:
    assert patient.id is not None
    valid_dates: dict[str, list[date]] = defaultdict(list)
    for record, dose in zip(counted, response.doses, strict=True):
        statuses: dict[str, set[str]] = defaultdict(set)
        for evaluation in dose.evaluations:
            statuses[evaluation.vaccine_group].add(evaluation.status)
        # A dose counts for a group when every antigen of the group found it valid.
        for group_name, seen in statuses.items():
            if seen == {"valid"}:
                valid_dates[group_name].append(record.date_administered)
    rows = []
    for group in response.vaccine_groups:
        dates = valid_dates.get(group.vaccine_group, [])
        if not dates and group.status == "not_recommended":
            continue
        first = min(dates, default=None)
        rows.append(
            GroupProgress(
                clinic_id=patient.clinic_id,
                patient_id=patient.id,
                patient_active=patient.status == "active",
                date_of_birth=patient.date_of_birth,
                vaccine_group=group.vaccine_group,
                status=group.status,
                valid_doses=len(dates),
                first_valid_date=first,
                birth_dose_timely=first is not None and (first - patient.date_of_birth).days <= 1,
                computed_on=today,
            )
        )
    return rows


def _due_status(patient: Patient, entries: list[ForecastEntry], today: date) -> ChildDueStatus:
    # From the stored rows themselves, so the counts and the due list can never disagree.
    spans = due_rules.status_spans(entries, due_rules.DUE_SOON_DAYS)
    return ChildDueStatus(
        id=patient.id,
        clinic_id=patient.clinic_id,
        patient_active=patient.status == "active",
        spans=[StatusSpan(status=status, starts=first, ends=last) for status, first, last in spans],
        computed_on=today,
    )
