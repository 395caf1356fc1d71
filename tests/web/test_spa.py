"""The web app at `/`: deep links get index.html, files are files, the API's paths stay JSON."""

import base64
import hashlib

import pytest

from app.config import DEFAULT_FRONTEND_DIST, Settings
from tests.factories import assert_error
from tests.web.conftest import ENTRY_JS, FAVICON, INDEX_HTML, INLINE_SCRIPT

DEEP_LINKS = [
    "/",
    "/children",
    "/children/6650f0c2a1b2c3d4e5f60718",
    "/clinic/settings/staff",
    "/reset-password?token=abc",
    "/portal/children/x/immunizations",
    "/index.html",
]


@pytest.mark.parametrize("path", DEEP_LINKS)
async def test_every_app_path_answers_index_html_revalidated(web, path):
    response = await web.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == INDEX_HTML
    assert response.headers["Cache-Control"] == "no-cache"


async def test_head_of_a_deep_link_is_answered_too(web):
    response = await web.head("/children/123")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


async def test_hashed_assets_are_cached_for_a_year(web):
    response = await web.get("/assets/index-3f9a1c.js")
    assert response.status_code == 200
    assert response.text == ENTRY_JS
    assert "javascript" in response.headers["content-type"]
    cache = response.headers["Cache-Control"]
    assert "max-age=31536000" in cache and "immutable" in cache


async def test_a_missing_asset_is_a_404_not_the_app(web):
    for path in (
        "/assets/index-old.js",
        "/assets/",
        "/assets/sub/missing.css",
        "/docs-assets/x.js",
    ):
        response = await web.get(path)
        assert_error(response, 404, "not_found")
        assert "immutable" not in response.headers.get("Cache-Control", "")  # not kept a year


async def test_top_level_files_of_the_build_are_served_as_files(web):
    response = await web.get("/favicon.svg")
    assert response.status_code == 200
    assert response.text == FAVICON
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "immutable" not in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/api",
        "/api/unknown",
        "/api/v1/unknown",
        "/api/v1/patients/x/nowhere",
        "/.well-known/security.txt",
        "/docs/unknown",
        "/health/extra",
    ],
)
async def test_server_paths_are_never_the_app(web, path):
    response = await web.get(path)
    assert_error(response, 404, "not_found")
    assert (
        "Cache-Control" not in response.headers
        or "immutable" not in response.headers["Cache-Control"]
    )


async def test_the_api_and_probes_still_answer(web):
    assert (await web.get("/health")).json() == {"status": "ok"}
    assert (await web.get("/openapi.json")).json()["info"]["title"] == "Health Passport API"
    assert_error(await web.get("/api/v1/auth/me"), 401, "unauthorized")


async def test_other_methods_on_app_paths_are_not_the_app(web):
    response = await web.post("/children", json={})
    assert response.status_code in (404, 405)
    assert response.headers["content-type"].startswith("application/json")


async def test_routes_added_after_start_up_still_win_over_the_app(app_for_late_route):
    app, http = app_for_late_route

    async def late() -> dict[str, str]:
        """A route added once the app exists, as tests do."""
        return {"late": "yes"}

    app.add_api_route("/api/v1/late", late)
    assert (await http.get("/api/v1/late")).json() == {"late": "yes"}


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


async def test_the_app_page_runs_only_its_own_scripts_and_is_never_framed(web):
    response = await web.get("/children")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    scripts = policy["script-src"].split()
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    # The one inline script index.html ships is allowed by its hash, nothing else inline.
    assert sha256_source(INLINE_SCRIPT) in scripts
    assert len([s for s in scripts if s.startswith("'sha256-")]) == 1
    assert "'unsafe-inline'" in policy["style-src"]  # Mantine writes style elements
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_without_a_build_the_root_says_how_to_build(unbuilt):
    response = await unbuilt.get("/")
    assert response.status_code == 503
    assert "bash scripts/frontend.sh build" in response.text
    assert (await unbuilt.get("/children/1")).status_code == 503
    assert_error(await unbuilt.get("/api/unknown"), 404, "not_found")
    assert_error(await unbuilt.get("/assets/index.js"), 404, "not_found")
    assert (await unbuilt.get("/health")).status_code == 200


def test_an_empty_frontend_dist_is_the_default_not_the_working_directory(monkeypatch):
    monkeypatch.setenv("FRONTEND_DIST", "")
    assert Settings(_env_file=None).frontend_dist == DEFAULT_FRONTEND_DIST  # type: ignore[call-arg]
    assert DEFAULT_FRONTEND_DIST.parts[-2:] == ("frontend", "dist")


async def test_assets_are_sent_compressed_to_browsers_that_accept_it(web, dist):
    big = "export const words = [" + ",".join(f'"word{i}"' for i in range(2000)) + "];\n"
    (dist / "assets" / "vendor-9a8b7c.js").write_text(big)
    response = await web.get("/assets/vendor-9a8b7c.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) < len(big) / 2
    assert response.text == big  # httpx decodes it
    assert "immutable" in response.headers["Cache-Control"]
