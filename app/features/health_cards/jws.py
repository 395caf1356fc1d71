"""Compact JWS with ES256 over a raw-DEFLATE payload, as SMART Health Cards are signed.

Built on `cryptography`'s ECDSA rather than python-jose: python-jose writes a `typ: JWT` header
that the framework's header (`zip`, `alg`, `kid`) does not have, and cannot sign deterministically.
"""

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from app.features.health_cards.encoding import (
    MalformedCard,
    b64url_decode,
    b64url_encode,
    deflate,
    inflate,
)
from app.features.health_cards.keys import SigningKey

_COORDINATE_BYTES = 32
# RFC 6979 signatures: the same card signs to the same JWS, so the QR codes of a chunked card
# fetched in separate requests belong together, and a card does not change until its data does.
_ES256 = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)


def minified(value: Any) -> bytes:
    """JSON with every optional whitespace stripped, UTF-8."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def sign(payload: dict[str, Any], key: SigningKey) -> str:
    """The compact JWS of a payload: minified, raw-DEFLATE compressed, signed ES256."""
    header = {"zip": "DEF", "alg": "ES256", "kid": key.kid}
    signing_input = f"{b64url_encode(minified(header))}.{b64url_encode(deflate(minified(payload)))}"
    der = key.private_key.sign(signing_input.encode("ascii"), _ES256)
    r, s = decode_dss_signature(der)
    # JWS carries the raw R || S pair (RFC 7518 section 3.4), not the DER that OpenSSL returns.
    raw = r.to_bytes(_COORDINATE_BYTES, "big") + s.to_bytes(_COORDINATE_BYTES, "big")
    return f"{signing_input}.{b64url_encode(raw)}"


@dataclass(frozen=True)
class ParsedJws:
    """A compact JWS taken apart (nothing verified yet)."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MalformedCard(f"the {what} is not JSON") from exc
    if not isinstance(value, dict):
        raise MalformedCard(f"the {what} is not a JSON object")
    return value


def parse(jws: str) -> ParsedJws:
    """Header, inflated payload and signature of a compact JWS; MalformedCard if it is none."""
    parts = jws.strip().split(".")
    if len(parts) != 3:
        raise MalformedCard("a compact JWS has three parts")
    header = _json_object(b64url_decode(parts[0]), "header")
    body = b64url_decode(parts[1])
    if header.get("zip") == "DEF":
        body = inflate(body)
    elif "zip" in header:
        raise MalformedCard("an unknown zip algorithm")
    payload = _json_object(body, "payload")
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    return ParsedJws(header, payload, signing_input, b64url_decode(parts[2]))


def signature_holds(parsed: ParsedJws, public_key: ec.EllipticCurvePublicKey) -> bool:
    """Whether the ES256 signature of the JWS checks against the key."""
    if len(parsed.signature) != 2 * _COORDINATE_BYTES:
        return False
    r = int.from_bytes(parsed.signature[:_COORDINATE_BYTES], "big")
    s = int.from_bytes(parsed.signature[_COORDINATE_BYTES:], "big")
    try:
        public_key.verify(
            encode_dss_signature(r, s), parsed.signing_input, ec.ECDSA(hashes.SHA256())
        )
    except InvalidSignature:
        return False
    return True
