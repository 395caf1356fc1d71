"""Production safety checks on settings, and the readiness probe when the database is down."""

import pytest

from app.config import EXAMPLE_JWT_SECRET, Settings
from app.main import UnsafeSettings, create_app
from tests.signing_keys import health_card_key_pem

STRONG_SECRET = "x" * 40


def production(**overrides) -> Settings:
    values = {
        "environment": "production",
        "mongodb_url": "mongodb://db.internal:27017/?replicaSet=rs0",
        "jwt_secret_key": STRONG_SECRET,
        "debug": False,
        "health_card_signing_key": health_card_key_pem(),
    }
    return Settings(**{**values, **overrides})


def test_safe_production_settings_start():
    assert production().production_problems() == []
    create_app(production())


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"mongodb_url": "memory://"}, "memory://"),
        ({"jwt_secret_key": "short-secret"}, "shorter than 32 bytes"),
        ({"jwt_secret_key": EXAMPLE_JWT_SECRET}, "example value"),
        ({"debug": True}, "DEBUG"),
        ({"health_card_signing_key": ""}, "HEALTH_CARD_SIGNING_KEY"),
    ],
)
def test_production_refuses_unsafe_settings(overrides, problem):
    with pytest.raises(UnsafeSettings, match=problem):
        create_app(production(**overrides))


def test_development_tolerates_the_example_secret():
    settings = Settings(environment="development", jwt_secret_key=EXAMPLE_JWT_SECRET)
    assert settings.production_problems() == []


async def test_ready_is_503_when_the_database_does_not_answer(app, client):
    class DeadClient:
        def __getitem__(self, name):
            return self

        async def command(self, *args, **kwargs):
            raise ConnectionError("database down")

    live = app.state.db_client
    app.state.db_client = DeadClient()
    try:
        response = await client.get("/ready")
    finally:
        app.state.db_client = live
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"
    assert (await client.get("/health")).status_code == 200
