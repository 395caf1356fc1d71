"""Every response says `nosniff`; personal data is never cached; HTML is never framed."""

from httpx import ASGITransport, AsyncClient

from app.config import Settings, get_settings
from app.main import create_app
from tests.factories import assert_error, create_clinic_admin, create_patient
from tests.signing_keys import health_card_key_pem

NOSNIFF = "nosniff"


def assert_no_store(response) -> None:
    assert response.headers.get("Cache-Control") == "no-store", dict(response.headers)


async def test_nosniff_on_every_kind_of_response(client):
    responses = [
        await client.get("/health"),
        await client.get("/openapi.json"),
        await client.get("/api/v1/auth/me"),  # 401
        await client.get("/api/v1/nowhere"),  # 404
        await client.post("/api/v1/auth/login", json={}),  # 422
        await client.delete("/health"),  # 405
    ]
    assert [r.status_code for r in responses] == [200, 200, 401, 404, 422, 405]
    for response in responses:
        assert response.headers.get("X-Content-Type-Options") == NOSNIFF, response.request.url


async def test_patient_data_and_api_errors_are_not_stored_by_caches(client):
    admin = await create_clinic_admin(client)
    patient = await create_patient(client, admin.headers)
    for path in (
        f"/api/v1/patients/{patient['id']}",
        "/api/v1/patients",
        f"/api/v1/patients/{patient['id']}/immunizations",
        "/api/v1/auth/me",
    ):
        response = await client.get(path, headers=admin.headers)
        assert response.status_code == 200, response.text
        assert_no_store(response)
    assert_no_store(await client.get("/api/v1/auth/me"))
    csv = await client.get(
        "/api/v1/immunizations/due-list", params={"format": "csv"}, headers=admin.headers
    )
    assert csv.status_code == 200, csv.text
    assert_no_store(csv)


async def test_html_pages_may_not_be_framed(client):
    for path in ("/docs", "/redoc"):
        page = await client.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Content-Type-Options"] == NOSNIFF


async def test_an_unexpected_error_still_carries_the_headers(app):
    async def explode() -> None:
        """A route that fails the way a bug would."""
        raise RuntimeError("boom")

    app.add_api_route("/api/v1/explode", explode)
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/api/v1/explode")
    assert_error(response, 500, "internal_error")
    assert response.headers["X-Content-Type-Options"] == NOSNIFF
    assert_no_store(response)
    assert response.headers["X-Request-ID"]


def settings_with(**values) -> Settings:
    return get_settings().model_copy(update=values)


PRODUCTION = {
    "environment": "production",
    "mongodb_url": "mongodb://db.internal:27017/?replicaSet=rs0",
    "jwt_secret_key": "p" * 40,
    "health_card_signing_key": health_card_key_pem(),
}


async def assert_no_docs(settings: Settings) -> None:
    # No lifespan: serving these paths needs no database.
    transport = ASGITransport(app=create_app(settings))
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
            response = await http.get(path)
            assert_error(response, 404, "not_found")
            assert response.headers["X-Content-Type-Options"] == NOSNIFF


async def test_docs_can_be_switched_off():
    await assert_no_docs(settings_with(api_docs_enabled=False))


async def test_production_serves_no_docs_unless_asked():
    await assert_no_docs(settings_with(**PRODUCTION))
    transport = ASGITransport(app=create_app(settings_with(**PRODUCTION, api_docs_enabled=True)))
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert (await http.get("/openapi.json")).status_code == 200
