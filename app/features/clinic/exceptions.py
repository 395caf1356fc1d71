"""Errors of the clinic feature."""

from app.core.errors import NotFound


class ClinicNotFound(NotFound):
    """The clinic does not exist."""

    code = "clinic_not_found"

    def __init__(self) -> None:
        super().__init__("No such clinic")
