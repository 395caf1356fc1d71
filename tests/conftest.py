"""Test setup: settings, a real SMTP server, and a fresh app and database per test."""

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, time

import pytest
import time_machine

from tests.mail import Mailbox, free_port, start_smtp_server

SMTP_PORT = free_port()
# Set before the app is imported: its settings are read once per process.
os.environ.update(
    {
        "ENVIRONMENT": "test",
        "MONGODB_URL": os.environ.get("MONGODB_URL", "memory://"),
        "JWT_SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(SMTP_PORT),
        "SMTP_STARTTLS": "false",
        "SMTP_SSL": "false",
        "FRONTEND_URL": "http://app.test",
        "REMINDERS_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
)

from asgi_lifespan import LifespanManager  # noqa: E402
from httpx import ASGITransport, AsyncClient  # noqa: E402

from app.config import get_settings  # noqa: E402
from app.main import create_app  # noqa: E402

# Fails the run when a query the app sends has no declared index that serves it (README, Tests).
pytest_plugins = ["tests.index_check"]

# Every test runs on a pinned clock, never the machine's: this ordinary day by default, and
# tests marked `date_sensitive` once per day below (month ends, leap day, year end).
DEFAULT_TODAY = date(2026, 6, 17)
MONTH_END_TODAYS = (
    date(2028, 2, 29),
    date(2027, 3, 31),
    date(2026, 11, 30),
    date(2026, 12, 31),
    date(2027, 1, 1),
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.definition.get_closest_marker("date_sensitive"):
        metafunc.parametrize("pinned_today", MONTH_END_TODAYS, ids=str, indirect=True)


@pytest.fixture
def pinned_today(request: pytest.FixtureRequest) -> date:
    """The day the test runs on (the clock is pinned to noon UTC of it, then ticks)."""
    return getattr(request, "param", DEFAULT_TODAY)


@pytest.fixture(autouse=True)
def pinned_clock(pinned_today: date) -> Iterator[None]:
    with time_machine.travel(datetime.combine(pinned_today, time(12), UTC), tick=True):
        yield


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    controller, mailbox = start_smtp_server(SMTP_PORT)
    yield mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    smtp_server.clear()
    return smtp_server


@pytest.fixture
async def app(mailbox: Mailbox) -> AsyncIterator:
    """A fresh app on a fresh database (dropped afterwards on a real server)."""
    settings = get_settings().model_copy(
        update={"database_name": f"hp_test_{uuid.uuid4().hex[:12]}"}
    )
    application = create_app(settings)
    async with LifespanManager(application):
        yield application
        if not settings.uses_memory_engine:
            await application.state.db_client.drop_database(settings.database_name)


@pytest.fixture
async def client(app) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
