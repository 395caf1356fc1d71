"""The due list's rows as an HTTP answer (a JSON page or a CSV file), shared with reports."""

from datetime import date

from fastapi import Response

from app.core.audit import ClinicActor
from app.dependencies import PageParams
from app.features.immunizations import worklists
from app.features.immunizations.due_rules import DoseStatus
from app.features.immunizations.schemas import DUE_CSV_COLUMNS, DueRow
from app.shared.csv_export import csv_response
from app.shared.schemas import Page


async def due_rows_response(
    member: ClinicActor,
    pagination: PageParams,
    *,
    csv_wanted: bool,
    name: str,
    audit_prefix: str,
    date_from: date | None,
    date_to: date | None,
    status: DoseStatus | None,
    vaccine_group: str | None,
    as_of: date | None = None,
) -> Page[DueRow] | Response:
    """A page of worklist rows, or all of them (up to the CSV limit) as `<name>-<today>.csv`.

    The read is audited as `<audit_prefix>.read`, the download as `<audit_prefix>.export`.
    """
    page, size = (1, worklists.CSV_ROW_LIMIT) if csv_wanted else (pagination.page, pagination.size)
    items, total, today = await worklists.due_list(
        viewer=member,
        date_from=date_from,
        date_to=date_to,
        status=status,
        vaccine_group=vaccine_group,
        page=page,
        size=size,
        audit_action=f"{audit_prefix}." + ("export" if csv_wanted else "read"),
        as_of=as_of,
    )
    rows = [DueRow.model_validate(i) for i in items]
    if csv_wanted:
        filename = f"{name}-{today.isoformat()}.csv"
        return csv_response(DUE_CSV_COLUMNS, [r.csv_line() for r in rows], filename)
    return Page.of(rows, total, pagination)
