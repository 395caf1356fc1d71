"""Errors of the immunizations feature."""

from app.core.errors import Conflict, NotFound, UnprocessableEntity


class RecordNotFound(NotFound):
    """No such immunization record on this child."""

    code = "immunization_not_found"

    def __init__(self) -> None:
        super().__init__("No such immunization record")


class DuplicateDose(Conflict):
    """The same vaccine on the same day is already recorded for this child."""

    code = "duplicate_dose"

    def __init__(self, existing_id: str) -> None:
        super().__init__(
            "This vaccine is already recorded on this date; send ?allow_duplicate=true to add it",
            details={"existing_id": existing_id},
        )


class DuplicateNotDone(Conflict):
    """The same not-done entry (vaccine group, day and reason) is already recorded."""

    code = "duplicate_not_done"

    def __init__(self, existing_id: str) -> None:
        super().__init__(
            "This vaccine group is already recorded as not done on this date for this reason",
            details={"existing_id": existing_id},
        )


class RecordNotCorrectable(Conflict):
    """Entered-in-error and not-done records are not corrected."""

    code = "record_not_correctable"

    def __init__(self) -> None:
        super().__init__("Only completed doses can be corrected or marked entered in error")


class InvalidRecordDate(UnprocessableEntity):
    """A dose date in the future or before the child's birth."""

    code = "invalid_date"


class UnknownVaccineGroup(UnprocessableEntity):
    """A vaccine group the clinic's schedule does not have."""

    code = "unknown_vaccine_group"

    def __init__(self, group: str, allowed: list[str]) -> None:
        super().__init__(
            f"'{group}' is not a vaccine group of the clinic's schedule",
            details={"allowed_vaccine_groups": allowed},
        )
