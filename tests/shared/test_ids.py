"""The one id parser: a malformed id raises exactly the error its missing resource raises."""

import pytest
from beanie import PydanticObjectId

from app.core.errors import NotFound
from app.features.auth.exceptions import InvalidToken
from app.features.patients.exceptions import PatientNotFound
from app.shared.ids import parse_id


def test_a_well_formed_id_is_parsed() -> None:
    raw = "65f0c0ffee0000000000abcd"
    assert parse_id(raw, PatientNotFound) == PydanticObjectId(raw)


@pytest.mark.parametrize(
    "raw", ["", "abc", "65f0c0ffee0000000000abcz", "65f0c0ffee0000000000abcd0"]
)
def test_a_malformed_id_raises_the_given_error_class(raw: str) -> None:
    with pytest.raises(PatientNotFound) as raised:
        parse_id(raw, PatientNotFound)
    assert raised.value.code == "patient_not_found"


def test_a_malformed_id_raises_the_given_error_instance() -> None:
    missing = NotFound("No such outbreak", code="outbreak_not_found")
    with pytest.raises(NotFound) as raised:
        parse_id("nope", missing)
    assert raised.value is missing


def test_an_error_that_is_not_a_404_can_be_asked_for() -> None:
    # A token's ids are not in the URL: a malformed one makes the token invalid (401).
    with pytest.raises(InvalidToken) as raised:
        parse_id("nope", InvalidToken)
    assert raised.value.status_code == 401
