"""Schedule logic: the shipped schedules, their vaccines, and stateless forecasts."""

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from beanie import PydanticObjectId

from app.features.clinic import service as clinic_service
from app.features.clinic.models import DEFAULT_OVERDUE_AFTER_DAYS
from app.features.schedules import engine
from app.features.schedules.describe import duration_text, interval_text
from app.features.schedules.engine.loader import DATA_DIR
from app.features.schedules.engine.model import Antigen, Schedule, Series, TargetDose
from app.features.schedules.exceptions import (
    InvalidDoseDate,
    ScheduleNotFound,
    UnknownObservation,
    UnknownVaccine,
)
from app.features.schedules.schemas import (
    AntigenEvaluation,
    AntigenRules,
    DoseResult,
    DoseRule,
    ForecastResponse,
    NextDose,
    ObservationRead,
    PastDueRule,
    ScheduleDetail,
    ScheduleSummary,
    SeriesRule,
    VaccineGroupForecast,
    VaccineGroupRules,
    VaccineRead,
)
from app.shared.schedule_codes import KNOWN_SCHEDULE_CODES

# Schedules whose data gives a past-due age wherever one applies: the CDC CDSi supporting data
# leaves it out on purpose (e.g. adult doses), so no other rule fills it in. Any other schedule
# (the WHO data has past-due ages for only a few doses) takes the clinic's `overdue_after_days`.
SCHEDULE_PAST_DUE_ONLY = frozenset({"cdc-acip"})


@dataclass(frozen=True)
class DoseInput:
    """A dose of a child's history, as the service takes it."""

    date_administered: date
    cvx: str
    mvx: str | None = None
    sub_standard: bool = False  # e.g. given after its expiration date: never a valid dose


def get_schedule(code: str) -> Schedule:
    """The loaded schedule with this code, or ScheduleNotFound."""
    if code not in KNOWN_SCHEDULE_CODES:
        raise ScheduleNotFound(code, list(KNOWN_SCHEDULE_CODES))
    try:
        return engine.load_schedule(code)
    except KeyError:
        raise ScheduleNotFound(code, list(KNOWN_SCHEDULE_CODES)) from None


async def overdue_after_days_of(clinic_id: PydanticObjectId | None) -> int:
    """The clinic's `overdue_after_days` setting (the default for a caller without a clinic)."""
    if clinic_id is None:
        return DEFAULT_OVERDUE_AFTER_DAYS
    clinic = await clinic_service.get_clinic(clinic_id=clinic_id)
    return clinic.overdue_after_days


def available_schedules() -> list[Schedule]:
    """Every shipped schedule whose data file is present."""
    schedules = []
    for code in KNOWN_SCHEDULE_CODES:
        try:
            schedules.append(engine.load_schedule(code))
        except KeyError:
            continue
    return schedules


def summary(schedule: Schedule) -> ScheduleSummary:
    """A schedule's code, name, source, version and vaccine groups."""
    return ScheduleSummary(
        code=schedule.code,
        name=schedule.name,
        source=schedule.source,
        version=schedule.version,
        vaccine_groups=list(schedule.vaccine_groups),
    )


def _dose_rule(dose: TargetDose) -> DoseRule:
    age = dose.ages[-1] if dose.ages else None
    return DoseRule(
        dose_number=dose.number,
        absolute_minimum_age=duration_text(age.abs_min) if age else None,
        minimum_age=duration_text(age.min) if age else None,
        earliest_recommended_age=duration_text(age.earliest_rec) if age else None,
        latest_recommended_age=duration_text(age.latest_rec) if age else None,
        maximum_age=duration_text(age.max) if age else None,
        intervals=[interval_text(rule) for rule in dose.intervals],
        preferable_vaccines=sorted({v.cvx for v in dose.preferable}),
        allowable_vaccines=sorted({v.cvx for v in dose.allowable}),
        recurring=dose.recurring,
    )


def _series_rule(series: Series) -> SeriesRule:
    return SeriesRule(
        name=series.name,
        type=series.type,
        default=series.default,
        doses=[_dose_rule(d) for d in series.doses],
    )


def detail(schedule: Schedule) -> ScheduleDetail:
    """A schedule's groups, antigens, series and dose rules in readable form."""
    groups = [
        VaccineGroupRules(
            name=group.name,
            antigens=[
                AntigenRules(name=name, series=[_series_rule(s) for s in antigen.series])
                for name in group.antigens
                if (antigen := schedule.antigens.get(name)) is not None
            ],
        )
        for group in schedule.vaccine_groups.values()
    ]
    return ScheduleDetail(
        **summary(schedule).model_dump(exclude={"vaccine_groups"}), vaccine_groups=groups
    )


def vaccines(schedule: Schedule) -> list[VaccineRead]:
    """The vaccines (CVX) the schedule knows, by code."""
    return [
        VaccineRead(
            cvx=cvx.code,
            name=cvx.name,
            antigens=sorted({a.antigen for a in cvx.antigens}),
            vaccine_group=cvx.vaccine_groups[0] if cvx.vaccine_groups else None,
            vaccine_groups=list(cvx.vaccine_groups),
        )
        for cvx in sorted(schedule.cvx.values(), key=lambda c: (len(c.code), c.code))
    ]


def check_doses(
    schedule: Schedule, *, date_of_birth: date, assessment_date: date, doses: list[DoseInput]
) -> None:
    """Refuse unknown CVX codes and dose dates outside [birth, assessment date] (422)."""
    if assessment_date < date_of_birth:
        raise InvalidDoseDate("assessment_date is before date_of_birth")
    unknown = sorted({d.cvx for d in doses if d.cvx not in schedule.cvx})
    if unknown:
        raise UnknownVaccine(unknown, sorted(schedule.cvx, key=lambda c: (len(c), c)))
    for index, dose in enumerate(doses):
        if dose.date_administered < date_of_birth:
            raise InvalidDoseDate(f"dose {index} is dated before birth", details={"index": index})
        if dose.date_administered > assessment_date:
            raise InvalidDoseDate(
                f"dose {index} is dated after the assessment date", details={"index": index}
            )


_OBSERVATIONS: dict[str, dict[str, str]] = {}
_REFERENCED: dict[str, dict[str, frozenset[str]]] = {}


def observation_catalog(schedule: Schedule) -> dict[str, str]:
    """Code -> text of every observation the schedule's supporting data defines (may be none)."""
    known = _OBSERVATIONS.get(schedule.code)
    if known is None:
        # Written by scripts/convert_observations.py (cdc-acip) and scripts/convert_who.py
        # (who); a schedule without such a file defines no observation.
        path = DATA_DIR / f"{schedule.code}.observations.json"
        raw: dict[str, Any] = json.loads(path.read_text()) if path.is_file() else {}
        known = {o["code"]: o["text"] for o in raw.get("observations", ())}
        _OBSERVATIONS[schedule.code] = known
    return known


def observations(schedule: Schedule) -> list[ObservationRead]:
    """The observations that can be recorded for a child under this schedule, by code."""
    return [ObservationRead(code=c, text=t) for c, t in observation_catalog(schedule).items()]


def check_observations(schedule: Schedule, codes: Collection[str]) -> None:
    """Refuse observation codes the schedule does not define (422)."""
    unknown = sorted(set(codes) - observation_catalog(schedule).keys())
    if unknown:
        raise UnknownObservation(unknown)


def _antigen_observations(antigen: Antigen) -> frozenset[str]:
    # Every place the CDSi data lets an observation act on an antigen: immunity (and its
    # birth-date exclusions), contraindications of the antigen or of some vaccines, risk
    # series' indications, and intervals counted from an observation.
    codes = set(antigen.immunity_observations) | set(antigen.immunity_birth_exclusions)
    codes |= {c.code for c in antigen.contraindications + antigen.vaccine_contraindications}
    for series in antigen.series:
        codes |= {i.code for i in series.indications}
        for target in series.doses:
            codes |= {r.from_observation for r in target.intervals if r.from_observation}
    return frozenset(codes)


def group_observations(schedule: Schedule) -> dict[str, frozenset[str]]:
    """Per vaccine group, the observation codes its antigens' data refers to."""
    known = _REFERENCED.get(schedule.code)
    if known is None:
        known = {
            name: frozenset().union(
                *(
                    _antigen_observations(schedule.antigens[a])
                    for a in g.antigens
                    if a in schedule.antigens
                )
            )
            for name, g in schedule.vaccine_groups.items()
        }
        _REFERENCED[schedule.code] = known
    return known


def _outcome(group: engine.GroupResult) -> tuple[object, ...]:
    """What a group's result says, as one comparable value (status, series, dates, doses)."""
    f = group.forecast
    doses = sorted(
        (i, e.status, e.reason, e.target_dose, e.series) for i, e in group.evaluations.items()
    )
    dates = (f.earliest, f.recommended, f.past_due, f.latest)
    return (f.status, f.dose_number, *dates, f.series, f.vaccine_types, tuple(doses))


def _changed_groups(first: engine.Result, second: engine.Result) -> set[str]:
    return {
        name
        for name, group in first.groups.items()
        if _outcome(group) != _outcome(second.groups[name])
    }


def conditions_by_group(
    schedule: Schedule,
    result: engine.Result,
    run: Any,
    given: frozenset[str],
) -> dict[str, list[str]]:
    """Per vaccine group, the observations that changed its status or series.

    The engine does not say which observation it acted on, so this compares its answers: a
    group whose result differs from the one without any observation was changed by those of
    its observations whose removal alone changes it back; when none does alone (two
    observations that each suffice, e.g. two kinds of evidence of immunity), by all of the
    ones its antigens' data refers to. `run(observations)` runs the engine on the same child.
    """
    if not given:
        return {}
    changed = _changed_groups(result, run(frozenset()))
    if not changed:
        return {}
    referenced = group_observations(schedule)
    candidates = {name: given & referenced.get(name, frozenset()) for name in changed}
    mattering: dict[str, set[str]] = {name: set() for name in changed}
    if len(given) > 1:
        for code in sorted(frozenset().union(*candidates.values())):
            for name in _changed_groups(result, run(given - {code})) & changed:
                mattering[name].add(code)
    return {name: sorted(mattering[name] or candidates[name]) for name in changed}


def forecast(
    schedule: Schedule,
    *,
    date_of_birth: date,
    sex: str,
    assessment_date: date,
    doses: list[DoseInput],
    observations: Collection[str] = (),
    overdue_after_days: int = DEFAULT_OVERDUE_AFTER_DAYS,
) -> ForecastResponse:
    """Evaluate every dose and forecast every vaccine group as of `assessment_date`.

    `observations` are the child's conditions (codes the schedule defines); a dose with no
    past-due age in the schedule's data is past due `overdue_after_days` after its
    recommended date, except under the schedules of `SCHEDULE_PAST_DUE_ONLY`.
    """
    check_doses(schedule, date_of_birth=date_of_birth, assessment_date=assessment_date, doses=doses)
    given = frozenset(observations)
    check_observations(schedule, given)
    administered = [
        engine.AdministeredDose(d.date_administered, d.cvx, d.mvx, d.sub_standard) for d in doses
    ]

    def run(codes: frozenset[str]) -> engine.Result:
        return engine.forecast(
            schedule, date_of_birth, sex, assessment_date, administered, observations=codes
        )

    result = run(given)
    return present(
        schedule,
        result,
        doses,
        conditions=conditions_by_group(schedule, result, run, given),
        overdue_after_days=overdue_after_days,
    )


def present(
    schedule: Schedule,
    result: engine.Result,
    doses: Sequence[DoseInput],
    *,
    conditions: dict[str, list[str]] | None = None,
    overdue_after_days: int = DEFAULT_OVERDUE_AFTER_DAYS,
) -> ForecastResponse:
    """The API shape of an engine result."""
    fallback = None if schedule.code in SCHEDULE_PAST_DUE_ONLY else overdue_after_days
    conditions = conditions or {}
    per_dose: dict[int, list[AntigenEvaluation]] = {i: [] for i in range(len(doses))}
    groups: list[VaccineGroupForecast] = []
    for name, group in result.groups.items():
        for antigen in group.antigens:
            for index, evaluation in sorted(antigen.evaluations.items()):
                per_dose[index].append(
                    AntigenEvaluation(
                        antigen=antigen.antigen,
                        vaccine_group=name,
                        status=evaluation.status.value,
                        reason=evaluation.reason,
                        dose_number=evaluation.target_dose,
                        series=evaluation.series,
                    )
                )
        groups.append(_group_forecast(name, group.forecast, fallback, conditions.get(name, [])))
    return ForecastResponse(
        schedule=schedule.code,
        assessment_date=result.assessment_date,
        doses=[
            DoseResult(
                index=i, date_administered=d.date_administered, cvx=d.cvx, evaluations=per_dose[i]
            )
            for i, d in enumerate(doses)
        ],
        vaccine_groups=groups,
    )


def _group_forecast(
    name: str, forecast: engine.Forecast, fallback_days: int | None, conditions: list[str]
) -> VaccineGroupForecast:
    due = forecast.status is engine.SeriesStatus.NOT_COMPLETE and forecast.earliest is not None
    past_due = forecast.past_due
    rule: PastDueRule = "schedule"
    if past_due is None and fallback_days is not None and forecast.recommended is not None:
        # The clinic's defaulter rule (WHO-SCHEDULE.md, "Overdue"): late this many days after
        # the recommended date, where the schedule's data gives no past-due age.
        past_due = forecast.recommended + timedelta(days=fallback_days)
        rule = "clinic_overdue_after_days"
    return VaccineGroupForecast(
        vaccine_group=name,
        status=forecast.status.value,
        forecast=NextDose(
            dose_number=forecast.dose_number,
            earliest_date=forecast.earliest,
            recommended_date=forecast.recommended,
            past_due_date=past_due,
            latest_date=forecast.latest,
            past_due_rule=rule,
        )
        if due
        else None,
        conditions=conditions,
    )
