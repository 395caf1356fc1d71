"""Query values that end up in a response header are checked strictly: ASCII digits, no newline.

The coverage report's `cohort` names its CSV download (`Content-Disposition`). A regex with
`\\d` and `$` let `born:2024` + newline through, and digits of other scripts (`born:٢٠٢٤`),
which reached the header and broke it (a 500 for non-Latin-1 digits).
"""

import re

import pytest

from app.shared.csv_export import csv_response
from tests.factories import assert_error, create_clinic_admin

COVERAGE = "/api/v1/reports/coverage"
PLAIN_ATTACHMENT = re.compile(r'attachment; filename="[A-Za-z0-9._-]+\.csv"')


@pytest.mark.parametrize(
    "cohort",
    [
        "born:2024\n",
        "born:2024\r\nSet-Cookie: a=b",
        "born:\uff12\uff10\uff12\uff14",  # fullwidth digits
        "born:\u0662\u0660\u0662\u0664",  # Arabic-Indic digits
        "born:\u096e\u0968\u0966\u0968",  # Devanagari digits
        "\n12-23m",
        "12-23m\n",
    ],
    ids=repr,
)
@pytest.mark.parametrize("format_", ["csv", "json"])
async def test_a_cohort_that_is_not_plain_ascii_is_refused(client, cohort, format_):
    admin = await create_clinic_admin(client)
    response = await client.get(
        COVERAGE, params={"cohort": cohort, "format": format_}, headers=admin.headers
    )
    assert_error(response, 422, "validation_error")
    assert "content-disposition" not in response.headers


@pytest.mark.parametrize("cohort", ["born:2025", "12-23m", "24-35m"])
async def test_a_plain_cohort_names_a_plain_download(client, cohort):
    admin = await create_clinic_admin(client)
    response = await client.get(
        COVERAGE, params={"cohort": cohort, "format": "csv"}, headers=admin.headers
    )
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert PLAIN_ATTACHMENT.fullmatch(disposition), disposition
    assert cohort.replace(":", "-") in disposition


def test_a_download_name_never_carries_header_syntax():
    """The last guard, should a caller ever build a name from unchecked input."""
    response = csv_response(["a"], [["1"]], 'x"; y\r\nSet-Cookie: a=b\u0662.csv')
    disposition = response.headers["content-disposition"]
    assert PLAIN_ATTACHMENT.fullmatch(disposition), disposition
