"""Property-based fuzzing of every operation in the app's own OpenAPI, in-process, as an admin."""

import uuid
from collections.abc import Iterator
from typing import Any

import pymongo
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from app.config import get_settings
from app.main import create_app
from tests.factories import PASSWORD, days_ago, unique_email
from tests.mail import Mailbox

APP = create_app(
    get_settings().model_copy(update={"database_name": f"hp_fuzz_{uuid.uuid4().hex[:12]}"})
)
# Loaded from the app object, so collecting this module sends no request; schemathesis runs the
# app's lifespan (database setup) in its own event loop on the first call. A module-level schema
# rather than `schemathesis.pytest.from_fixture`: that lazy path uses `Function._nodeid`, which
# pytest 9.2 no longer has.
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP
schema.config.seed = 20260101

# Cases are generated (some at collection time) with this placeholder; the test swaps it for a
# live token just before each call, because a fuzzed logout ends the session behind a token.
PLACEHOLDER = "Bearer fuzz-admin-placeholder"


class FuzzAdmin:
    """The admin the fuzzer acts as; signs in again whenever a fuzzed call ended its session."""

    def __init__(self) -> None:
        self.email = ""
        self.token: str | None = None

    def _sign_up(self, http: asgi.ASGIClient) -> str:
        self.email = unique_email("fuzz-admin")
        response = http.post(
            "/api/v1/auth/signup",
            json={
                "name": "Fuzz Admin",
                "email": self.email,
                "password": PASSWORD,
                "clinic_name": "Fuzz Clinic",
            },
        )
        assert response.status_code == 201, response.text
        return response.json()["access_token"]

    def _live_token(self) -> str:
        with asgi.get_client(APP) as http:
            if self.token is not None:
                me = http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {self.token}"})
                if me.status_code == 200 and me.json()["role"] == "admin":
                    return self.token
            if self.email:
                login = http.post(
                    "/api/v1/auth/login", json={"email": self.email, "password": PASSWORD}
                )
                if login.status_code == 200 and login.json()["user"]["role"] == "admin":
                    return login.json()["access_token"]
            # The password or role changed under the fuzzer: carry on in a new clinic.
            return self._sign_up(http)

    def authorize(self, case: schemathesis.Case) -> None:
        """Swap the placeholder for a token that works now; other Authorization values stay."""
        if case.headers and case.headers.get("Authorization") == PLACEHOLDER:
            self.token = self._live_token()
            case.headers["Authorization"] = f"Bearer {self.token}"


ADMIN = FuzzAdmin()

# Left out: `positive_data_acceptance`, which wants a 2xx for any schema-valid body, while the
# API rightly refuses schema-valid values the schema cannot describe (a random single-use token
# -> 400, a `.test` email address or a non-IANA timezone -> 422); and the stateful checks
# (`use_after_free`, `ensure_resource_availability`, `object_level_authorization`), which need
# linked operations rather than one operation at a time.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    missing_required_header,
    unsupported_method,
    allow_header_conformance,
    ignored_auth,
]


# Registering a provider tells schemathesis the calls are authenticated (for its auth checks and
# for the cases where it leaves credentials out on purpose); no re-fetch on 401.
@schema.auth(refresh_interval=None, retry_on=[])
class AdminBearer:
    def get(self, case, context):
        return PLACEHOLDER

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": data}


@pytest.fixture(scope="module")
def fuzz_lifespan(smtp_server: Mailbox) -> Iterator[None]:
    """The SMTP server is up for the mail fuzzing sends; the app's lifespan ends with the module."""
    yield
    asgi.shutdown_lifespans()
    settings_ = APP.state.settings
    if not settings_.uses_memory_engine:
        with pymongo.MongoClient(settings_.mongodb_url) as mongo:
            mongo.drop_database(settings_.database_name)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_survives_fuzzing(case, fuzz_lifespan):
    ADMIN.authorize(case)
    case.call_and_validate(checks=CHECKS)


# A second run over the operations that turn names into email, with SMTP configured (conftest
# points the app at the aiosmtpd `mailbox` server): every generated name the API accepts goes
# through building a real message and an SMTP conversation. A name the API cannot mail must be
# refused (422) or its mail recorded as failed, never answered with a 500.
INVITING = [
    "POST /api/v1/clinic/staff/invitations",
    "POST /api/v1/patients",
    "POST /api/v1/patients/{patient_id}/guardians",
]
inviting_schema = schema.include(name=INVITING)
reminder_schema = schema.include(name=["POST /api/v1/notifications/reminders/run"])
# Young enough to have doses due, so that the reminder run emails their guardians.
RECENT_BIRTH_DAYS = 200
# Names the inviting run got accepted, for the reminder run's children (each test function
# starts on an empty in-memory database); these few stand in when it did not run first.
ACCEPTED_NAMES = ["Zoë Ångström", "Nguyễn Thị Minh", "O'Brien-Søndergård", "مريم", "李小龍 😀"]
MAX_REMINDED_CHILDREN = 25
_clinics_with_children: set[str] = set()


def _admin_request(method: str, path: str, **kwargs: Any) -> Any:
    """A call as the fuzz admin, whose token is checked (a case may not have carried it)."""
    ADMIN.token = ADMIN._live_token()
    with asgi.get_client(APP) as http:
        headers = {"Authorization": f"Bearer {ADMIN.token}"}
        return http.request(method, path, headers=headers, **kwargs)


def _new_child(name: str, *, guardian_name: str = "Fuzz Guardian") -> str:
    """Register a recently born child with a guardian reachable by email; returns its id."""
    body = {
        "first_name": name,
        "last_name": f"Fuzz-{uuid.uuid4().hex[:8]}",  # never a probable duplicate
        "date_of_birth": days_ago(RECENT_BIRTH_DAYS),
        "sex": "unknown",
        "guardians": [
            {
                "name": guardian_name,
                "relationship": "guardian",
                "email": unique_email("fuzz-guardian"),
            }
        ],
    }
    created = _admin_request("POST", "/api/v1/patients", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _live_child_id() -> str:
    """A child of the admin's clinic to add guardians to (registered when there is none)."""
    listed = _admin_request("GET", "/api/v1/patients", params={"size": 1})
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    return str(items[0]["id"]) if items else _new_child("Fuzz")


def _aim_at_live_data(case: schemathesis.Case) -> None:
    """Point guardian calls at a real child, and make new children young enough to remind."""
    if case.path_parameters and "patient_id" in case.path_parameters:
        case.path_parameters["patient_id"] = _live_child_id()
    body = case.body if isinstance(case.body, dict) else {}
    if case.operation.path == "/api/v1/patients" and isinstance(body.get("date_of_birth"), str):
        body["date_of_birth"] = days_ago(RECENT_BIRTH_DAYS)


def _remember_accepted_names(case: schemathesis.Case, status_code: int) -> None:
    if status_code != 201 or not isinstance(case.body, dict):
        return
    guardians = case.body.get("guardians")
    bodies = [case.body, *(guardians if isinstance(guardians, list) else [])]
    for body in bodies:
        for key in ("name", "first_name"):
            if isinstance(body, dict) and isinstance(body.get(key), str):
                ACCEPTED_NAMES.append(body[key])


def _ensure_named_children() -> None:
    """Once per clinic: children and guardians carrying the accepted names, all due a dose."""
    me = _admin_request("GET", "/api/v1/auth/me")
    assert me.status_code == 200, me.text
    clinic_id = me.json()["clinic_id"]
    if clinic_id in _clinics_with_children:
        return
    # The CDC schedule dates every dose past due, so a six-month-old is overdue for several.
    switched = _admin_request("PATCH", "/api/v1/clinic", json={"schedule_code": "cdc-acip"})
    assert switched.status_code == 200, switched.text
    for name in ACCEPTED_NAMES[-MAX_REMINDED_CHILDREN:]:
        _new_child(name, guardian_name=name)
    _clinics_with_children.add(clinic_id)


MAIL_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@inviting_schema.parametrize()
@MAIL_SETTINGS
def test_invitations_with_generated_names_never_fail_with_a_server_error(case, fuzz_lifespan):
    ADMIN.authorize(case)
    _aim_at_live_data(case)
    response = case.call_and_validate(checks=[not_a_server_error])
    _remember_accepted_names(case, response.status_code)


@reminder_schema.parametrize()
@MAIL_SETTINGS
def test_reminders_for_generated_names_never_fail_with_a_server_error(case, fuzz_lifespan):
    ADMIN.authorize(case)
    _ensure_named_children()
    case.call_and_validate(checks=[not_a_server_error])
