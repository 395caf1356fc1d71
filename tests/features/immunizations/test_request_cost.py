"""A child's requests cost the same whatever the clinic's size: round trips, engine runs, reads
of the clinic's schedule."""

from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from httpx import AsyncClient, Response

from app.features.clinic import service as clinic_service
from app.features.clinic.models import Clinic
from app.features.schedules import service as schedules_service
from scripts.bench_support import RoundTripCounter
from tests.factories import PATIENTS, SignedIn, create_patient, days_ago, immunizations_path


@contextmanager
def counting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Count database round trips, engine runs and reads of a clinic while in the block."""
    counts: Counter[str] = Counter()

    def counted(key: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            counts[key] += 1
            return original(*args, **kwargs)

        return call

    round_trips = RoundTripCounter()
    with monkeypatch.context() as patch:
        patch.setattr(
            schedules_service, "forecast", counted("engine runs", schedules_service.forecast)
        )
        patch.setattr(
            clinic_service, "get_clinic", counted("clinic reads", clinic_service.get_clinic)
        )
        round_trips.install(Clinic.get_motor_collection())  # every collection shares its class
        try:
            yield counts
        finally:
            round_trips.uninstall()
            counts["round trips"] = round_trips.calls


async def cost(
    monkeypatch: pytest.MonkeyPatch, send: Callable[[], Awaitable[Response]], status: int
) -> Counter[str]:
    with counting(monkeypatch) as counts:
        response = await send()
    assert response.status_code == status, response.text
    return counts


async def add_children(client: AsyncClient, staff: SignedIn, count: int) -> None:
    for n in range(count):
        patient = await create_patient(
            client, staff.headers, first_name=f"Other{n}", date_of_birth=days_ago(30 + 7 * n)
        )
        await client.post(
            immunizations_path(patient["id"]),
            json={"cvx": "08", "date_administered": days_ago(30 + 7 * n), "source": "historical"},
            headers=staff.headers,
        )


async def test_recording_a_dose_and_reading_a_forecast_cost_the_same_in_any_clinic(
    client: AsyncClient, staff: SignedIn, child: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = child["id"]

    def record(day: int) -> Callable[[], Awaitable[Response]]:
        body = {"cvx": "20", "date_administered": days_ago(day), "source": "administered"}
        return lambda: client.post(immunizations_path(pid), json=body, headers=staff.headers)

    def forecast() -> Awaitable[Response]:
        return client.get(f"{PATIENTS}/{pid}/forecast", headers=staff.headers)

    await add_children(client, staff, 5)
    small = [await cost(monkeypatch, record(130), 201), await cost(monkeypatch, forecast, 200)]
    # Recording a dose runs the engine once and reads the clinic's schedule once.
    assert small[0]["engine runs"] == 1
    assert small[0]["clinic reads"] == 1
    assert small[1]["engine runs"] == small[1]["clinic reads"] == 1

    await add_children(client, staff, 45)
    large = [await cost(monkeypatch, record(70), 201), await cost(monkeypatch, forecast, 200)]
    assert large == small
