"""Issuer keys: the EC P-256 signing key, public JWKs with their RFC 7638 thumbprints, key sets."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.features.health_cards.encoding import MalformedCard, b64url_decode, b64url_encode

# The framework allows one key type: "Elliptic Curve keys using the P-256 curve", used as ES256.
CURVE = ec.SECP256R1()
_COORDINATE_BYTES = 32


class InvalidKey(ValueError):
    """A key that is not an EC P-256 key in a form we read."""


def thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint of an EC public JWK: its required members, sorted, no spaces."""
    required = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":"))
    return b64url_encode(hashlib.sha256(canonical.encode()).digest())


def public_jwk(key: ec.EllipticCurvePublicKey) -> dict[str, Any]:
    """The public JWK the framework asks issuers to publish (`kid` is its thumbprint)."""
    numbers = key.public_numbers()
    jwk: dict[str, Any] = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url_encode(numbers.x.to_bytes(_COORDINATE_BYTES, "big")),
        "y": b64url_encode(numbers.y.to_bytes(_COORDINATE_BYTES, "big")),
    }
    return {"kty": "EC", "kid": thumbprint(jwk), "use": "sig", "alg": "ES256", **jwk}


def _coordinate(jwk: dict[str, Any], name: str) -> int:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise InvalidKey(f"the JWK has no {name!r}")
    try:
        raw = b64url_decode(value)
    except MalformedCard as exc:
        raise InvalidKey(f"the JWK's {name!r} is not base64url") from exc
    if len(raw) != _COORDINATE_BYTES:
        raise InvalidKey(f"the JWK's {name!r} is not a P-256 coordinate")
    return int.from_bytes(raw, "big")


def public_key_of(jwk: dict[str, Any]) -> ec.EllipticCurvePublicKey:
    """The public key of an EC P-256 JWK; InvalidKey for anything else or a point off the curve."""
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise InvalidKey("not an EC P-256 JWK")
    numbers = ec.EllipticCurvePublicNumbers(_coordinate(jwk, "x"), _coordinate(jwk, "y"), CURVE)
    try:
        return numbers.public_key()
    except ValueError as exc:
        raise InvalidKey("the JWK's point is not on P-256") from exc


def _private_key_from_jwk(jwk: dict[str, Any]) -> ec.EllipticCurvePrivateKey:
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise InvalidKey("not an EC P-256 JWK")
    try:
        key = ec.derive_private_key(_coordinate(jwk, "d"), CURVE)
    except ValueError as exc:
        raise InvalidKey("the JWK's d is not a P-256 private key") from exc
    # A JWK whose x and y do not belong to its d would publish a key that verifies nothing.
    published = public_jwk(key.public_key())
    if any(name in jwk and jwk[name] != published[name] for name in ("x", "y")):
        raise InvalidKey("the JWK's public point does not match its private key")
    return key


def load_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """An EC P-256 private key from PEM (PKCS#8 or SEC1) or from a JWK with `d`."""
    text = text.strip()
    if text.startswith("{"):
        try:
            jwk = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidKey("not a JSON JWK") from exc
        if not isinstance(jwk, dict):
            raise InvalidKey("not a JSON JWK")
        return _private_key_from_jwk(jwk)
    try:
        key = serialization.load_pem_private_key(text.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise InvalidKey("neither a PEM private key nor a JWK") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != CURVE.name:
        raise InvalidKey("not an EC P-256 private key")
    return key


@dataclass(frozen=True)
class SigningKey:
    """The issuer's private key and the public JWK it publishes."""

    private_key: ec.EllipticCurvePrivateKey
    jwk: dict[str, Any]

    @property
    def kid(self) -> str:
        """The key's id in JWS headers and in the JWKS."""
        return str(self.jwk["kid"])

    @classmethod
    def of(cls, private_key: ec.EllipticCurvePrivateKey) -> "SigningKey":
        """Wrap a private key with its public JWK."""
        return cls(private_key, public_jwk(private_key.public_key()))

    @classmethod
    def generate(cls) -> "SigningKey":
        """A fresh key (development and tests: cards stop verifying when it is gone)."""
        return cls.of(ec.generate_private_key(CURVE))


def signing_keys_of(jwks: Any) -> dict[str, dict[str, Any]]:
    """The ES256 signing keys of a JWKS by `kid`; InvalidKey when it is not a key set."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise InvalidKey('not a JWKS ({"keys": [...]})')
    keys = {}
    for jwk in jwks["keys"]:
        # "Signing keys ... can be identified by kid ... by filtering on kty, use, and alg".
        if not isinstance(jwk, dict) or jwk.get("alg", "ES256") != "ES256":
            continue
        if jwk.get("use", "sig") != "sig" or "kid" not in jwk:
            continue
        public_key_of(jwk)  # refuse a broken key at start-up, not at the first verification
        keys[str(jwk["kid"])] = jwk
    return keys
