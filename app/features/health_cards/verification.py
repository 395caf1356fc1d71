"""Verifying a card: parse, find the issuer's key, check the signature, the type and the dates.

Pure: the issuers' keys and the instant come in as arguments; nothing is fetched.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from app.features.health_cards import bundle as card_bundle
from app.features.health_cards import jws
from app.features.health_cards.encoding import IncompleteCard, MalformedCard, jws_from_shc
from app.features.health_cards.keys import InvalidKey, public_key_of

Reason = Literal[
    "malformed",
    "incomplete",
    "unsupported_algorithm",
    "unknown_issuer",
    "unknown_key",
    "bad_signature",
    "not_a_health_card",
    "not_yet_valid",
    "expired",
]
# Clocks of issuer and verifier differ a little; a card issued "in a minute" is not refused.
CLOCK_LEEWAY_SECONDS = 300

# Issuer URL -> that issuer's ES256 signing keys by kid.
Keyrings = Mapping[str, Mapping[str, dict[str, Any]]]


@dataclass(frozen=True)
class Outcome:
    """What verification found; the card's content only when the card is valid."""

    valid: bool
    issuer: str | None = None
    reason: Reason | None = None
    patient: card_bundle.StatedPatient | None = None
    doses: list[card_bundle.StatedDose] = field(default_factory=list)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _type_and_dates(payload: dict[str, Any], now: datetime) -> Reason | None:
    vc = payload.get("vc")
    types = vc.get("type") if isinstance(vc, dict) else None
    if not isinstance(types, list) or card_bundle.HEALTH_CARD_TYPE not in types:
        return "not_a_health_card"
    if card_bundle.bundle_of(payload) is None:
        return "not_a_health_card"
    instant = now.timestamp()
    not_before = _number(payload.get("nbf"))
    if not_before is None:
        return "not_a_health_card"
    if not_before > instant + CLOCK_LEEWAY_SECONDS:
        return "not_yet_valid"
    # "Verifiers SHALL check the expiration, if present" (the framework's `exp`).
    if "exp" in payload:
        expires = _number(payload["exp"])
        if expires is None or expires < instant - CLOCK_LEEWAY_SECONDS:
            return "expired"
    return None


def verify(token: str, keyrings: Keyrings, now: datetime) -> Outcome:
    """Whether the compact JWS is a health card signed by one of these issuers' keys."""
    try:
        parsed = jws.parse(token)
    except MalformedCard:
        return Outcome(valid=False, reason="malformed")
    issuer = parsed.payload.get("iss")
    if not isinstance(issuer, str):
        return Outcome(valid=False, reason="not_a_health_card")
    if parsed.header.get("alg") != "ES256":
        return Outcome(valid=False, issuer=issuer, reason="unsupported_algorithm")
    keys = keyrings.get(issuer)
    if keys is None:
        return Outcome(valid=False, issuer=issuer, reason="unknown_issuer")
    jwk = keys.get(str(parsed.header.get("kid")))
    if jwk is None:
        return Outcome(valid=False, issuer=issuer, reason="unknown_key")
    try:
        holds = jws.signature_holds(parsed, public_key_of(jwk))
    except InvalidKey:
        holds = False
    if not holds:
        return Outcome(valid=False, issuer=issuer, reason="bad_signature")
    problem = _type_and_dates(parsed.payload, now)
    if problem is not None:
        return Outcome(valid=False, issuer=issuer, reason=problem)
    bundle = card_bundle.bundle_of(parsed.payload) or {}
    return Outcome(
        valid=True,
        issuer=issuer,
        patient=card_bundle.stated_patient(bundle),
        doses=card_bundle.stated_doses(bundle),
    )


def verify_shc(text: str, keyrings: Keyrings, now: datetime) -> Outcome:
    """`verify` for `shc:/` text: one line, or every chunk of a card (any order)."""
    try:
        token = jws_from_shc(text)
    except IncompleteCard:
        return Outcome(valid=False, reason="incomplete")
    except MalformedCard:
        return Outcome(valid=False, reason="malformed")
    return verify(token, keyrings, now)
