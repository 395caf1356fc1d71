"""The real app for the browser tests: built web app, demo clinic, pinned clock, real SMTP.

Serves on 127.0.0.1:E2E_PORT (8765) on the in-process engine with the demo clinic
(SEED_DEMO_PATIENTS, default 40), the clock pinned to noon UTC of E2E_TODAY (2026-06-17,
then ticking), login and sign-up rate limits relaxed, and an SMTP server (aiosmtpd) that
writes every message it receives as one JSON file into E2E_MAIL_DIR
(frontend/test-results/mail/): {"to", "subject", "text", "html", "received_at"}.

Usage: python -m scripts.e2e_server   (Playwright's webServer starts it; see frontend/)
"""

import json
import os
import socket
import sys
import uuid
from datetime import UTC, date, datetime, time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("E2E_PORT", "8765"))
TODAY = date.fromisoformat(os.environ.get("E2E_TODAY", "2026-06-17"))
MAIL_DIR = Path(os.environ.get("E2E_MAIL_DIR", ROOT / "frontend" / "test-results" / "mail"))
# Enough for every journey and its retries; the real limits are tested in tests/.
RELAXED_LIMIT = 10_000


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MailDirHandler:
    """aiosmtpd handler: each message becomes one JSON file the browser tests read."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        text_part = parsed.get_body(preferencelist=("plain",))
        html_part = parsed.get_body(preferencelist=("html",))
        received_at = datetime.now(UTC)
        mail = {
            "to": [address.lower() for address in envelope.rcpt_tos],
            "subject": str(parsed["Subject"]),
            "text": text_part.get_content() if text_part else "",
            "html": html_part.get_content() if html_part else None,
            "received_at": received_at.isoformat().replace("+00:00", "Z"),
        }
        # Sortable names: the newest message is the last file, even within one millisecond.
        name = f"{received_at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.json"
        partial = self.directory / f".{name}.tmp"
        partial.write_text(json.dumps(mail, indent=2), encoding="utf-8")
        partial.rename(self.directory / name)  # readers never see half a file
        return "250 Message accepted for delivery"


def configure_environment(smtp_port: int) -> None:
    """Settings for the app, set before it is imported (settings are read once)."""
    origin = f"http://127.0.0.1:{PORT}"
    os.environ.update(
        {
            "ENVIRONMENT": "development",
            "MONGODB_URL": "memory://",
            "HOST": "127.0.0.1",
            "PORT": str(PORT),
            "PUBLIC_URL": origin,
            "FRONTEND_URL": origin,
            "SEED_DEMO_DATA": "true",
            "SEED_DEMO_PATIENTS": os.environ.get("SEED_DEMO_PATIENTS", "40"),
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_STARTTLS": "false",
            "SMTP_SSL": "false",
            "REMINDERS_ENABLED": "false",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    )


def relax_rate_limits() -> None:
    """Journeys sign in, fail and reset passwords far more often than a person would."""
    from app.features.auth import service as auth_service

    auth_service.LOGIN_FAILURE_LIMIT = RELAXED_LIMIT
    auth_service.SIGNUPS_PER_EMAIL = RELAXED_LIMIT
    auth_service.SIGNUPS_PER_ADDRESS = RELAXED_LIMIT
    auth_service.RESET_EMAILS_PER_HOUR = RELAXED_LIMIT


def main() -> None:
    """Start the SMTP server, pin the clock, and serve the app until stopped."""
    import time_machine
    import uvicorn
    from aiosmtpd.controller import Controller

    # Each run starts with an empty mailbox (only our own message files are removed).
    MAIL_DIR.mkdir(parents=True, exist_ok=True)
    for old in MAIL_DIR.glob("*.json"):
        old.unlink()
    smtp_port = free_port()
    smtp = Controller(MailDirHandler(MAIL_DIR), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    configure_environment(smtp_port)
    # Pinned before the app seeds its demo clinic, so ages and due dates are the tests' own.
    clock = time_machine.travel(datetime.combine(TODAY, time(12), UTC), tick=True)
    clock.start()
    relax_rate_limits()
    from app.config import get_settings
    from app.main import create_app

    settings = get_settings()
    if not (settings.frontend_dist / "index.html").is_file():
        print(
            f"e2e_server: no build in {settings.frontend_dist}: run "
            "`bash scripts/frontend.sh build` first",
            file=sys.stderr,
        )
    print(
        f"e2e_server: {settings.public_url}/ (mail in {MAIL_DIR}, today {TODAY})",
        file=sys.stderr,
        flush=True,
    )
    try:
        uvicorn.run(
            create_app(settings),
            host="127.0.0.1",
            port=PORT,
            log_level="warning",
            proxy_headers=False,
        )
    finally:
        clock.stop()
        smtp.stop()


if __name__ == "__main__":
    main()
