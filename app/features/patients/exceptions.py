"""Errors of the patients feature."""

from app.core.errors import Conflict, NotFound


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
