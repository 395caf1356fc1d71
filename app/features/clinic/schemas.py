"""Request and response models of the clinic feature."""

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, EmailStr, Field, HttpUrl, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.shared.schedule_codes import KNOWN_SCHEDULE_CODES
from app.shared.schemas import IdStr, ReadModel, RequestModel
from app.shared.text import SingleLine


def _iana_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"'{value}' is not an IANA timezone such as 'Africa/Nairobi'") from exc
    return value


def _known_schedule(value: str) -> str:
    if value not in KNOWN_SCHEDULE_CODES:
        raise ValueError(f"schedule_code must be one of {', '.join(KNOWN_SCHEDULE_CODES)}")
    return value


Timezone = Annotated[
    str, Field(min_length=1, max_length=64), SingleLine, AfterValidator(_iana_timezone)
]
ScheduleCode = Annotated[str, SingleLine, AfterValidator(_known_schedule)]
HexColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]


class ClinicRead(ReadModel):
    """A clinic as its staff see it."""

    id: IdStr
    name: str
    address: str | None
    phone: str | None
    email: str | None
    timezone: str
    logo_url: str | None
    primary_color: str
    schedule_code: str
    reminder_days_before: int
    overdue_after_days: int
    created_at: datetime
    updated_at: datetime


class ClinicUpdate(RequestModel):
    """The clinic settings an admin may change; omitted fields stay as they are."""

    # `SkipJsonSchema[None]`: these may be omitted but not cleared, so the API document
    # does not offer null for them (the validator below refuses an explicit null).
    name: Annotated[str, Field(min_length=1, max_length=200), SingleLine] | SkipJsonSchema[None] = (
        None
    )
    address: Annotated[str, Field(max_length=500), SingleLine] | None = None
    phone: Annotated[str, Field(max_length=40), SingleLine] | None = None
    email: EmailStr | None = None
    timezone: Timezone | SkipJsonSchema[None] = None
    logo_url: HttpUrl | None = None
    primary_color: HexColor | SkipJsonSchema[None] = None
    schedule_code: ScheduleCode | SkipJsonSchema[None] = None
    reminder_days_before: Annotated[int, Field(ge=0, le=60)] | SkipJsonSchema[None] = None
    overdue_after_days: (
        Annotated[
            int,
            Field(
                ge=1, le=365, description="Days after the recommended date a dose counts overdue"
            ),
        ]
        | SkipJsonSchema[None]
    ) = None

    @model_validator(mode="after")
    def _required_fields_not_cleared(self) -> "ClinicUpdate":
        for key in (
            "name",
            "timezone",
            "primary_color",
            "schedule_code",
            "reminder_days_before",
            "overdue_after_days",
        ):
            if key in self.model_fields_set and getattr(self, key) is None:
                raise ValueError(f"{key} cannot be null")
        return self
