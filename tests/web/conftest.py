"""A built web app in a temporary directory, and an app that serves it (no database needed)."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import ASGITransport, AsyncClient

from app.config import get_settings
from app.main import create_app

ENTRY_JS = "export const answer = 42;\n"
INLINE_SCRIPT = "window.__theme = 'light';"
INDEX_HTML = f"""<!doctype html>
<html lang="en">
  <head>
    <link rel="icon" href="/favicon.svg" />
    <script type="module" crossorigin src="/assets/index-3f9a1c.js"></script>
    <script>{INLINE_SCRIPT}</script>
  </head>
  <body><div id="root"></div></body>
</html>
"""
FAVICON = '<svg xmlns="http://www.w3.org/2000/svg"></svg>'


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """What `npm run build` leaves in frontend/dist, in miniature."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "docs-assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX_HTML)
    (tmp_path / "favicon.svg").write_text(FAVICON)
    (tmp_path / "assets" / "index-3f9a1c.js").write_text(ENTRY_JS)
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        (tmp_path / "docs-assets" / name).write_text(f"/* {name} */")
    return tmp_path


async def serve(frontend_dist: Path) -> AsyncIterator[AsyncClient]:
    settings = get_settings().model_copy(update={"frontend_dist": frontend_dist})
    transport = ASGITransport(app=create_app(settings))
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def web(dist: Path) -> AsyncIterator[AsyncClient]:
    """A client of the app serving the miniature build."""
    async for http in serve(dist):
        yield http


@pytest.fixture
async def unbuilt(tmp_path: Path) -> AsyncIterator[AsyncClient]:
    """A client of the app before the web app was ever built."""
    async for http in serve(tmp_path / "missing-dist"):
        yield http


@pytest.fixture
async def app_for_late_route(dist: Path) -> AsyncIterator[tuple]:
    """The app and a client of it, for adding a route after it was built."""
    application = create_app(get_settings().model_copy(update={"frontend_dist": dist}))
    transport = ASGITransport(app=application)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield application, http
