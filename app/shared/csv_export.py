"""CSV downloads of report and worklist rows."""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from starlette.responses import Response

# A cell starting with one of these is a formula to a spreadsheet: neutralise it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a download's file name may hold: it is written into the Content-Disposition header.
_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9._-]")


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
    # Callers validate what they put in the name; this keeps a slip out of the header.
    safe_name = _UNSAFE_IN_FILENAME.sub("-", filename)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe_name}"'},
    )
