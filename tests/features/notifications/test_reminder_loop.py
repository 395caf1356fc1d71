"""The in-process reminder loop starts with the app when REMINDERS_ENABLED is set."""

import asyncio
import uuid

from asgi_lifespan import LifespanManager

from app.config import get_settings
from app.features.notifications import reminders
from app.main import create_app


async def run_app_briefly(monkeypatch, *, enabled: bool) -> list[object]:
    calls: list[object] = []

    async def fake_run(now, **kwargs):
        calls.append(now)
        return reminders.RunResult(created=0, sent=0, failed=0, skipped=0)

    monkeypatch.setattr(reminders, "run_due_reminders", fake_run)
    settings = get_settings().model_copy(
        update={
            "reminders_enabled": enabled,
            "reminders_interval_seconds": 3600,
            "database_name": f"hp_test_{uuid.uuid4().hex[:12]}",
        }
    )
    app = create_app(settings)
    async with LifespanManager(app):
        await asyncio.sleep(0.05)
        if not settings.uses_memory_engine:
            await app.state.db_client.drop_database(settings.database_name)
    return calls


async def test_the_loop_runs_at_start_when_enabled(monkeypatch):
    assert len(await run_app_briefly(monkeypatch, enabled=True)) == 1


async def test_no_loop_when_disabled(monkeypatch):
    assert await run_app_briefly(monkeypatch, enabled=False) == []
