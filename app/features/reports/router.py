"""HTTP routes of the reports feature (`/api/v1/reports`): JSON, or CSV with `?format=csv`."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from app.dependencies import Pagination
from app.features.auth.dependencies import ClinicMember
from app.features.immunizations.due_rows_http import due_rows_response
from app.features.immunizations.schemas import DueRow
from app.features.reports import service
from app.features.reports.schemas import Coverage, DosesAdministered, Summary
from app.shared.csv_export import csv_response
from app.shared.schemas import IsoDate, Page, error_responses

router = APIRouter(prefix="/reports", tags=["reports"], responses=error_responses(401, 403, 422))
CSV_OR_JSON: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with ?format=csv"}
}
AsOf = Annotated[IsoDate | None, Query(description="Default: today in the clinic")]
Format = Annotated[Literal["json", "csv"], Query(alias="format")]


def _filename(report: str, day: date) -> str:
    return f"{report}-{day.isoformat()}.csv"


@router.get("/summary", response_model=Summary, responses=CSV_OR_JSON)
async def summary(
    member: ClinicMember, as_of: AsOf = None, format_: Format = "json"
) -> Summary | Response:
    """Active children, up-to-date share, due and overdue, doses given, milestone concerns."""
    result = await service.summary(viewer=member, as_of=as_of)
    if format_ == "csv":
        await service.audit_export(viewer=member, report="summary", query={"as_of": as_of})
        fields = list(Summary.model_fields)
        line = [getattr(result, f) for f in fields]
        return csv_response(fields, [line], _filename("summary", result.as_of))
    return result


@router.get("/coverage", response_model=Coverage, responses=CSV_OR_JSON)
async def coverage(
    member: ClinicMember,
    as_of: AsOf = None,
    cohort: Annotated[
        str,
        Query(
            max_length=20,
            # Checked whole and with ASCII digits only (the name of the CSV download holds it).
            pattern=r"^(12-23m|24-35m|born:[0-9]{4})$",
            description="12-23m, 24-35m or born:YYYY",
        ),
    ] = "12-23m",
    format_: Format = "json",
) -> Coverage | Response:
    """WHO/UNICEF-style coverage of a birth cohort, counting valid doses only."""
    result = await service.coverage(clinic_id=member.clinic_id, as_of=as_of, cohort=cohort)
    if format_ == "csv":
        await service.audit_export(
            viewer=member, report="coverage", query={"as_of": as_of, "cohort": cohort}
        )
        columns = ["indicator", "vaccine_group", "eligible", "vaccinated", "coverage_pct"]
        lines = [[getattr(i, c) for c in columns] for i in result.indicators]
        lines.append(["dropout_dtp1_dtp3_pct", "", "", "", result.dropout_dtp1_dtp3_pct])
        return csv_response(
            columns, lines, _filename(f"coverage-{cohort.replace(':', '-')}", result.as_of)
        )
    return result


@router.get("/doses-administered", response_model=DosesAdministered, responses=CSV_OR_JSON)
async def doses_administered(
    member: ClinicMember,
    date_from: Annotated[IsoDate | None, Query(alias="from")] = None,
    date_to: Annotated[IsoDate | None, Query(alias="to")] = None,
    group_by: Literal["month", "vaccine_group"] = "month",
    format_: Format = "json",
) -> DosesAdministered | Response:
    """Doses given at the clinic, by month or vaccine group (default: the last 365 days)."""
    result = await service.doses_administered(
        clinic_id=member.clinic_id, date_from=date_from, date_to=date_to, group_by=group_by
    )
    if format_ == "csv":
        await service.audit_export(
            viewer=member,
            report="doses_administered",
            query={"from": date_from, "to": date_to, "group_by": group_by},
        )
        lines = [[row.key, row.doses] for row in result.rows]
        return csv_response(
            [group_by, "doses"], lines, _filename("doses-administered", result.date_to)
        )
    return result


@router.get("/defaulters", response_model=Page[DueRow], responses=CSV_OR_JSON)
async def defaulters(
    member: ClinicMember, pagination: Pagination, as_of: AsOf = None, format_: Format = "json"
) -> Page[DueRow] | Response:
    """Children overdue for any dose, with guardian contacts, most overdue first."""
    return await due_rows_response(
        member,
        pagination,
        csv_wanted=format_ == "csv",
        name="defaulters",
        audit_prefix="reports.defaulters",
        date_from=None,
        date_to=None,
        status="overdue",
        vaccine_group=None,
        as_of=as_of,
    )
