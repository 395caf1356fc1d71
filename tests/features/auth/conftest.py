"""Auth tests: every response they see is checked for leaked hashes."""

import re

import pytest
from httpx import AsyncClient, Response

from app.features.auth.models import ActionToken

# A SHA-256 hex digest (how emailed tokens are stored) or a password hash of either scheme.
_SECRET_LOOKING = re.compile(r"password_hash|token_hash|\$argon2|\$2[aby]\$|\b[0-9a-f]{64}\b")


def assert_no_secrets(body: str, token_hashes: set[str], sent: str = "") -> None:
    """Fail when a response body carries a password hash or a stored token hash.

    What the caller sent itself may come back (a 422 names the unknown field `password_hash`).
    """
    for leaked in _SECRET_LOOKING.finditer(body):
        assert leaked.group(0) in sent, f"response leaks {leaked.group(0)!r}: {body[:300]}"
    for token_hash in token_hashes:
        assert token_hash not in body, "response leaks a token hash"


@pytest.fixture(autouse=True)
async def no_secrets_in_responses(client: AsyncClient) -> None:
    """Check every response of the test's client, whatever the test asserts itself."""

    async def check(response: Response) -> None:
        body = (await response.aread()).decode("utf-8", "replace")
        stored = {t.token_hash for t in await ActionToken.find_all().to_list()}
        sent = response.request.content.decode("utf-8", "replace")
        assert_no_secrets(body, stored, sent)

    client.event_hooks["response"].append(check)
