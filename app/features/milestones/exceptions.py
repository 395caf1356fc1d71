"""Errors of the milestones feature."""

from app.core.errors import NotFound, UnprocessableEntity


class MilestoneNotFound(NotFound):
    """No catalog item has this code."""

    code = "milestone_not_found"

    def __init__(self) -> None:
        super().__init__("No such milestone")


class ChecklistNotFound(NotFound):
    """The catalog has no items for this age."""

    code = "checklist_not_found"

    def __init__(self, age_months: int) -> None:
        super().__init__(f"No milestone checklist for {age_months} months")


class ObservationDateInvalid(UnprocessableEntity):
    """An observation (or assessment) date before the child's birth or in the future."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(
            f"{field} cannot be {problem}",
            details=[{"loc": [field], "msg": problem, "type": "value_error"}],
        )
