"""Pure CDSi immunization engine: evaluation of doses and forecast of the next ones."""

from app.features.schedules.engine.api import forecast
from app.features.schedules.engine.loader import load_schedule
from app.features.schedules.engine.results import (
    AdministeredDose,
    DoseEvaluation,
    DoseStatus,
    Forecast,
    GroupResult,
    Result,
    SeriesStatus,
)

__all__ = [
    "AdministeredDose",
    "DoseEvaluation",
    "DoseStatus",
    "Forecast",
    "GroupResult",
    "Result",
    "SeriesStatus",
    "forecast",
    "load_schedule",
]
