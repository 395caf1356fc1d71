"""Emailed links point at the server itself unless FRONTEND_URL says otherwise."""

import pytest

from app.config import Settings, get_settings
from app.main import print_memory_banner
from app.seed import DemoLogin
from tests.factories import create_clinic_admin


@pytest.fixture
def no_link_settings(monkeypatch):
    """The environment of a fresh install: no PUBLIC_URL, FRONTEND_URL or HOST/PORT set."""
    for name in ("FRONTEND_URL", "PUBLIC_URL", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)


def fresh(**values) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_links_default_to_the_served_origin(no_link_settings):
    assert fresh().frontend_url == "http://127.0.0.1:8000"
    assert fresh(host="10.0.0.5", port=9000).frontend_url == "http://10.0.0.5:9000"
    # Listening everywhere: links still need a reachable name (PUBLIC_URL gives the real one).
    assert fresh(host="0.0.0.0").public_url == "http://127.0.0.1:8000"
    assert fresh(host="::1", port=8001).public_url == "http://[::1]:8001"


def test_public_url_and_an_explicit_frontend_url_win(no_link_settings, monkeypatch):
    assert fresh(public_url="https://clinic.example/").frontend_url == "https://clinic.example"
    monkeypatch.setenv("FRONTEND_URL", "http://localhost:5173")
    monkeypatch.setenv("PUBLIC_URL", "https://clinic.example")
    settings = fresh()
    assert (settings.frontend_url, settings.public_url) == (
        "http://localhost:5173",
        "https://clinic.example",
    )


async def test_a_reset_link_points_at_the_server_by_default(
    no_link_settings, monkeypatch, client, mailbox
):
    default = fresh(port=8123)
    monkeypatch.setattr(get_settings(), "frontend_url", default.frontend_url)
    admin = await create_clinic_admin(client)
    response = await client.post("/api/v1/auth/forgot-password", json={"email": admin.email})
    assert response.status_code == 202, response.text
    token = mailbox.token(admin.email, "reset-password")
    assert f"http://127.0.0.1:8123/reset-password?token={token}" in mailbox.to(admin.email)[-1].text


def test_the_demo_banner_gives_the_app_url_first(capsys):
    demo = DemoLogin(email="admin@demo-clinic.example", password="demo-password-2026")
    print_memory_banner(demo, "http://127.0.0.1:8000")
    lines = [line.strip("* ") for line in capsys.readouterr().err.splitlines() if line.strip("* ")]
    assert lines[0] == "Open the app: http://127.0.0.1:8000/"
    assert "admin@demo-clinic.example" in lines[-1]
