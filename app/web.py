"""The web app (frontend/dist) at `/`, and Swagger UI and ReDoc from its own copies of them.

The app is a single-page app: every GET path that is not the API's or a file of the build
answers `index.html`, and the browser's router draws the page (deep links, reloads, the back
button). Hashed files under `/assets/` never change, so browsers keep them a year;
`index.html` is revalidated every time, so a new build is seen on the next load.
"""

from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, PlainTextResponse
from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.core.security_headers import content_security_policy, inline_script_hashes

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Hashed build output, and the docs' bundles the front-end build copies (fixed names).
HASHED_PREFIX = "/assets"
DOCS_ASSETS_PREFIX = "/docs-assets"
# Never the web app's: these answer their own routes or a JSON 404.
SERVER_PREFIXES = (
    "/api",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/health",
    "/ready",
    "/.well-known",
    HASHED_PREFIX,
    DOCS_ASSETS_PREFIX,
)
NOT_BUILT = """Health Passport: the web app is not built yet.

Build it once with:

    bash scripts/frontend.sh build

(./run_server.sh builds it before serving.) The API itself is running: {public_url}/docs
"""
# No icon request leaves the server (the FastAPI default points at its website).
NO_FAVICON = "data:,"


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


def _with_cache_control(send: Send, value: str) -> Send:
    """`send` that stamps `Cache-Control` on the response it starts."""

    async def stamped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message.setdefault("headers", [])
            MutableHeaders(scope=message)["Cache-Control"] = value
        await send(message)

    return stamped


def html_page(html: str) -> HTMLResponse:
    """An HTML page allowed to run its own inline scripts (by hash) and nothing injected."""
    policy = content_security_policy(inline_script_hashes(html))
    return HTMLResponse(
        html, headers={"Content-Security-Policy": policy, "Cache-Control": REVALIDATE}
    )


class WebAppFallback:
    """What the router answers when no route matched: a file of the build, or `index.html`."""

    def __init__(self, settings: Settings, not_found: ASGIApp) -> None:
        self.settings = settings
        self.dist = Path(settings.frontend_dist)
        self.not_found = not_found
        self.server_prefixes = (*SERVER_PREFIXES, settings.api_v1_prefix.rstrip("/"))
        # Compressed for browsers that accept it: the entry chunk shrinks to about a third,
        # which a clinic on a slow line feels on its first visit.
        self.files = GZipMiddleware(
            StaticFiles(directory=self.dist, check_dir=False), minimum_size=1024, compresslevel=6
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.not_found(scope, receive, send)
            return
        built = await anyio.Path(self.dist).is_dir()
        if built and _under(path, HASHED_PREFIX):
            await self.files(scope, receive, _with_cache_control(send, IMMUTABLE))
        elif built and _under(path, DOCS_ASSETS_PREFIX):
            await self.files(scope, receive, _with_cache_control(send, REVALIDATE))
        elif any(_under(path, prefix) for prefix in self.server_prefixes):
            await self.not_found(scope, receive, send)
        elif built and await self._is_top_level_file(path):
            await self.files(scope, receive, _with_cache_control(send, REVALIDATE))
        else:
            await (await self._index())(scope, receive, send)

    async def _is_top_level_file(self, path: str) -> bool:
        name = path.removeprefix("/")
        if not name or "/" in name or name.startswith(".") or name == "index.html":
            return False
        return await anyio.Path(self.dist / name).is_file()

    async def _index(self) -> ASGIApp:
        index = anyio.Path(self.dist / "index.html")
        if not await index.is_file():
            text = NOT_BUILT.format(public_url=self.settings.public_url)
            return PlainTextResponse(text, status_code=503, headers={"Cache-Control": "no-store"})
        return html_page(await index.read_text(encoding="utf-8"))


def add_api_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc, their scripts from `/docs-assets/`, no CDN."""
    openapi_url = app.openapi_url or "/openapi.json"
    redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    async def swagger_ui(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{DOCS_ASSETS_PREFIX}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS_PREFIX}/swagger-ui.css",
            swagger_favicon_url=NO_FAVICON,
            oauth2_redirect_url=redirect_url,
            init_oauth=app.swagger_ui_init_oauth,
            # No badge fetched from validator.swagger.io.
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
        )
        return html_page(bytes(page.body).decode())

    async def swagger_ui_redirect(request: Request) -> HTMLResponse:
        return html_page(bytes(get_swagger_ui_oauth2_redirect_html().body).decode())

    async def redoc(request: Request) -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{DOCS_ASSETS_PREFIX}/redoc.standalone.js",
            redoc_favicon_url=NO_FAVICON,
            with_google_fonts=False,
        )
        return html_page(bytes(page.body).decode())

    app.add_route("/docs", swagger_ui, include_in_schema=False)
    app.add_route(redirect_url, swagger_ui_redirect, include_in_schema=False)
    app.add_route("/redoc", redoc, include_in_schema=False)


def mount_web_app(app: FastAPI, settings: Settings) -> None:
    """Serve the docs pages (when enabled) and the web app for every path no route claims."""
    if settings.docs_enabled:
        add_api_docs(app)
    # The router's fallback rather than a catch-all route: routes added later still win.
    app.router.default = WebAppFallback(settings, app.router.not_found)
