"""Bodies over the configured limit are refused with 413 before they are read into memory."""

from collections.abc import AsyncIterator

import pytest
from fastapi import Request
from httpx import ASGITransport, AsyncClient

from app import main
from app.config import get_settings
from tests.factories import assert_error

LOGIN = "/api/v1/auth/login"
LIMIT = 1_048_576  # MAX_REQUEST_BODY_BYTES' default, which the tests run with
CHUNK = 64 * 1024


def login_body(size: int) -> bytes:
    """A valid login body of exactly `size` bytes (JSON allows trailing whitespace)."""
    body = b'{"email": "nobody@example.org", "password": "not the password"}'
    assert size >= len(body)
    return body + b" " * (size - len(body))


class CountingBody:
    """A streamed request body that counts how much of it the server pulled."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.body), CHUNK):
            chunk = self.body[start : start + CHUNK]
            self.pulled += len(chunk)
            yield chunk


def test_the_default_limits_are_one_and_ten_megabytes():
    assert get_settings().max_request_body_bytes == LIMIT
    assert get_settings().max_upload_body_bytes == 10 * LIMIT


async def test_a_declared_length_over_the_limit_is_refused_unread(client):
    body = CountingBody(login_body(5 * LIMIT))
    response = await client.post(
        LOGIN,
        content=body,
        headers={"Content-Type": "application/json", "Content-Length": str(5 * LIMIT)},
    )
    assert_error(response, 413, "request_too_large")
    assert body.pulled == 0
    # Refused outside the app, yet with the headers every response carries.
    assert response.headers["X-Request-ID"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_a_chunked_body_is_cut_off_at_the_limit(client):
    body = CountingBody(login_body(5 * LIMIT))
    response = await client.post(LOGIN, content=body, headers={"Content-Type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_error(response, 413, "request_too_large")
    # Reading stopped with the chunk that crossed the limit.
    assert body.pulled <= LIMIT + CHUNK


async def test_a_content_length_that_understates_the_body_does_not_help(client):
    body = CountingBody(login_body(3 * LIMIT))
    response = await client.post(
        LOGIN,
        content=body,
        headers={"Content-Type": "application/json", "Content-Length": "100"},
    )
    assert_error(response, 413, "request_too_large")
    assert body.pulled <= LIMIT + CHUNK


@pytest.mark.parametrize("streamed", [False, True])
async def test_a_body_of_exactly_the_limit_is_served_normally(client, streamed):
    raw = login_body(LIMIT)
    content = CountingBody(raw) if streamed else raw
    response = await client.post(
        LOGIN, content=content, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 401, "invalid_credentials")


async def test_one_byte_over_the_limit_is_refused(client):
    response = await client.post(
        LOGIN, content=login_body(LIMIT + 1), headers={"Content-Type": "application/json"}
    )
    assert_error(response, 413, "request_too_large")


async def test_upload_paths_take_the_larger_limit(monkeypatch):
    monkeypatch.setattr(main, "UPLOAD_PATH_PREFIXES", ("/imports",))
    settings = get_settings().model_copy(
        update={"max_request_body_bytes": 1_000, "max_upload_body_bytes": 5_000}
    )
    app = main.create_app(settings)

    async def receive_upload(request: Request) -> dict[str, int]:
        """Reads the stream itself, outside FastAPI's body parsing."""
        return {"received": len(await request.body())}

    for path in ("/api/v1/imports/files", "/api/v1/other"):
        app.add_api_route(path, receive_upload, methods=["POST"])
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        upload = await http.post("/api/v1/imports/files", content=CountingBody(b"x" * 4_000))
        assert upload.status_code == 200, upload.text
        assert upload.json() == {"received": 4_000}
        too_big = await http.post("/api/v1/imports/files", content=CountingBody(b"x" * 6_000))
        assert_error(too_big, 413, "request_too_large")
        elsewhere = await http.post("/api/v1/other", content=CountingBody(b"x" * 4_000))
        assert_error(elsewhere, 413, "request_too_large")
        declared = await http.post("/api/v1/other", content=b"x" * 1_001)
        assert_error(declared, 413, "request_too_large")
