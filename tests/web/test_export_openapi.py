"""The OpenAPI export the web app's types are generated from is the app's own document."""

import json

from scripts.export_openapi import main


async def test_the_export_is_the_served_document(tmp_path, web):
    target = tmp_path / "openapi.json"
    assert main([str(target)]) == 0
    exported = json.loads(target.read_text())
    assert exported == (await web.get("/openapi.json")).json()
    assert "/api/v1/auth/token" in exported["paths"]


def test_the_export_needs_one_path(capsys):
    assert main([]) == 2
    assert "Usage" in capsys.readouterr().err
