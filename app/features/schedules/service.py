"""Schedule logic: the shipped schedules, their vaccines, and stateless forecasts."""

from dataclasses import dataclass
from datetime import date

from app.features.schedules import engine
from app.features.schedules.describe import duration_text, interval_text
from app.features.schedules.engine.model import Schedule, Series, TargetDose
from app.features.schedules.exceptions import InvalidDoseDate, ScheduleNotFound, UnknownVaccine
from app.features.schedules.schemas import (
    AntigenEvaluation,
    AntigenRules,
    DoseResult,
    DoseRule,
    ForecastResponse,
    NextDose,
    ScheduleDetail,
    ScheduleSummary,
    SeriesRule,
    VaccineGroupForecast,
    VaccineGroupRules,
    VaccineRead,
)
from app.shared.schedule_codes import KNOWN_SCHEDULE_CODES


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


def forecast(
    schedule: Schedule,
    *,
    date_of_birth: date,
    sex: str,
    assessment_date: date,
    doses: list[DoseInput],
) -> ForecastResponse:
    """Evaluate every dose and forecast every vaccine group as of `assessment_date`."""
    check_doses(schedule, date_of_birth=date_of_birth, assessment_date=assessment_date, doses=doses)
    result = engine.forecast(
        schedule,
        date_of_birth,
        sex,
        assessment_date,
        [engine.AdministeredDose(d.date_administered, d.cvx, d.mvx, d.sub_standard) for d in doses],
    )
    return present(schedule, result, doses)


def present(schedule: Schedule, result: engine.Result, doses: list[DoseInput]) -> ForecastResponse:
    """The API shape of an engine result."""
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
        groups.append(_group_forecast(name, group.forecast))
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


def _group_forecast(name: str, forecast: engine.Forecast) -> VaccineGroupForecast:
    due = forecast.status is engine.SeriesStatus.NOT_COMPLETE and forecast.earliest is not None
    return VaccineGroupForecast(
        vaccine_group=name,
        status=forecast.status.value,
        forecast=NextDose(
            dose_number=forecast.dose_number,
            earliest_date=forecast.earliest,
            recommended_date=forecast.recommended,
            past_due_date=forecast.past_due,
            latest_date=forecast.latest,
        )
        if due
        else None,
    )
