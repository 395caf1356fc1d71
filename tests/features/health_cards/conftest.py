"""Health cards tests: a cdc-acip clinic, its staff, a child with doses, and card helpers.

Everything a test checks on a card is read with other libraries than the app's: jwcrypto for
the JWS (the app signs with `cryptography`), zxing-cpp for the QR codes (the app draws them
with segno), zlib for the DEFLATE and fhir.resources for the FHIR Bundle.
"""

import json
import uuid
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from httpx import ASGITransport, AsyncClient
from jwcrypto import jwk, jws
from jwcrypto.common import base64url_decode, json_encode

from app.config import get_settings
from app.main import create_app
from tests.factories import (
    PATIENTS,
    SignedIn,
    create_clinic_admin,
    create_patient,
    create_staff,
    days_ago,
    set_schedule,
)
from tests.mail import Mailbox

DATA = Path(__file__).parents[2] / "data" / "health_cards"
EXAMPLE_ISSUER = "https://spec.smarthealth.cards/examples/issuer"
VERIFY = "/api/v1/health-cards/verify"
JWKS = "/.well-known/jwks.json"
CLINIC_NAME = "Sunrise Clinic"
CHILD_AGE_DAYS = 200  # about 6.5 months: two months of age is day 61


def card_path(patient_id: str, suffix: str = "") -> str:
    """A child's health card route (`/qr.png`, `/qr.svg`, `/shc` or the file)."""
    return f"{PATIENTS}/{patient_id}/health-card{suffix}"


def example_jws(number: str) -> str:
    """The JWS of one of the framework's example `.smart-health-card` files."""
    text = (DATA / f"example-{number}-e-file.smart-health-card").read_text()
    token: str = json.loads(text)["verifiableCredential"][0]
    return token


def example_shc_lines(number: str) -> list[str]:
    """The framework's published `shc:/` text of each QR code of an example card."""
    return [p.read_text() for p in sorted(DATA.glob(f"example-{number}-f-qr-code-*.txt"))]


def jwcrypto_verified_payload(token: str, key_set: dict[str, Any]) -> dict[str, Any]:
    """The inflated payload of a JWS verified by jwcrypto with the key its `kid` names."""
    parsed = jws.JWS()
    parsed.deserialize(token)
    header = json.loads(base64url_decode(token.split(".")[0]))
    [key] = [k for k in key_set["keys"] if k["kid"] == header["kid"]]
    parsed.verify(jwk.JWK(**key), alg="ES256")  # raises InvalidJWSSignature otherwise
    payload: dict[str, Any] = json.loads(zlib.decompress(parsed.payload, wbits=-15))
    return payload


def jwcrypto_signed(payload: dict[str, Any], key: jwk.JWK) -> str:
    """A health card signed by jwcrypto (ES256, raw DEFLATE, `kid` = RFC 7638 thumbprint)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = compressor.compress(json.dumps(payload, separators=(",", ":")).encode())
    body += compressor.flush()
    token = jws.JWS(body)
    header = {"alg": "ES256", "zip": "DEF", "kid": key.thumbprint()}
    token.add_signature(key, None, json_encode(header))
    compact: str = token.serialize(compact=True)
    return compact


def card_payload(issuer: str, nbf: float, **extra: Any) -> dict[str, Any]:
    """A minimal immunization card's claims, written out here, not by the app."""
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "resource:0",
                "resource": {
                    "resourceType": "Patient",
                    "name": [{"family": "Elsewhere", "given": ["Eli"]}],
                    "birthDate": "2020-02-29",
                },
            },
            {
                "fullUrl": "resource:1",
                "resource": {
                    "resourceType": "Immunization",
                    "status": "completed",
                    "vaccineCode": {
                        "coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "08"}]
                    },
                    "patient": {"reference": "resource:0"},
                    "occurrenceDateTime": "2020-02-29",
                    "lotNumber": "HB-1",
                },
            },
        ],
    }
    return {
        "iss": issuer,
        "nbf": nbf,
        "vc": {
            "type": ["https://smarthealth.cards#health-card"],
            "credentialSubject": {"fhirVersion": "4.0.1", "fhirBundle": bundle},
        },
        **extra,
    }


@asynccontextmanager
async def client_with(**settings: Any) -> AsyncIterator[AsyncClient]:
    """A client of an app started with these settings changed, on its own database."""
    changed = get_settings().model_copy(
        update={"database_name": f"hp_test_{uuid.uuid4().hex[:12]}", **settings}
    )
    application = create_app(changed)
    async with LifespanManager(application):
        transport = ASGITransport(app=application, client=("203.0.113.8", 50000))
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
        if not changed.uses_memory_engine:
            await application.state.db_client.drop_database(changed.database_name)


@pytest.fixture
async def admin(client: AsyncClient) -> SignedIn:
    admin = await create_clinic_admin(client, clinic_name=CLINIC_NAME)
    await set_schedule(client, admin.headers, "cdc-acip")
    return admin


@pytest.fixture
async def staff(client: AsyncClient, mailbox: Mailbox, admin: SignedIn) -> SignedIn:
    return await create_staff(client, mailbox, admin)


@pytest.fixture
async def child(client: AsyncClient, staff: SignedIn) -> dict[str, Any]:
    return await create_patient(
        client,
        staff.headers,
        first_name="Zoë",
        last_name="Ngọc-Anh",
        date_of_birth=days_ago(CHILD_AGE_DAYS),
    )
