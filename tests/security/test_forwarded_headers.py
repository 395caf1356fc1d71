"""X-Forwarded-* are believed only from configured proxies; request ids are the server's own."""

import logging
import re
import uuid
from collections.abc import AsyncIterator

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient

from app.config import get_settings
from app.features.auth import service as auth_service
from app.main import create_app
from tests.factories import PASSWORD, SignedIn, create_clinic_admin, unique_email

AUDIT = "/api/v1/clinic/audit-events"
LOGIN = "/api/v1/auth/login"
SIGNUP = "/api/v1/auth/signup"
CLIENT = "203.0.113.7"  # connects directly; not a proxy
PROXY = "10.0.0.1"  # one of the configured proxies
OUR_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
async def proxied_app(mailbox) -> AsyncIterator:
    """The app with FORWARDED_ALLOW_IPS=10.0.0.0/8."""
    settings = get_settings().model_copy(
        update={
            "database_name": f"hp_test_{uuid.uuid4().hex[:12]}",
            "forwarded_allow_ips": ["10.0.0.0/8"],
        }
    )
    application = create_app(settings)
    async with LifespanManager(application):
        yield application
        if not settings.uses_memory_engine:
            await application.state.db_client.drop_database(settings.database_name)


def client_from(app, address: str) -> AsyncClient:
    transport = ASGITransport(app=app, client=(address, 50000))
    return AsyncClient(transport=transport, base_url="http://testserver")


async def login_ip(http: AsyncClient, admin: SignedIn, headers: dict[str, str]) -> str | None:
    """Sign in with these headers; the address the audit trail recorded for it."""
    response = await http.post(
        LOGIN, json={"email": admin.email, "password": PASSWORD}, headers=headers
    )
    assert response.status_code == 200, response.text
    return (await audit_event(http, admin, response.headers["X-Request-ID"]))["ip"]


async def audit_event(http: AsyncClient, admin: SignedIn, request_id: str) -> dict:
    page = await http.get(AUDIT, params={"size": 100}, headers=admin.headers)
    assert page.status_code == 200, page.text
    [event] = [e for e in page.json()["items"] if e["request_id"] == request_id]
    return event


async def test_audit_records_the_peer_unless_a_trusted_proxy_forwarded_the_request(
    proxied_app,
):
    async with client_from(proxied_app, CLIENT) as direct, client_from(proxied_app, PROXY) as via:
        admin = await create_clinic_admin(direct)
        spoofed = {"X-Forwarded-For": "198.51.100.9"}
        assert await login_ip(direct, admin, spoofed) == CLIENT
        assert await login_ip(via, admin, spoofed) == "198.51.100.9"
        # What the client wrote itself (left of what our proxies saw) is ignored.
        chain = {"X-Forwarded-For": "6.6.6.6, 198.51.100.9, 10.0.0.2"}
        assert await login_ip(via, admin, chain) == "198.51.100.9"
        assert await login_ip(via, admin, {}) == PROXY
        assert await login_ip(via, admin, {"X-Forwarded-For": "not-an-ip"}) == PROXY


async def test_by_default_no_peer_is_a_proxy(client):
    assert get_settings().forwarded_allow_ips == []
    admin = await create_clinic_admin(client)
    for address in ("198.51.100.9", "127.0.0.1"):
        assert await login_ip(client, admin, {"X-Forwarded-For": address}) == CLIENT


async def test_the_signup_limit_counts_clients_not_what_they_claim(proxied_app, monkeypatch):
    monkeypatch.setattr(auth_service, "SIGNUPS_PER_ADDRESS", 2)

    async def signup(http: AsyncClient, forwarded_for: str) -> int:
        body = {
            "name": "Ada Admin",
            "email": unique_email("admin"),
            "password": PASSWORD,
            "clinic_name": "Sunrise Clinic",
        }
        headers = {"X-Forwarded-For": forwarded_for}
        return (await http.post(SIGNUP, json=body, headers=headers)).status_code

    async with client_from(proxied_app, CLIENT) as direct, client_from(proxied_app, PROXY) as via:
        # A direct client cannot escape its limit by claiming new addresses.
        assert [await signup(direct, f"198.51.100.{n}") for n in range(3)] == [201, 201, 429]
        # Behind the proxy each real client has its own limit.
        assert [await signup(via, "192.0.2.1") for _ in range(3)] == [201, 201, 429]
        assert await signup(via, "192.0.2.2") == 201


async def test_forwarded_proto_only_from_a_trusted_proxy(proxied_app):
    https = {"X-Forwarded-Proto": "https"}
    async with client_from(proxied_app, CLIENT) as direct, client_from(proxied_app, PROXY) as via:
        # A redirect names the scheme the app believes the client used.
        ignored = await direct.get("/api/v1/patients/", headers=https)
        believed = await via.get("/api/v1/patients/", headers=https)
    assert ignored.status_code == believed.status_code == 307
    assert ignored.headers["location"].startswith("http://testserver/")
    assert believed.headers["location"].startswith("https://testserver/")


async def test_the_request_id_is_always_the_servers_own(client, caplog):
    caplog.set_level(logging.INFO, logger="app.access")
    admin = await create_clinic_admin(client)
    response = await client.post(
        LOGIN,
        json={"email": admin.email, "password": PASSWORD},
        headers={"X-Request-ID": "trace-abc.123"},
    )
    ours = response.headers["X-Request-ID"]
    assert OUR_ID.fullmatch(ours)
    event = await audit_event(client, admin, ours)
    assert event["action"] == "auth.login"
    assert event["client_request_id"] == "trace-abc.123"
    [line] = [
        r.fields for r in caplog.records if r.name == "app.access" and r.fields["path"] == LOGIN
    ]
    assert line["client_request_id"] == "trace-abc.123"


@pytest.mark.parametrize(
    "offered",
    [b"x" * 65, b"has space", b"semi;colon", b"caf\xe9", b"<script>", b""],
    ids=["too-long", "space", "semicolon", "latin-1", "markup", "empty"],
)
async def test_a_client_request_id_that_is_not_a_plain_id_is_dropped(client, offered):
    admin = await create_clinic_admin(client)
    response = await client.post(
        LOGIN,
        json={"email": admin.email, "password": PASSWORD},
        headers=[(b"X-Request-ID", offered)],
    )
    assert response.status_code == 200, response.text
    ours = response.headers["X-Request-ID"]
    assert OUR_ID.fullmatch(ours)
    event = await audit_event(client, admin, ours)
    assert event["client_request_id"] is None
