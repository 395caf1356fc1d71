"""Response models of the reports feature."""

from datetime import date

from pydantic import BaseModel


class Summary(BaseModel):
    """The clinic at a glance."""

    as_of: date
    active_patients: int
    up_to_date_pct: float
    due_next_30_days: int
    overdue: int
    doses_administered_last_30_days: int
    children_with_milestone_concerns: int


class CoverageIndicator(BaseModel):
    """One coverage indicator of the cohort (valid doses only)."""

    indicator: str
    vaccine_group: str
    eligible: int
    vaccinated: int
    coverage_pct: float


class Coverage(BaseModel):
    """WHO/UNICEF-style coverage of a birth cohort."""

    as_of: date
    cohort: str
    born_from: date
    born_to: date
    schedule: str
    eligible: int
    indicators: list[CoverageIndicator]
    dropout_dtp1_dtp3_pct: float | None


class DoseCount(BaseModel):
    """Doses given at the clinic in one month or of one vaccine group."""

    key: str
    doses: int


class DosesAdministered(BaseModel):
    """Doses given at the clinic (source administered, completed) in a date range."""

    date_from: date
    date_to: date
    group_by: str
    total: int
    rows: list[DoseCount]
