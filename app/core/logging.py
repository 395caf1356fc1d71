"""Structured logging and the per-request middleware (request id, client address, access log)."""

import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.client_address import TrustedProxies
from app.core.context import RequestContext, bind_context, current_context

access_logger = logging.getLogger("app.access")
# fullmatch, not `$`: `$` also matches before a trailing newline.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}", re.ASCII)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id of the request being served."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": current_context().request_id,
            "message": record.getMessage(),
        }
        payload.update(getattr(record, "fields", {}))
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def configure_logging(level: str) -> None:
    """Send every log line through the JSON formatter."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())


class RequestContextMiddleware:
    """Names the request (our own `X-Request-ID`), finds the client, logs one line per request.

    The request id is always generated here: a caller's `X-Request-ID` is kept beside it as
    `client_request_id` when it is a plain id, never in its place, so a client cannot make
    its requests look like another's in the logs or the audit trail.
    """

    def __init__(self, app: ASGIApp, *, trusted_proxies: TrustedProxies | None = None) -> None:
        self.app = app
        self.proxies = trusted_proxies or TrustedProxies()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        offered = headers.get("x-request-id", "")
        request_id = uuid.uuid4().hex
        peer = scope["client"][0] if scope.get("client") else None
        client_ip = self.proxies.client_address(peer, headers.getlist("x-forwarded-for"))
        scope["scheme"] = self.proxies.scheme(
            peer, headers.get("x-forwarded-proto"), scope.get("scheme", "http")
        )
        if client_ip is not None and client_ip != peer:
            # Starlette's `request.client` then names the client too, not the proxy.
            scope["client"] = (client_ip, 0)
        context = RequestContext(
            request_id=request_id,
            client_request_id=offered if _REQUEST_ID.fullmatch(offered) else None,
            ip=client_ip,
        )
        bind_context(context)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # The query string is left out on purpose: it may carry tokens.
            access_logger.info(
                "request",
                extra={
                    "fields": {
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": context.user_id,
                        "client_request_id": context.client_request_id,
                    }
                },
            )
