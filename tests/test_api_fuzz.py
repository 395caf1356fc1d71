"""Property-based fuzzing of every operation in the app's own OpenAPI, in-process, as an admin."""

import uuid
from collections.abc import Iterator

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
from tests.factories import PASSWORD, unique_email
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
