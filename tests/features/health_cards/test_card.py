"""A child's card: the file, its JWS and FHIR Bundle, the `shc:/` text and the QR codes."""

import io
import json
import secrets
import time
import zlib
from typing import Any

import zxingcpp
from fhir.resources.R4B.bundle import Bundle
from jwcrypto import jwk
from jwcrypto.common import base64url_decode
from PIL import Image

from app.config import get_settings
from tests.factories import (
    add_dose,
    assert_error,
    create_clinic_admin,
    create_patient,
    days_ago,
    immunizations_path,
)
from tests.features.health_cards.conftest import (
    CHILD_AGE_DAYS,
    CLINIC_NAME,
    JWKS,
    VERIFY,
    card_path,
    client_with,
    jwcrypto_verified_payload,
)

CVX_SYSTEM = "http://hl7.org/fhir/sid/cvx"
# Coding.display is refused too: every coding is checked to hold only system and code.
FORBIDDEN_ELEMENTS = {"id", "meta", "text"}


def born_plus(days: int) -> str:
    """The ISO date `days` after the fixture child's birth."""
    return days_ago(CHILD_AGE_DAYS - days)


async def record_history(client, headers, patient_id) -> None:
    """Three valid doses (one given elsewhere), one too early, one entered in error."""
    await add_dose(client, headers, patient_id, "08", born_plus(0), lot_number="HB-001")
    await add_dose(client, headers, patient_id, "20", born_plus(61), lot_number="DT-42")
    await add_dose(client, headers, patient_id, "10", born_plus(61), source="historical")
    # DTaP at 20 days: under the minimum age, not a valid dose.
    await add_dose(client, headers, patient_id, "20", born_plus(20), lot_number="EARLY")
    wrong = await add_dose(client, headers, patient_id, "10", born_plus(30), lot_number="WRONG")
    marked = await client.post(
        immunizations_path(patient_id, wrong["id"]) + "/entered-in-error",
        json={"reason": "another child's dose"},
        headers=headers,
    )
    assert marked.status_code == 200, marked.text


def elements_named(value: Any, names: set[str]) -> list[str]:
    """Every key in `names` anywhere in a JSON value."""
    if isinstance(value, dict):
        found = [key for key in value if key in names]
        return found + [k for v in value.values() for k in elements_named(v, names)]
    if isinstance(value, list):
        return [k for v in value for k in elements_named(v, names)]
    return []


async def served_keys(client) -> dict[str, Any]:
    response = await client.get(JWKS)
    assert response.status_code == 200, response.text
    key_set: dict[str, Any] = response.json()
    return key_set


async def download(client, headers, patient_id) -> str:
    response = await client.get(card_path(patient_id), headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["verifiableCredential"]
    [token] = body["verifiableCredential"]
    return str(token)


async def test_the_file_is_a_smart_health_card_download(client, staff, child):
    response = await client.get(card_path(child["id"]), headers=staff.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/smart-health-card"
    assert response.headers["content-disposition"] == (
        'attachment; filename="health-card-zoe-ngoc-anh.smart-health-card"'
    )
    assert response.headers["Cache-Control"] == "no-store"


async def test_the_jws_verifies_with_the_served_keys_in_another_library(client, staff, child):
    await record_history(client, staff.headers, child["id"])
    token = await download(client, staff.headers, child["id"])
    key_set = await served_keys(client)
    [key] = key_set["keys"]
    assert {k: key[k] for k in ("kty", "crv", "use", "alg")} == {
        "kty": "EC",
        "crv": "P-256",
        "use": "sig",
        "alg": "ES256",
    }
    assert "d" not in key
    # jwcrypto computes the RFC 7638 thumbprint itself.
    assert key["kid"] == jwk.JWK(**key).thumbprint()
    header = json.loads(base64url_decode(token.split(".")[0]))
    assert header == {"zip": "DEF", "alg": "ES256", "kid": key["kid"]}
    payload = jwcrypto_verified_payload(token, key_set)
    assert payload["iss"] == get_settings().public_url
    assert payload["vc"]["type"] == [
        "https://smarthealth.cards#health-card",
        "https://smarthealth.cards#immunization",
    ]
    assert payload["vc"]["credentialSubject"]["fhirVersion"] == "4.0.1"
    assert isinstance(payload["nbf"], int)
    assert time.time() - 3600 < payload["nbf"] <= time.time()


async def test_the_payload_is_minified_raw_deflate(client, staff, child):
    token = await download(client, staff.headers, child["id"])
    raw = zlib.decompress(base64url_decode(token.split(".")[1]), wbits=-15)
    minified = json.dumps(json.loads(raw), separators=(",", ":"), ensure_ascii=False)
    assert raw == minified.encode()


async def test_the_bundle_is_minimal_valid_fhir_with_the_valid_doses(client, staff, child):
    await record_history(client, staff.headers, child["id"])
    token = await download(client, staff.headers, child["id"])
    payload = jwcrypto_verified_payload(token, await served_keys(client))
    bundle = payload["vc"]["credentialSubject"]["fhirBundle"]
    Bundle.model_validate(bundle)  # fhir.resources (R4B) raises on an invalid resource
    assert bundle["type"] == "collection"
    assert elements_named(bundle, FORBIDDEN_ELEMENTS) == []
    entries = bundle["entry"]
    assert [e["fullUrl"] for e in entries] == [f"resource:{i}" for i in range(len(entries))]
    patient = entries[0]["resource"]
    assert patient == {
        "resourceType": "Patient",
        "name": [{"family": "Ngọc-Anh", "given": ["Zoë"]}],
        "birthDate": child["date_of_birth"],
    }
    immunizations = [e["resource"] for e in entries[1:]]
    for immunization in immunizations:
        assert immunization["resourceType"] == "Immunization"
        assert immunization["status"] == "completed"
        assert immunization["patient"] == {"reference": "resource:0"}
        assert immunization["vaccineCode"] == {
            "coding": [
                {"system": CVX_SYSTEM, "code": immunization["vaccineCode"]["coding"][0]["code"]}
            ]
        }
    stated = sorted(
        (
            i["vaccineCode"]["coding"][0]["code"],
            i["occurrenceDateTime"],
            i.get("lotNumber"),
            i.get("performer"),
        )
        for i in immunizations
    )
    clinic = [{"actor": {"display": CLINIC_NAME}}]
    assert stated == [
        ("08", born_plus(0), "HB-001", clinic),
        ("10", born_plus(61), None, None),  # given elsewhere: no performer
        ("20", born_plus(61), "DT-42", clinic),
    ]


async def test_the_same_record_gives_the_same_card_until_it_changes(client, staff, child):
    first = await download(client, staff.headers, child["id"])
    assert await download(client, staff.headers, child["id"]) == first
    await add_dose(client, staff.headers, child["id"], "08", born_plus(0))
    assert await download(client, staff.headers, child["id"]) != first


async def shc_lines(client, headers, patient_id) -> list[str]:
    response = await client.get(card_path(patient_id, "/shc"), headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text.splitlines()


def decoded_qr(png: bytes) -> zxingcpp.Barcode:
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    return barcode


async def test_shc_text_and_png_qr_hold_the_jws(client, staff, child):
    await record_history(client, staff.headers, child["id"])
    token = await download(client, staff.headers, child["id"])
    [line] = await shc_lines(client, staff.headers, child["id"])
    assert line.startswith("shc:/")
    digits = line.removeprefix("shc:/")
    # The framework's numeric encoding, decoded here: two digits per character, plus 45.
    assert "".join(chr(int(digits[i : i + 2]) + 45) for i in range(0, len(digits), 2)) == token
    response = await client.get(card_path(child["id"], "/qr.png"), headers=staff.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.headers["X-Health-Card-Chunks"] == "1"
    barcode = decoded_qr(response.content)
    assert barcode.text == line
    assert int(barcode.extra["Version"]) <= 22


async def test_the_svg_qr_is_an_svg_image(client, staff, child):
    response = await client.get(card_path(child["id"], "/qr.svg"), headers=staff.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"viewBox" in response.content


async def test_chunks_out_of_range_are_refused(client, staff, child):
    for suffix in ("/qr.png", "/qr.svg"):
        missing = await client.get(
            card_path(child["id"], suffix), params={"chunk": 2}, headers=staff.headers
        )
        assert assert_error(missing, 404, "health_card_chunk_not_found")["details"] == {
            "chunk": 2,
            "chunks": 1,
        }
        for bad in ("0", "-1", "one"):
            refused = await client.get(
                card_path(child["id"], suffix), params={"chunk": bad}, headers=staff.headers
            )
            assert_error(refused, 422)


async def record_long_lots(client, headers, patient_id) -> None:
    """Valid doses whose long random lot numbers make the card too big for one QR code."""
    doses = [("08", 0), ("20", 61), ("10", 61), ("08", 61), ("20", 122), ("10", 122)]
    for cvx, day in doses:
        lot = secrets.token_hex(50)  # 100 characters that DEFLATE cannot shrink much
        await add_dose(client, headers, patient_id, cvx, born_plus(day), lot_number=lot)


async def test_a_big_card_is_chunked_by_the_framework_rule(client, staff, child):
    await record_long_lots(client, staff.headers, child["id"])
    token = await download(client, staff.headers, child["id"])
    assert len(token) > 1195
    lines = await shc_lines(client, staff.headers, child["id"])
    count = len(lines)
    assert count == -(-len(token) // 1191)  # the fewest chunks of at most 1191 characters
    joined = ""
    for index, line in enumerate(lines, start=1):
        prefix = f"shc:/{index}/{count}/"
        assert line.startswith(prefix)
        digits = line.removeprefix(prefix)
        part = "".join(chr(int(digits[i : i + 2]) + 45) for i in range(0, len(digits), 2))
        assert len(part) <= 1191
        joined += part
        response = await client.get(
            card_path(child["id"], "/qr.png"), params={"chunk": index}, headers=staff.headers
        )
        assert response.headers["X-Health-Card-Chunks"] == str(count)
        barcode = decoded_qr(response.content)
        assert barcode.text == line
        assert int(barcode.extra["Version"]) <= 22
    assert joined == token
    # Balanced chunks: no two differ by more than one character.
    sizes = [len(line.split("/", 3)[3]) // 2 for line in lines]
    assert max(sizes) - min(sizes) <= 1
    verified = await client.post(
        VERIFY, json={"shc": "\n".join(reversed(lines))}, headers=staff.headers
    )
    assert verified.json()["valid"] is True
    partial = await client.post(VERIFY, json={"shc": lines[0]}, headers=staff.headers)
    assert partial.json() == {**partial.json(), "valid": False, "reason": "incomplete"}


async def test_a_configured_issuer_url_is_the_iss_and_serves_the_keys():
    async with client_with(health_card_issuer="https://cards.clinic.example/hp/") as http:
        admin = await create_clinic_admin(http)
        child = await create_patient(http, admin.headers)
        token = await download(http, admin.headers, child["id"])
        assert (await http.get(JWKS)).status_code == 404
        keys = await http.get("/hp/.well-known/jwks.json")
        assert keys.status_code == 200
        assert keys.headers["Access-Control-Allow-Origin"] == "*"
        payload = jwcrypto_verified_payload(token, keys.json())
        assert payload["iss"] == "https://cards.clinic.example/hp"
        verified = await http.post(VERIFY, json={"jws": token}, headers=admin.headers)
        assert verified.json()["valid"] is True


async def test_the_jwks_is_public_and_open_to_other_origins(client):
    response = await client.get(JWKS, headers={"Origin": "https://verifier.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert len(response.json()["keys"]) == 1
