"""Errors of the patients feature."""

from app.core.errors import Conflict, NotFound, UnprocessableEntity


class PatientNotFound(NotFound):
    """No such child for this caller (also the answer for another clinic's child)."""

    code = "patient_not_found"

    def __init__(self) -> None:
        super().__init__("No such patient")


class GuardianNotFound(NotFound):
    """No such guardian on this child."""

    code = "guardian_not_found"

    def __init__(self) -> None:
        super().__init__("No such guardian")


class DuplicateMedicalRecordNumber(Conflict):
    """Another child of the clinic has this medical record number."""

    code = "duplicate_medical_record_number"

    def __init__(self, existing_id: str | None) -> None:
        super().__init__(
            "Another patient of this clinic has this medical record number",
            details={"existing_id": existing_id},
        )


class ProbableDuplicatePatient(Conflict):
    """A child with the same name and date of birth exists already."""

    code = "probable_duplicate"

    def __init__(self, existing_id: str) -> None:
        super().__init__(
            "A patient with the same name and date of birth exists; "
            "send ?allow_duplicate=true to create another",
            details={"existing_id": existing_id},
        )


class PatientArchived(Conflict):
    """The child's record is archived: read-only everywhere until it is restored."""

    code = "patient_archived"

    def __init__(self) -> None:
        super().__init__("This patient is archived; restore the record before changing it")


class ConditionNotFound(NotFound):
    """No such condition on this child."""

    code = "condition_not_found"

    def __init__(self) -> None:
        super().__init__("No such condition")


class ConditionAlreadyActive(Conflict):
    """The child already has this condition, not ended."""

    code = "duplicate_condition"

    def __init__(self, existing_id: str) -> None:
        super().__init__(
            "This condition is already active on the child's record",
            details={"existing_id": existing_id},
        )


class ConditionAlreadyEnded(Conflict):
    """The condition was ended already (its end date stays as recorded)."""

    code = "condition_already_ended"

    def __init__(self) -> None:
        super().__init__("This condition has already ended")


class InvalidConditionDate(UnprocessableEntity):
    """A condition's date is in the future, before birth, or its end before its start."""

    code = "invalid_condition_date"

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message, details={"field": field})
