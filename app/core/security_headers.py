"""Response headers that keep browsers and caches from mishandling what we send."""

import base64
import hashlib
import re
from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Sent on every response, errors included (also by the 500 handler, which runs outside
# the middleware stack).
NOSNIFF = ("X-Content-Type-Options", "nosniff")
NO_STORE = ("Cache-Control", "no-store")

# An inline <script> with a body (not one that only names a `src`).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.I)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-...') allowing exactly the inline scripts of `html`."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
        if body.strip()
    ]


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy of our HTML pages: same-origin everything, no framing, no injected scripts.

    Scripts come only from our own files (plus the exact inline scripts a page ships, by hash),
    so an injected `<script>` or `onclick=` does not run. Styles may be inline: Mantine and
    ReDoc write `<style>` elements and `style=` attributes at run time. ReDoc runs its search
    in a worker made from a `blob:` URL; images may be `data:` URLs (icons in Swagger UI).
    """
    scripts = " ".join(["'self'", *script_hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


DEFAULT_HTML_POLICY = content_security_policy()


class SecurityHeadersMiddleware:
    """`nosniff` everywhere, `no-store` on the API by default, a strict policy on HTML pages.

    Everything under `api_prefix` may carry personal or health data, so it is not cached
    unless the route chose its own `Cache-Control`. HTML (the web app, Swagger UI, ReDoc)
    may not be framed by another site (clickjacking) and runs only our own scripts; a route
    whose page has inline scripts sets its own policy with their hashes.
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
                    headers.setdefault("Content-Security-Policy", DEFAULT_HTML_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
