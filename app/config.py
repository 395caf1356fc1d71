"""Application settings, read from the environment and `.env`."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.core.client_address import parse_networks

EXAMPLE_JWT_SECRET = "change-me-to-a-long-random-string-of-32-bytes-or-more"
MEMORY_URL = "memory://"
# The web app's build output (`npm run build` in frontend/), served at `/`.
DEFAULT_FRONTEND_DIST = Path(__file__).resolve().parents[1] / "frontend" / "dist"
# Listening on every interface says nothing about the name users reach: links use loopback.
_WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


class Settings(BaseSettings):
    """Every setting the app reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    debug: bool = False
    mongodb_url: str = MEMORY_URL
    database_name: str = "health_passport"
    jwt_secret_key: str = EXAMPLE_JWT_SECRET
    jwt_algorithm: Literal["HS256"] = "HS256"
    jwt_issuer: str = "health-passport"
    jwt_audience: str = "health-passport-api"
    access_token_expire_minutes: int = Field(30, ge=1)
    refresh_token_expire_days: int = Field(14, ge=1)
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_ssl: bool = False
    smtp_timeout_seconds: float = 10.0
    email_from: str = "Health Passport <no-reply@health-passport.local>"
    # Empty: the server's own origin, http://{HOST}:{PORT} (see `fill_public_urls`).
    public_url: str = ""
    # Base of emailed links; empty: PUBLIC_URL (the server serves the web app itself).
    frontend_url: str = ""
    frontend_dist: Path = DEFAULT_FRONTEND_DIST
    backend_cors_origins: Annotated[list[str], NoDecode] = ["http://localhost:5173"]
    api_v1_prefix: str = "/api/v1"
    host: str = "127.0.0.1"
    port: int = 8000
    reminders_enabled: bool = False
    reminders_interval_seconds: int = Field(3600, ge=10)
    log_level: str = "INFO"
    seed_demo_data: bool = False
    # Children in the demo clinic; 2,000 (a large clinic) seeds in under a minute in-process.
    seed_demo_patients: int = Field(300, ge=0, le=100_000)
    max_request_body_bytes: int = Field(1_048_576, ge=1)
    # For the few routes that take uploads (see UPLOAD_PATH_PREFIXES in app/main.py).
    max_upload_body_bytes: int = Field(10_485_760, ge=1)
    # None: on, except in production. An explicit true still serves them in production.
    api_docs_enabled: bool | None = None
    forwarded_allow_ips: Annotated[list[str], NoDecode] = []
    # SMART Health Cards (app/features/health_cards): the issuer URL (`iss`; empty: PUBLIC_URL),
    # the EC P-256 signing key (PEM or JWK; outside production one is made at each start), and
    # other issuers whose cards verify: {issuer URL: JWKS, or a jwks.json path}, or a file of it.
    health_card_issuer: str = ""
    health_card_signing_key: str = Field("", repr=False)
    health_card_trusted_issuers: Annotated[dict[str, Any], NoDecode] = {}

    @field_validator("backend_cors_origins", "forwarded_allow_ips", mode="before")
    @classmethod
    def split_origins(cls, value: object) -> object:
        """Accept a comma-separated list as well as a JSON list."""
        if isinstance(value, str):
            if value.strip().startswith("["):
                import json

                return json.loads(value)
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("frontend_dist", mode="before")
    @classmethod
    def default_dist(cls, value: object) -> object:
        """An empty FRONTEND_DIST is the default, never the working directory (`Path("")`)."""
        return DEFAULT_FRONTEND_DIST if value in ("", None) else value

    @model_validator(mode="after")
    def fill_public_urls(self) -> Self:
        """Default PUBLIC_URL to where the server listens, and FRONTEND_URL to PUBLIC_URL."""
        if not self.public_url:
            host = "127.0.0.1" if self.host in _WILDCARD_HOSTS else self.host
            if ":" in host:
                host = f"[{host}]"
            self.public_url = f"http://{host}:{self.port}"
        self.public_url = self.public_url.rstrip("/")
        if not self.frontend_url:
            self.frontend_url = self.public_url
        return self

    @field_validator("health_card_trusted_issuers", mode="before")
    @classmethod
    def read_trusted_issuers(cls, value: object) -> object:
        """Accept a JSON object, or the path of a file holding one."""
        if isinstance(value, str):
            import json

            text = value.strip()
            if not text:
                return {}
            return json.loads(text if text.startswith("{") else Path(text).read_text())
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def check_proxy_addresses(cls, value: list[str]) -> list[str]:
        """Refuse at start-up what is not an IP or a CIDR, rather than trust nothing silently."""
        parse_networks(value)
        return value

    @property
    def docs_enabled(self) -> bool:
        """Whether /docs, /redoc and /openapi.json are served."""
        if self.api_docs_enabled is None:
            return self.environment != "production"
        return self.api_docs_enabled

    @property
    def uses_memory_engine(self) -> bool:
        """True when the in-process engine stands in for MongoDB."""
        return self.mongodb_url.startswith(MEMORY_URL)

    def secret_problems(self) -> list[str]:
        """What makes JWT_SECRET_KEY too weak to sign tokens for data that outlives the process."""
        problems = []
        if len(self.jwt_secret_key.encode()) < 32:
            problems.append("JWT_SECRET_KEY is shorter than 32 bytes")
        if self.jwt_secret_key == EXAMPLE_JWT_SECRET:
            problems.append("JWT_SECRET_KEY is the example value")
        return problems

    def production_problems(self) -> list[str]:
        """What makes these settings unsafe to serve production traffic."""
        if self.environment != "production":
            return []
        problems = []
        if self.uses_memory_engine:
            problems.append("MONGODB_URL is memory:// (data would live in memory only)")
        problems += self.secret_problems()
        if self.debug:
            problems.append("DEBUG is on")
        if not self.health_card_signing_key.strip():
            problems.append(
                "HEALTH_CARD_SIGNING_KEY is not set (cards signed with a key made at start-up"
                " stop verifying after a restart)"
            )
        return problems

    def startup_problems(self) -> list[str]:
        """Why the app must not start: production's rules, and a weak secret on a real database.

        Whatever ENVIRONMENT says, a server that keeps its data must not accept tokens anyone
        can forge with the published example secret; only the in-process engine, whose data
        dies with the process, may keep it (the default `./run_server.sh`).
        """
        if self.environment == "production":
            return self.production_problems()
        return [] if self.uses_memory_engine else self.secret_problems()


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
