"""What the benchmark scripts share: settings, an in-process API with a signed-up clinic, timing."""

import math
import statistics
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from asgi_lifespan import LifespanManager
from beanie import PydanticObjectId
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from app.config import Settings, get_settings
from app.main import create_app

API = "/api/v1"
PASSWORD = "bench-password-2026"


def bench_settings(**overrides: Any) -> Settings:
    """The configured settings on a throw-away database, without demo data or reminders."""
    base = get_settings()
    return base.model_copy(
        update={
            "database_name": f"{base.database_name}_bench_{uuid.uuid4().hex[:8]}",
            "seed_demo_data": False,
            "reminders_enabled": False,
            # Only silences the in-memory engine's banner: the scripts print the engine.
            "environment": "test" if base.uses_memory_engine else base.environment,
            **overrides,
        }
    )


def engine_name(settings: Settings) -> str:
    """The engine in use, without credentials."""
    if settings.uses_memory_engine:
        return "memory:// (mongomock-motor, in-process; no real indexes)"
    parts = urlsplit(settings.mongodb_url)
    return f"{parts.scheme}://{parts.hostname or '?'}{f':{parts.port}' if parts.port else ''}"


@dataclass(frozen=True)
class BenchApi:
    """The running app, a client for it and the signed-up admin's clinic and auth headers."""

    app: FastAPI
    client: AsyncClient
    headers: dict[str, str]
    clinic_id: PydanticObjectId


@asynccontextmanager
async def bench_api(settings: Settings) -> AsyncIterator[BenchApi]:
    """Start the app in-process, sign up a bench clinic; drop a real MongoDB database after."""
    app = create_app(settings)
    async with LifespanManager(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://bench") as client:
            signup = await client.post(
                f"{API}/auth/signup",
                json={
                    "name": "Bench Admin",
                    "email": f"bench-{uuid.uuid4().hex[:8]}@example.org",
                    "password": PASSWORD,
                    "clinic_name": "Bench Clinic",
                },
            )
            assert signup.status_code == 201, signup.text
            body = signup.json()
            yield BenchApi(
                app=app,
                client=client,
                headers={"Authorization": f"Bearer {body['access_token']}"},
                clinic_id=PydanticObjectId(body["clinic_id"]),
            )
        if not settings.uses_memory_engine:
            await app.state.db_client.drop_database(settings.database_name)


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `samples` (milliseconds in, milliseconds out)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


async def measure(
    label: str,
    requests: int,
    send: Callable[[int], Awaitable[tuple[int, float]]],
    *,
    expected_status: int = 200,
    extra_label: str | None = None,
    warmups: int = 2,
) -> None:
    """Time `send(0..requests-1)` after `warmups` untimed calls; print p50/p95/mean, n, extra.

    `send(i)` returns (HTTP status, extra figure); warm-ups get indexes from `requests` up, so
    callers that consume their inputs (a patient to record a dose for) keep the timed ones apart.
    The extra figure is averaged and printed after `extra_label` when that is given.
    """
    for i in range(warmups):
        status, _ = await send(requests + i)
        assert status == expected_status, f"{label}: warm-up HTTP {status}"
    samples: list[float] = []
    extra = 0.0
    for i in range(requests):
        started = time.perf_counter()
        status, figure = await send(i)
        samples.append((time.perf_counter() - started) * 1000)
        assert status == expected_status, f"{label}: HTTP {status}"
        extra += figure
    tail = f", {extra_label} {extra / requests:.0f}" if extra_label else ""
    print(
        f"  {label:<42} p50 {percentile(samples, 0.50):9.1f} ms   "
        f"p95 {percentile(samples, 0.95):9.1f} ms   mean {statistics.fmean(samples):9.1f} ms   "
        f"(n={requests}{tail})",
        flush=True,
    )


# What a driver sends to the server: each call is one round trip (a cursor's getMore batches
# beyond the first are not counted; pages here stay within one batch).
ROUND_TRIP_METHODS = (
    "find",
    "find_one",
    "aggregate",
    "count_documents",
    "estimated_document_count",
    "distinct",
    "insert_one",
    "insert_many",
    "update_one",
    "update_many",
    "replace_one",
    "delete_one",
    "delete_many",
    "bulk_write",
    "find_one_and_update",
    "find_one_and_replace",
    "find_one_and_delete",
)


class RoundTripCounter:
    """Counts calls on the engine's collection class (Motor or mongomock-motor) while installed.

    The class of a live collection is patched, not a name imported here, so the count follows
    whatever engine `app.database` set up, shims included. `operations` counts them by
    `collection.method` (`"outbox_emails.insert_many"`), `calls` is their total.
    """

    def __init__(self) -> None:
        self.operations: Counter[str] = Counter()
        self._patched: list[tuple[type, str, Any]] = []

    @property
    def calls(self) -> int:
        """Round trips counted since the counter was made (or `operations` last cleared)."""
        return self.operations.total()

    def install(self, collection: Any) -> None:
        """Wrap every round-trip method of `collection`'s class."""
        cls = type(collection)
        for name in ROUND_TRIP_METHODS:
            original = cls.__dict__.get(name)
            method = getattr(cls, name, None)
            if method is None:
                continue
            self._patched.append((cls, name, original))
            setattr(cls, name, self._counting(name, method))

    def _counting(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        operations = self.operations

        def counted(collection: Any, *args: Any, **kwargs: Any) -> Any:
            operations[f"{collection.name}.{name}"] += 1
            return method(collection, *args, **kwargs)

        return counted

    def uninstall(self) -> None:
        """Put the original methods back."""
        for cls, name, original in reversed(self._patched):
            if original is None:
                delattr(cls, name)
            else:
                setattr(cls, name, original)
        self._patched.clear()
