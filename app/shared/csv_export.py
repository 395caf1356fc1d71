"""CSV downloads of report and worklist rows."""

import csv
import io
from collections.abc import Iterable, Sequence

from starlette.responses import Response

# A cell starting with one of these is a formula to a spreadsheet: neutralise it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_response(
    columns: Sequence[str], rows: Iterable[Sequence[object]], filename: str
) -> Response:
    """A `text/csv` attachment with a header row and one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe(value) for value in row])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
