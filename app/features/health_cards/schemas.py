"""Request and response models of the health cards routes."""

from datetime import date
from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, model_validator

from app.features.health_cards.verification import Outcome, Reason
from app.shared.schemas import RequestModel
from app.shared.text import MultiLine, SingleLine

Day = date  # a field below is named `date`

# Room for the framework's three-chunk example (a 3,262-character JWS, 6,560 characters of
# shc:/ text); a child's card here is one or two QR codes. Kept under 8,000 so that the API
# fuzzer can write a value one character too long.
MAX_SHC_TEXT = 7_000
MAX_JWS_TEXT = 3_500


class HealthCardFile(BaseModel):
    """A `.smart-health-card` file: the card's verifiable credentials as compact JWS."""

    verifiableCredential: list[str]  # the framework's field name


class VerifyRequest(RequestModel):
    """A card to verify: its `shc:/` text (one line, or every chunk one per line) or its JWS."""

    shc: Annotated[str | None, Field(max_length=MAX_SHC_TEXT), MultiLine] = None
    jws: Annotated[str | None, Field(max_length=MAX_JWS_TEXT), SingleLine] = None

    @model_validator(mode="after")
    def exactly_one(self) -> Self:
        """One of `shc` and `jws`, not both, not neither."""
        if (self.shc is None) == (self.jws is None):
            raise ValueError("send exactly one of shc and jws")
        return self


class CardPatient(BaseModel):
    """The person a card names."""

    name: str
    birth_date: str | None = Field(description="FHIR date: YYYY-MM-DD, or YYYY-MM or YYYY")


class CardImmunization(BaseModel):
    """One immunization a card states."""

    cvx: str | None
    date: Day | None
    lot: str | None


class VerifyResult(BaseModel):
    """Whether the card is genuine; its content only when it is.

    `reason` (when `valid` is false): `malformed` (not a card's text), `incomplete` (chunks
    missing or repeated), `unsupported_algorithm` (not ES256), `unknown_issuer` (neither this
    server nor a trusted issuer), `unknown_key` (a key the issuer does not list),
    `bad_signature` (altered, or signed by someone else), `not_a_health_card`,
    `not_yet_valid`, `expired`.
    """

    valid: bool
    issuer: str | None = Field(description="The card's `iss`, when it could be read")
    reason: Reason | None
    patient: CardPatient | None
    immunizations: list[CardImmunization]

    @classmethod
    def of(cls, outcome: Outcome) -> "VerifyResult":
        """The API view of a verification."""
        patient = outcome.patient
        return cls(
            valid=outcome.valid,
            issuer=outcome.issuer,
            reason=outcome.reason,
            patient=CardPatient(name=patient.name, birth_date=patient.birth_date)
            if patient
            else None,
            immunizations=[
                CardImmunization(cvx=d.cvx, date=d.date, lot=d.lot) for d in outcome.doses
            ],
        )


class KeySet(BaseModel):
    """The issuer's public keys (JWKS): EC P-256, ES256, `kid` = RFC 7638 thumbprint."""

    keys: list[dict[str, Any]]
