"""Application factory: lifespan, routers, error handlers and middleware."""

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from app.config import Settings, get_settings
from app.core.body_limit import BodyLimitMiddleware
from app.core.client_address import TrustedProxies
from app.core.errors import error_body, register_error_handlers
from app.core.logging import RequestContextMiddleware, configure_logging
from app.core.security_headers import SecurityHeadersMiddleware
from app.database import init_database, ping
from app.features.auth import service as auth_service
from app.features.auth.router import router as auth_router
from app.features.clinic import events as clinic_events
from app.features.clinic.router import router as clinic_router
from app.features.clinic.signup_router import router as signup_router
from app.features.clinic.staff_router import router as staff_router
from app.features.fhir.import_router import router as fhir_import_router
from app.features.fhir.router import router as fhir_router
from app.features.health_cards.issuer import HealthCardSettingsError, issuer_from_settings
from app.features.health_cards.router import jwks_router
from app.features.health_cards.router import router as health_cards_router
from app.features.immunizations import forecasts as immunization_forecasts
from app.features.immunizations.router import records_router, worklist_router
from app.features.milestones import concerns as milestone_concerns
from app.features.milestones.router import router as milestones_router
from app.features.notifications import service as notifications_service
from app.features.notifications.router import router as notifications_router
from app.features.patients import events as patient_events
from app.features.patients import portal as patients_portal
from app.features.patients.conditions_router import router as conditions_router
from app.features.patients.portal_router import router as portal_router
from app.features.patients.router import router as patients_router
from app.features.reports.router import router as reports_router
from app.features.schedules.router import router as schedules_router
from app.seed import DemoLogin, seed_demo_clinic
from app.seed_bulk import freeze_loaded_objects
from app.web import mount_web_app

logger = logging.getLogger("app")


def print_memory_banner(demo: DemoLogin | None, app_url: str) -> None:
    """Say where the app is, that nothing is kept, and how to sign in to the demo clinic."""
    lines = [
        f"Open the app: {app_url}/",
        "Health Passport is running on the IN-PROCESS database engine (MONGODB_URL=memory://).",
        "All data lives in memory only and is gone when the server stops.",
    ]
    if demo:
        lines.append(f"Demo clinic admin: {demo.email} / password: {demo.password}")
    width = max(len(line) for line in lines) + 4
    print("\n" + "*" * width, file=sys.stderr)
    for line in lines:
        print(f"* {line.ljust(width - 4)} *", file=sys.stderr)
    print("*" * width + "\n", file=sys.stderr, flush=True)


TAGS = [
    {"name": "auth", "description": "Sign up, sign in, tokens, passwords and one's own account."},
    {"name": "clinic", "description": "The clinic's settings, staff and audit trail."},
    {"name": "patients", "description": "Children's profiles, guardians and portal access."},
    {"name": "schedules", "description": "Immunization schedules and the CDSi forecast engine."},
    {"name": "milestones", "description": "Developmental milestones (CDC, WHO) and concerns."},
    {"name": "immunizations", "description": "Doses, each child's forecast, due lists."},
    {"name": "notifications", "description": "Inbox, reminder emails, preferences, outbox."},
    {"name": "reports", "description": "Coverage, defaulters, doses administered, summary."},
    {"name": "fhir", "description": "FHIR R4 reads, $everything, $immds-forecast, $import."},
    {"name": "health cards", "description": "SMART Health Cards: a child's card, verify, JWKS."},
    {"name": "health", "description": "Liveness and readiness probes."},
]


# Paths under the API prefix that accept bodies up to MAX_UPLOAD_BODY_BYTES (uploads).
UPLOAD_PATH_PREFIXES: tuple[str, ...] = ()


class UnsafeSettings(RuntimeError):
    """The settings are not safe to start with (see `Settings.startup_problems`)."""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the FastAPI application."""
    settings = settings or get_settings()
    problems = settings.startup_problems()
    if problems:
        raise UnsafeSettings(f"Refusing to start ({settings.environment}): " + "; ".join(problems))
    try:
        health_card_issuer = issuer_from_settings(settings)
    except HealthCardSettingsError as exc:
        raise UnsafeSettings(f"Refusing to start: {exc}") from exc

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db_client = await init_database(settings)
        demo = (
            await seed_demo_clinic(patients=settings.seed_demo_patients)
            if settings.seed_demo_data
            else None
        )
        if settings.uses_memory_engine and settings.environment != "test":
            if demo is not None:
                freeze_loaded_objects()
            print_memory_banner(demo, settings.public_url)
        loop = (
            asyncio.create_task(
                notifications_service.reminder_loop(settings.reminders_interval_seconds)
            )
            if settings.reminders_enabled
            else None
        )
        yield
        if loop is not None:
            loop.cancel()
        app.state.db_client.close()

    app = FastAPI(
        title="Health Passport API",
        version="0.1.0",
        description="Children's immunization records, forecasts, milestones and reminders.",
        openapi_tags=TAGS,
        debug=settings.debug,
        lifespan=lifespan,
        # Served by app/web.py from the app's own copies of Swagger UI and ReDoc (no CDN).
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    app.state.settings = settings
    app.state.health_card_issuer = health_card_issuer
    auth_service.invitation_accepted.subscribe(patients_portal.link_accepted_invitation)
    patient_events.patient_changed.subscribe(immunization_forecasts.on_patient_changed)
    patient_events.patient_changed.subscribe(milestone_concerns.on_patient_changed)
    clinic_events.clinic_changed.subscribe(immunization_forecasts.on_clinic_changed)
    register_error_handlers(app)
    # Added innermost first: a refused body still gets CORS, security headers and a request id.
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.max_request_body_bytes,
        upload_limit=settings.max_upload_body_bytes,
        upload_prefixes=[settings.api_v1_prefix + path for path in UPLOAD_PATH_PREFIXES],
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.backend_cors_origins,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        expose_headers=["ETag", "X-Request-ID", "Retry-After", "Content-Disposition"],
    )
    app.add_middleware(SecurityHeadersMiddleware, api_prefix=settings.api_v1_prefix)
    app.add_middleware(
        RequestContextMiddleware,
        trusted_proxies=TrustedProxies.of(settings.forwarded_allow_ips),
    )
    # FastAPI tries the routes in this order for every request: a child's record, the most
    # frequent request of a clinic's day, comes first (no path of the routers it passes
    # overlaps another's).
    for router in (
        patients_router,
        signup_router,
        auth_router,
        clinic_router,
        staff_router,
        portal_router,
        conditions_router,
        schedules_router,
        # Before records_router: `/immunizations/$import` is listed ahead of the look-alike
        # `/immunizations/{record_id}` in the API document (a 405's `Allow` header reads it).
        fhir_import_router,
        records_router,
        worklist_router,
        milestones_router,
        notifications_router,
        reports_router,
        fhir_router,
        health_cards_router,
    ):
        app.include_router(router, prefix=settings.api_v1_prefix)
    # At the issuer URL's path, outside the API prefix: verifiers look for it there.
    app.include_router(jwks_router(health_card_issuer))

    @app.get("/health", tags=["health"])
    async def health() -> dict[str, str]:
        """Liveness: answers without touching the database."""
        return {"status": "ok"}

    @app.get("/ready", tags=["health"], responses={503: {"description": "Database unreachable"}})
    async def ready(request: Request) -> JSONResponse:
        """Readiness: 200 when the database answers a ping, 503 otherwise."""
        if await ping(request.app.state.db_client, settings):
            return JSONResponse({"status": "ready"})
        return JSONResponse(
            error_body("database_unavailable", "The database does not answer"), status_code=503
        )

    mount_web_app(app, settings)
    return app


configure_logging(get_settings().log_level)
app = create_app()
