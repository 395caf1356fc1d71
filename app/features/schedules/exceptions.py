"""Errors of the schedules feature."""

from app.core.errors import NotFound, UnprocessableEntity


class ScheduleNotFound(NotFound):
    """No schedule has this code."""

    code = "schedule_not_found"

    def __init__(self, code: str, known: list[str]) -> None:
        super().__init__(f"No schedule '{code}'", details={"known_schedules": known})


class UnknownVaccine(UnprocessableEntity):
    """A dose names a CVX code that the schedule does not know."""

    code = "unknown_cvx"

    def __init__(self, unknown: list[str], allowed: list[str]) -> None:
        super().__init__(
            f"Unknown CVX code(s) for this schedule: {', '.join(unknown)}",
            details={"unknown_cvx": unknown, "allowed_cvx": allowed},
        )


class InvalidDoseDate(UnprocessableEntity):
    """A dose date is before birth or after the assessment date."""

    code = "invalid_dose_date"


class UnknownObservation(UnprocessableEntity):
    """An observation (condition) code that the schedule's supporting data does not define."""

    code = "unknown_observation"

    def __init__(self, unknown: list[str]) -> None:
        super().__init__(
            f"Unknown observation code(s) for this schedule: {', '.join(unknown)}; "
            "GET /schedules/{code}/observations lists them",
            details={"unknown_observations": unknown},
        )
