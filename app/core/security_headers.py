"""Response headers that keep browsers and caches from mishandling what we send."""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Sent on every response, errors included (also by the 500 handler, which runs outside
# the middleware stack).
NOSNIFF = ("X-Content-Type-Options", "nosniff")
NO_STORE = ("Cache-Control", "no-store")


class SecurityHeadersMiddleware:
    """`nosniff` everywhere, `no-store` on the API by default, no framing of HTML pages.

    Everything under `api_prefix` may carry personal or health data, so it is not cached
    unless the route chose its own `Cache-Control`. HTML (Swagger UI, ReDoc) may not be
    framed by another site (clickjacking).
    """

    def __init__(self, app: ASGIApp, *, api_prefix: str) -> None:
        self.app = app
        self.api_prefix = api_prefix.rstrip("/") + "/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = f"{scope['path'].rstrip('/')}/".startswith(self.api_prefix)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                headers[NOSNIFF[0]] = NOSNIFF[1]
                if is_api and "cache-control" not in headers:
                    headers[NO_STORE[0]] = NO_STORE[1]
                if headers.get("content-type", "").startswith("text/html"):
                    headers["X-Frame-Options"] = "DENY"
                    headers.setdefault("Content-Security-Policy", "frame-ancestors 'none'")
            await send(message)

        await self.app(scope, receive, send_with_headers)
