"""Verifying cards: ours round trip; altered, foreign and broken ones are refused; the
framework's published example cards verify with their example issuer's keys."""

import json
import time
import zlib

import pytest
from jwcrypto import jwk
from jwcrypto.common import base64url_decode, base64url_encode

from app.config import get_settings
from tests.factories import (
    add_dose,
    assert_error,
    create_clinic_admin,
    create_parent,
    create_patient,
)
from tests.features.health_cards.conftest import (
    DATA,
    EXAMPLE_ISSUER,
    VERIFY,
    card_path,
    card_payload,
    client_with,
    example_jws,
    example_shc_lines,
    jwcrypto_signed,
)
from tests.features.health_cards.test_card import born_plus, download, shc_lines

EXAMPLE_KEYS = {EXAMPLE_ISSUER: str(DATA / "example-issuer-jwks.json")}


async def verify(client, headers, **body) -> dict:
    response = await client.post(VERIFY, json=body, headers=headers)
    assert response.status_code == 200, response.text
    result: dict = response.json()
    assert set(result) == {"valid", "issuer", "reason", "patient", "immunizations"}
    return result


def refused(result: dict, reason: str) -> None:
    assert result["valid"] is False
    assert result["reason"] == reason
    assert result["patient"] is None and result["immunizations"] == []


async def test_our_card_round_trips_as_shc_and_as_jws(client, staff, child):
    await add_dose(client, staff.headers, child["id"], "08", born_plus(0), lot_number="HB-001")
    await add_dose(client, staff.headers, child["id"], "20", born_plus(61))
    [line] = await shc_lines(client, staff.headers, child["id"])
    token = await download(client, staff.headers, child["id"])
    parent = await create_parent(client)  # any signed-in user may verify
    for body in ({"shc": line}, {"jws": token}):
        result = await verify(client, parent.headers, **body)
        assert result["valid"] is True and result["reason"] is None
        assert result["issuer"] == get_settings().public_url
        assert result["patient"] == {"name": "Zoë Ngọc-Anh", "birth_date": child["date_of_birth"]}
        assert result["immunizations"] == [
            {"cvx": "08", "date": born_plus(0), "lot": "HB-001"},
            {"cvx": "20", "date": born_plus(61), "lot": None},
        ]


def tampered(token: str, old: str, new: str) -> str:
    """The JWS with `old` replaced by `new` in its payload, re-compressed, signature kept."""
    header, payload, signature = token.split(".")
    claims = zlib.decompress(base64url_decode(payload), wbits=-15).decode()
    assert old in claims
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = compressor.compress(claims.replace(old, new).encode()) + compressor.flush()
    return f"{header}.{base64url_encode(body)}.{signature}"


async def test_a_tampered_card_is_refused(client, staff, child):
    await add_dose(client, staff.headers, child["id"], "08", born_plus(0), lot_number="HB-001")
    token = await download(client, staff.headers, child["id"])
    assert (await verify(client, staff.headers, jws=token))["valid"] is True
    refused(
        await verify(client, staff.headers, jws=tampered(token, "HB-001", "HB-002")),
        "bad_signature",
    )
    header, payload, signature = token.split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    result = await verify(client, staff.headers, jws=f"{header}.{payload}.{flipped}")
    refused(result, "bad_signature")


async def test_a_card_from_an_unknown_issuer_is_refused(client, staff):
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    token = jwcrypto_signed(card_payload("https://unknown.example", time.time()), key)
    result = await verify(client, staff.headers, jws=token)
    refused(result, "unknown_issuer")
    assert result["issuer"] == "https://unknown.example"


async def test_another_servers_key_under_our_issuer_url_is_refused():
    # Two starts without HEALTH_CARD_SIGNING_KEY: same issuer URL, a new key each time.
    async with client_with() as before_restart:
        admin = await create_clinic_admin(before_restart)
        child = await create_patient(before_restart, admin.headers)
        token = await download(before_restart, admin.headers, child["id"])
    async with client_with() as after_restart:
        admin = await create_clinic_admin(after_restart)
        refused(await verify(after_restart, admin.headers, jws=token), "unknown_key")


@pytest.mark.parametrize(
    "text",
    [
        "not a card",
        "shc:/12345",  # an odd number of digits
        "shc:/99999999",
        "shc:/1/2/" + "56" * 10 + "\nshc:/1/2/" + "56" * 10,
        "shc:/" + "0" * 9 + "\nshc:/1/1/00",
    ],
)
async def test_broken_shc_text_is_refused_not_an_error(client, staff, text):
    result = await verify(client, staff.headers, shc=text)
    assert result["valid"] is False
    assert result["reason"] in {"malformed", "incomplete"}


@pytest.mark.parametrize(
    "token",
    ["a.b", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30.AA", "x" * 1000, "Zm9v.YmFy.YmF6"],
)
async def test_broken_jws_is_refused_not_an_error(client, staff, token):
    result = await verify(client, staff.headers, jws=token)
    assert result["valid"] is False
    assert result["reason"] in {"malformed", "not_a_health_card"}


@pytest.mark.parametrize(
    "body",
    [{}, {"shc": "shc:/00", "jws": "a.b.c"}, {"card": "shc:/00"}, {"shc": 5}, {"jws": "a\x00b"}],
)
async def test_a_body_that_is_neither_shc_nor_jws_is_a_422(client, staff, body):
    assert_error(await client.post(VERIFY, json=body, headers=staff.headers), 422)


async def test_verify_needs_a_signed_in_user(client):
    assert_error(await client.post(VERIFY, json={"shc": "shc:/00"}), 401)


async def test_the_frameworks_example_cards_verify_with_the_example_issuers_keys():
    async with client_with(health_card_trusted_issuers=EXAMPLE_KEYS) as http:
        admin = await create_clinic_admin(http)
        # example-00: a COVID-19 immunization card in one QR code, as JWS and as shc:/ text.
        [line] = example_shc_lines("00")
        for body in ({"jws": example_jws("00")}, {"shc": line}):
            result = await verify(http, admin.headers, **body)
            assert result == {
                "valid": True,
                "issuer": EXAMPLE_ISSUER,
                "reason": None,
                "patient": {"name": "John B. Anyperson", "birth_date": "1951-01-20"},
                "immunizations": [
                    {"cvx": "207", "date": "2021-01-01", "lot": "0000001"},
                    {"cvx": "207", "date": "2021-01-29", "lot": "0000007"},
                ],
            }
        # example-02: a lab result card in three chunks, scanned in any order.
        chunks = example_shc_lines("02")
        assert len(chunks) == 3
        result = await verify(http, admin.headers, shc="\n".join([chunks[2], chunks[0], chunks[1]]))
        assert result["valid"] is True and result["patient"] is None
        refused(await verify(http, admin.headers, shc="\n".join(chunks[:2])), "incomplete")
        altered = tampered(example_jws("00"), "0000007", "0000008")
        refused(await verify(http, admin.headers, jws=altered), "bad_signature")


async def test_the_example_cards_are_unknown_without_the_trusted_issuer(client, staff):
    result = await verify(client, staff.headers, jws=example_jws("00"))
    refused(result, "unknown_issuer")
    assert result["issuer"] == EXAMPLE_ISSUER


async def test_trusted_issuer_cards_verify_and_expired_or_future_ones_do_not():
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    public = {**json.loads(key.export_public()), "kid": key.thumbprint(), "alg": "ES256"}
    trusted = {"https://registry.example": {"keys": [public]}}
    now = time.time()
    async with client_with(health_card_trusted_issuers=trusted) as http:
        admin = await create_clinic_admin(http)
        good = jwcrypto_signed(card_payload("https://registry.example", now - 60), key)
        result = await verify(http, admin.headers, jws=good)
        assert result["valid"] is True
        assert result["patient"] == {"name": "Eli Elsewhere", "birth_date": "2020-02-29"}
        assert result["immunizations"] == [{"cvx": "08", "date": "2020-02-29", "lot": "HB-1"}]
        expired = card_payload("https://registry.example", now - 7200, exp=now - 3600)
        refused(await verify(http, admin.headers, jws=jwcrypto_signed(expired, key)), "expired")
        future = card_payload("https://registry.example", now + 86400)
        refused(
            await verify(http, admin.headers, jws=jwcrypto_signed(future, key)), "not_yet_valid"
        )
        not_a_card = card_payload("https://registry.example", now)
        not_a_card["vc"]["type"] = ["https://example.org#something-else"]
        refused(
            await verify(http, admin.headers, jws=jwcrypto_signed(not_a_card, key)),
            "not_a_health_card",
        )


async def test_a_card_signed_before_a_restart_verifies_with_a_configured_key():
    key = jwk.JWK.generate(kty="EC", crv="P-256")
    settings = {
        "health_card_signing_key": key.export_to_pem(private_key=True, password=None).decode()
    }
    async with client_with(**settings) as first:
        admin = await create_clinic_admin(first)
        child = await create_patient(first, admin.headers)
        token = await download(first, admin.headers, child["id"])
        jwks = (await first.get("/.well-known/jwks.json")).json()
    assert jwks["keys"][0]["kid"] == key.thumbprint()
    async with client_with(**settings) as second:
        admin = await create_clinic_admin(second)
        assert (await verify(second, admin.headers, jws=token))["valid"] is True


async def test_card_routes_need_a_signed_in_user(client, child):
    for suffix in ("", "/qr.png", "/qr.svg", "/shc"):
        assert_error(await client.get(card_path(child["id"], suffix)), 401)
