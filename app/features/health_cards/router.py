"""HTTP routes of SMART Health Cards: a child's card (file, QR codes, text), verify, the JWKS."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from app.core.audit import Actor
from app.features.auth.dependencies import CurrentUser, actor
from app.features.health_cards import qr, service
from app.features.health_cards.exceptions import ChunkNotFound
from app.features.health_cards.issuer import Issuer
from app.features.health_cards.schemas import HealthCardFile, KeySet, VerifyRequest, VerifyResult
from app.shared.schemas import error_responses

MEDIA_TYPE = "application/smart-health-card"
TAG = "health cards"

router = APIRouter(tags=[TAG], responses=error_responses(401, 422))
CARD = "/patients/{patient_id}/health-card"


def get_issuer(request: Request) -> Issuer:
    """This server as an issuer (built at start-up from the HEALTH_CARD_* settings)."""
    issuer: Issuer = request.app.state.health_card_issuer
    return issuer


CardIssuer = Annotated[Issuer, Depends(get_issuer)]
Chunk = Annotated[int, Query(ge=1, le=1000, description="Which QR code of a chunked card (from 1)")]


def _content(media_type: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"content": {media_type: {"schema": schema or {"type": "string"}}}}


@router.get(
    CARD,
    response_class=Response,
    responses={
        200: _content(MEDIA_TYPE, HealthCardFile.model_json_schema()),
        **error_responses(404),
    },
)
async def download_card(patient_id: str, user: CurrentUser, issuer: CardIssuer) -> Response:
    """The child's immunization card as a `.smart-health-card` file (staff, the child's parents)."""
    card = await service.issue_card(
        viewer=actor(user), patient_id=patient_id, issuer=issuer, action="health_card.download"
    )
    return Response(
        HealthCardFile(verifiableCredential=[card.jws]).model_dump_json(),
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{card.filename}"'},
    )


async def _chunk(
    viewer: Actor, patient_id: str, issuer: Issuer, chunk: int
) -> tuple[str, str, int]:
    card = await service.issue_card(
        viewer=viewer, patient_id=patient_id, issuer=issuer, action="health_card.read"
    )
    if chunk > len(card.segments):
        raise ChunkNotFound(chunk, len(card.segments))
    prefix, digits = card.segments[chunk - 1]
    return prefix, digits, len(card.segments)


def _chunk_headers(count: int) -> dict[str, str]:
    # The web app asks for `?chunk=2..N` when the card takes more than one code.
    return {"X-Health-Card-Chunks": str(count)}


@router.get(
    f"{CARD}/qr.png",
    response_class=Response,
    responses={
        200: _content("image/png", {"type": "string", "format": "binary"}),
        **error_responses(404),
    },
)
async def card_qr_png(
    patient_id: str, user: CurrentUser, issuer: CardIssuer, chunk: Chunk = 1
) -> Response:
    """A QR code of the card as PNG (`?chunk=N` for the Nth when the card needs several)."""
    prefix, digits, count = await _chunk(actor(user), patient_id, issuer, chunk)
    image = await run_in_threadpool(qr.png, prefix, digits)
    return Response(image, media_type="image/png", headers=_chunk_headers(count))


@router.get(
    f"{CARD}/qr.svg",
    response_class=Response,
    responses={200: _content("image/svg+xml"), **error_responses(404)},
)
async def card_qr_svg(
    patient_id: str, user: CurrentUser, issuer: CardIssuer, chunk: Chunk = 1
) -> Response:
    """A QR code of the card as SVG (`?chunk=N` for the Nth when the card needs several)."""
    prefix, digits, count = await _chunk(actor(user), patient_id, issuer, chunk)
    image = await run_in_threadpool(qr.svg, prefix, digits)
    return Response(image, media_type="image/svg+xml", headers=_chunk_headers(count))


@router.get(
    f"{CARD}/shc",
    response_class=Response,  # PlainTextResponse here would document errors as text too
    responses={200: _content("text/plain"), **error_responses(404)},
)
async def card_shc(patient_id: str, user: CurrentUser, issuer: CardIssuer) -> PlainTextResponse:
    """The card's `shc:/` text, one line per QR code."""
    card = await service.issue_card(
        viewer=actor(user), patient_id=patient_id, issuer=issuer, action="health_card.read"
    )
    lines = card.shc_lines
    return PlainTextResponse("\n".join(lines) + "\n", headers=_chunk_headers(len(lines)))


@router.post("/health-cards/verify")
async def verify_card(body: VerifyRequest, user: CurrentUser, issuer: CardIssuer) -> VerifyResult:
    """Verify a card (`shc:/` text or JWS): 200 with `valid` false and a `reason` when it fails.

    Valid only when signed by this server's key or by a key of an issuer in
    HEALTH_CARD_TRUSTED_ISSUERS; nothing is fetched from the network. A body with neither
    `shc` nor `jws` (or both) is a 422.
    """
    outcome = service.verify_card(shc=body.shc, token=body.jws, issuer=issuer)
    return VerifyResult.of(outcome)


def jwks_router(issuer: Issuer) -> APIRouter:
    """The issuer's key set at `<issuer URL>/.well-known/jwks.json` (public, CORS open)."""
    well_known = APIRouter(tags=[TAG])

    @well_known.get(issuer.jwks_path, response_model=KeySet)
    async def issuer_keys() -> JSONResponse:
        """The public keys that verify this server's health cards (JWKS)."""
        # "Issuers SHALL publish their public keys ... with CORS enabled": any verifier's page.
        return JSONResponse(
            issuer.jwks,
            headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=300"},
        )

    return well_known
