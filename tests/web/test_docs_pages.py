"""Swagger UI and ReDoc load their scripts from the app's own files, never from a CDN."""

import base64
import hashlib
import re

import pytest

SCRIPT_SRC = re.compile(r"<script[^>]*\bsrc=\"([^\"]*)\"", re.I)
LINK_HREF = re.compile(r"<link[^>]*\bhref=\"([^\"]*)\"", re.I)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


@pytest.mark.parametrize(
    ("path", "expected_scripts"),
    [
        ("/docs", ["/docs-assets/swagger-ui-bundle.js"]),
        ("/redoc", ["/docs-assets/redoc.standalone.js"]),
    ],
)
async def test_docs_pages_use_local_assets_only(web, path, expected_scripts):
    page = await web.get(path)
    assert page.status_code == 200
    assert SCRIPT_SRC.findall(page.text) == expected_scripts
    for banned in ("cdn.jsdelivr", "unpkg", "fonts.googleapis", "http://", "https://"):
        assert banned not in page.text, banned
    for href in LINK_HREF.findall(page.text):
        assert href.startswith(("/docs-assets/", "data:")), href
    for url in expected_scripts:
        asset = await web.get(url)
        assert asset.status_code == 200 and asset.text == f"/* {url.rsplit('/', 1)[1]} */"


async def test_swagger_ui_loads_its_stylesheet_locally(web):
    page = await web.get("/docs")
    assert "/docs-assets/swagger-ui.css" in LINK_HREF.findall(page.text)
    assert (await web.get("/docs-assets/swagger-ui.css")).status_code == 200


async def test_swagger_init_script_is_allowed_by_hash_and_nothing_else_inline(web):
    page = await web.get("/docs")
    inline = [body for body in INLINE.findall(page.text) if body.strip()]
    assert len(inline) == 1 and "SwaggerUIBundle(" in inline[0]
    expected = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    policy = page.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'", f"'sha256-{expected}'"]
    assert "frame-ancestors 'none'" in policy


async def test_the_authorize_button_keeps_its_password_flow(web):
    page = await web.get("/docs")
    assert "oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect'" in page.text
    redirect = await web.get("/docs/oauth2-redirect")
    assert redirect.status_code == 200
    assert redirect.headers["content-type"].startswith("text/html")
    schemes = (await web.get("/openapi.json")).json()["components"]["securitySchemes"]
    flows = [scheme["flows"]["password"] for scheme in schemes.values() if "flows" in scheme]
    assert flows and flows[0]["tokenUrl"].endswith("auth/token")


async def test_docs_pages_are_not_cached_as_the_app(web):
    for path in ("/docs", "/redoc", "/docs-assets/redoc.standalone.js"):
        response = await web.get(path)
        assert response.headers["Cache-Control"] == "no-cache", path
