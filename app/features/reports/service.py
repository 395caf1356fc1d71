"""Reports: a few aggregation queries per report, whatever the clinic's size."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from beanie import PydanticObjectId

from app.core import audit
from app.core.audit import Actor, ClinicActor
from app.core.errors import UnprocessableEntity
from app.features.immunizations import clinic_figures, forecasts
from app.features.milestones import service as milestones_service
from app.features.patients import service as patients_service
from app.features.reports.schemas import (
    Coverage,
    CoverageIndicator,
    DoseCount,
    DosesAdministered,
    Summary,
)
from app.shared.time import latest_birth_date_at_age


@dataclass(frozen=True)
class Indicator:
    """An indicator: children with `min_doses` valid doses of a group, or a finished series."""

    name: str
    vaccine_group: str
    min_doses: int = 1
    complete: bool = False
    birth_dose: bool = False


# WHO/UNICEF estimates of national immunization coverage (WUENIC) indicators.
WHO_INDICATORS = (
    Indicator("BCG", "BCG"),
    Indicator("HepB-birth", "HepB", birth_dose=True),
    Indicator("DTP1", "DTP"),
    Indicator("DTP3", "DTP", min_doses=3),
    Indicator("Polio3", "Polio", min_doses=3),
    Indicator("PCV3", "Pneumococcal", min_doses=3),
    Indicator("Rota-last", "Rotavirus", complete=True),
    Indicator("MCV1", "Measles"),
    Indicator("MCV2", "Measles", min_doses=2),
)
# The DTP-containing group of each schedule, for the DTP1-to-DTP3 dropout rate.
DTP_GROUPS = {"who": "DTP", "cdc-acip": "DTaP/Tdap/Td"}
# ASCII digits and a full match: `\d` takes any Unicode digit and `$` a trailing newline, and
# the cohort ends up in the CSV download's Content-Disposition header.
_BORN_IN = re.compile(r"born:([0-9]{4})")


def cohort_bounds(cohort: str, as_of: date) -> tuple[date, date]:
    """First and last birth dates of a cohort: `12-23m`, `24-35m` or `born:YYYY`."""
    ages = {"12-23m": (12, 23), "24-35m": (24, 35)}
    if cohort in ages:
        youngest, oldest = ages[cohort]
        first_born = latest_birth_date_at_age(as_of, oldest + 1) + timedelta(days=1)
        return first_born, latest_birth_date_at_age(as_of, youngest)
    found = _BORN_IN.fullmatch(cohort)
    if found and 1900 <= int(found.group(1)) <= as_of.year:
        year = int(found.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    raise UnprocessableEntity(
        "cohort must be 12-23m, 24-35m or born:YYYY", details={"cohort": cohort}
    )


def _indicators(schedule_code: str, groups: list[str]) -> list[Indicator]:
    if schedule_code == "who":
        return list(WHO_INDICATORS)
    # Other schedules: the first dose and the finished series of each vaccine group.
    return [
        indicator
        for group in groups
        for indicator in (
            Indicator(f"{group} first dose", group),
            Indicator(f"{group} last dose", group, complete=True),
        )
    ]


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


async def coverage(*, clinic_id: PydanticObjectId, as_of: date | None, cohort: str) -> Coverage:
    """Coverage of a birth cohort: one count and one aggregation, both bounded by the cohort."""
    schedule, today = await forecasts.clinic_schedule(clinic_id)
    day = as_of or today
    born_from, born_to = cohort_bounds(cohort, day)
    eligible = await patients_service.count_active_children(
        clinic_id=clinic_id, born_from=born_from, born_to=born_to
    )
    by_group = await clinic_figures.cohort_progress(
        clinic_id=clinic_id, born_from=born_from, born_to=born_to
    )

    def vaccinated(indicator: Indicator) -> int:
        row = by_group.get(indicator.vaccine_group, {})
        if indicator.complete:
            return int(row.get("complete", 0))
        if indicator.birth_dose:
            return int(row.get("birth_dose", 0))
        return int(row.get(f"at_least_{min(indicator.min_doses, 4)}", 0))

    indicators = [
        CoverageIndicator(
            indicator=i.name,
            vaccine_group=i.vaccine_group,
            eligible=eligible,
            vaccinated=vaccinated(i),
            coverage_pct=_pct(vaccinated(i), eligible),
        )
        for i in _indicators(schedule.code, list(schedule.vaccine_groups))
    ]
    dtp = by_group.get(DTP_GROUPS.get(schedule.code, ""), {})
    dtp1, dtp3 = int(dtp.get("at_least_1", 0)), int(dtp.get("at_least_3", 0))
    return Coverage(
        as_of=day,
        cohort=cohort,
        born_from=born_from,
        born_to=born_to,
        schedule=schedule.code,
        eligible=eligible,
        indicators=indicators,
        dropout_dtp1_dtp3_pct=_pct(dtp1 - dtp3, dtp1) if dtp1 else None,
    )


async def doses_administered(
    *, clinic_id: PydanticObjectId, date_from: date | None, date_to: date | None, group_by: str
) -> DosesAdministered:
    """Doses given at the clinic, by month or by vaccine group (one aggregation)."""
    _, today = await forecasts.clinic_schedule(clinic_id)
    end = date_to or today
    start = date_from or end - timedelta(days=365)
    if start > end:
        raise UnprocessableEntity("from is after to", details={"from": start, "to": end})
    if group_by == "vaccine_group":
        counts = await clinic_figures.doses_given_by_group(
            clinic_id=clinic_id, first=start, last=end
        )
        # A dose of a combination vaccine counts in each of its groups, and once in the total.
        total = await clinic_figures.doses_given(clinic_id=clinic_id, first=start, last=end)
    else:
        counts = await clinic_figures.doses_given_by_month(
            clinic_id=clinic_id, first=start, last=end
        )
        total = sum(counts.values())
    return DosesAdministered(
        date_from=start,
        date_to=end,
        group_by=group_by,
        total=total,
        rows=[DoseCount(key=key, doses=counts[key]) for key in sorted(counts)],
    )


async def audit_export(*, viewer: Actor, report: str, query: Mapping[str, object]) -> None:
    """Audit a report's CSV download: one event naming the report and the parameters given."""
    await audit.record_bulk_read(f"reports.{report}.export", actor=viewer, query=query)


async def summary(*, viewer: ClinicActor, as_of: date | None) -> Summary:
    """The clinic at a glance: a handful of indexed counts, whatever the clinic's size."""
    clinic_id = viewer.clinic_id
    _, today = await forecasts.clinic_schedule(clinic_id)
    day = as_of or today
    active = await patients_service.count_active_children(clinic_id=clinic_id)
    due = await clinic_figures.due_counts(clinic_id=clinic_id, day=day)
    given = await clinic_figures.doses_given(
        clinic_id=clinic_id, first=day - timedelta(days=29), last=day
    )
    concerns = await milestones_service.count_concerns(viewer=viewer)
    return Summary(
        as_of=day,
        active_patients=active,
        up_to_date_pct=_pct(active - due.overdue, active) if active else 100.0,
        due_next_30_days=due.due_soon,
        overdue=due.overdue,
        doses_administered_last_30_days=given,
        children_with_milestone_concerns=concerns,
    )
