"""Property-based fuzzing of every operation in the app's own OpenAPI, in-process, as an admin."""

import uuid
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.python import asgi

from app.config import get_settings
from app.main import create_app
from tests.factories import PASSWORD, unique_email
from tests.mail import Mailbox


class FuzzAdmin:
    """The admin the fuzzer acts as; signs in again whenever a fuzzed call ended its session."""

    def __init__(self, app) -> None:
        self.app = app
        self.email = unique_email("fuzz-admin")
        self.token: str | None = None

    def _post(self, path: str, body: dict) -> dict:
        with asgi.get_client(self.app) as http:
            response = http.post(path, json=body)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def sign_up(self) -> None:
        self.email = unique_email("fuzz-admin")
        body = {"name": "Fuzz Admin", "email": self.email, "password": PASSWORD}
        self.token = self._post("/api/v1/auth/signup", {**body, "clinic_name": "Fuzz Clinic"})[
            "access_token"
        ]

    def valid_token(self) -> str:
        """A working access token: the last one, or a fresh sign-in (or clinic) when it died."""
        if self.token is not None:
            with asgi.get_client(self.app) as http:
                me = http.get(
                    "/api/v1/auth/me", headers={"Authorization": f"Bearer {self.token}"}
                )
            if me.status_code == 200 and me.json()["role"] == "admin":
                return self.token
        with asgi.get_client(self.app) as http:
            login = http.post(
                "/api/v1/auth/login", json={"email": self.email, "password": PASSWORD}
            )
        if login.status_code == 200 and login.json()["user"]["role"] == "admin":
            self.token = login.json()["access_token"]
        else:
            self.sign_up()
        assert self.token is not None
        return self.token


@pytest.fixture(scope="module")
def fuzz_app(smtp_server: Mailbox) -> Iterator:
    """One app on a fresh database; schemathesis runs its lifespan in its own event loop."""
    settings_ = get_settings().model_copy(
        update={"database_name": f"hp_fuzz_{uuid.uuid4().hex[:12]}"}
    )
    application = create_app(settings_)
    yield application
    asgi.shutdown_lifespans()


@pytest.fixture(scope="module")
def fuzz_admin(fuzz_app) -> FuzzAdmin:
    admin = FuzzAdmin(fuzz_app)
    admin.sign_up()
    return admin


@pytest.fixture(scope="module")
def api_schema(fuzz_app, fuzz_admin: FuzzAdmin):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)

    @schema.auth(refresh_interval=None, retry_on=[])
    class AdminBearer:
        def get(self, case, context):
            return fuzz_admin.valid_token()

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_survives_fuzzing(case):
    case.call_and_validate()
