"""A weak JWT secret is refused whenever the data outlives the process, whatever ENVIRONMENT says.

Tokens signed with the published example secret (or any short one) can be forged by anyone;
only the in-process engine, whose data dies with the server, may keep the example.
"""

import pytest

from app.config import EXAMPLE_JWT_SECRET, MEMORY_URL, Settings
from app.main import UnsafeSettings, create_app

REAL_DATABASE = "mongodb://db.internal:27017/?replicaSet=rs0"
STRONG_SECRET = "k" * 40


def settings(environment: str, mongodb_url: str, secret: str) -> Settings:
    return Settings(environment=environment, mongodb_url=mongodb_url, jwt_secret_key=secret)


@pytest.mark.parametrize("environment", ["development", "test"])
def test_the_example_secret_is_refused_on_a_real_database(environment):
    with pytest.raises(UnsafeSettings, match="example value"):
        create_app(settings(environment, REAL_DATABASE, EXAMPLE_JWT_SECRET))


@pytest.mark.parametrize("environment", ["development", "test"])
def test_a_secret_under_32_bytes_is_refused_on_a_real_database(environment):
    # 31 bytes: one short of the rule, in bytes not characters ("é" is two bytes).
    short = "é" * 15 + "x"
    assert len(short.encode()) == 31
    with pytest.raises(UnsafeSettings, match="shorter than 32 bytes"):
        create_app(settings(environment, REAL_DATABASE, short))


@pytest.mark.parametrize("environment", ["development", "test"])
def test_a_strong_secret_starts_on_a_real_database(environment):
    create_app(settings(environment, REAL_DATABASE, STRONG_SECRET))


def test_development_on_the_in_process_engine_keeps_the_example_secret():
    # The default ./run_server.sh: memory:// and the example secret.
    create_app(settings("development", MEMORY_URL, EXAMPLE_JWT_SECRET))


def test_production_still_refuses_the_example_secret_and_memory():
    with pytest.raises(UnsafeSettings) as refused:
        create_app(settings("production", MEMORY_URL, EXAMPLE_JWT_SECRET))
    assert "memory://" in str(refused.value)
    assert "example value" in str(refused.value)
