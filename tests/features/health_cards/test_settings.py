"""HEALTH_CARD_* settings: the signing key (required in production), issuer URL, trusted issuers."""

import json
import logging

import pytest
from jwcrypto import jwk

from app.config import Settings
from app.main import UnsafeSettings, create_app
from tests.features.health_cards.conftest import DATA, EXAMPLE_ISSUER, JWKS, client_with

PRODUCTION = {
    "environment": "production",
    "mongodb_url": "mongodb://db.internal:27017/?replicaSet=rs0",
    "jwt_secret_key": "p" * 40,
}


def new_key() -> jwk.JWK:
    return jwk.JWK.generate(kty="EC", crv="P-256")


def test_production_refuses_to_start_without_a_signing_key():
    with pytest.raises(UnsafeSettings, match="HEALTH_CARD_SIGNING_KEY is not set"):
        create_app(Settings(**PRODUCTION))


@pytest.mark.parametrize("form", ["pem", "jwk"])
def test_production_starts_with_a_pem_or_jwk_key(form):
    key = new_key()
    text = (
        key.export_to_pem(private_key=True, password=None).decode()
        if form == "pem"
        else key.export_private()
    )
    app = create_app(Settings(**PRODUCTION, health_card_signing_key=text))
    assert app.state.health_card_issuer.jwks["keys"][0]["kid"] == key.thumbprint()


@pytest.mark.parametrize(
    "text",
    [
        "not a key",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        '{"kty": "EC", "crv": "P-384", "d": "AAAA"}',
        '{"kty": "RSA"}',
        "[1, 2]",
    ],
)
def test_a_key_that_is_not_ec_p256_is_refused_at_start(text):
    with pytest.raises(UnsafeSettings, match="HEALTH_CARD_SIGNING_KEY"):
        create_app(Settings(**PRODUCTION, health_card_signing_key=text))


def test_an_rsa_pem_key_is_refused_at_start():
    rsa = jwk.JWK.generate(kty="RSA", size=2048)
    text = rsa.export_to_pem(private_key=True, password=None).decode()
    with pytest.raises(UnsafeSettings, match="not an EC P-256 private key"):
        create_app(Settings(**PRODUCTION, health_card_signing_key=text))


def test_a_jwk_whose_public_point_is_not_its_own_is_refused():
    mixed = {
        **json.loads(new_key().export_private()),
        "x": json.loads(new_key().export_public())["x"],
    }
    with pytest.raises(UnsafeSettings, match="does not match"):
        create_app(Settings(**PRODUCTION, health_card_signing_key=json.dumps(mixed)))


async def test_development_makes_a_key_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="app.health_cards"):
        async with client_with(environment="development") as http:
            assert len((await http.get(JWKS)).json()["keys"]) == 1
    assert any("will not verify after a restart" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "issuer", ["ftp://clinic.example", "clinic.example", "https://x.example/?a=1"]
)
def test_an_issuer_that_is_not_an_http_url_is_refused(issuer):
    with pytest.raises(UnsafeSettings, match="not an http"):
        create_app(Settings(environment="test", health_card_issuer=issuer))


def test_trusted_issuers_are_read_from_json_or_from_a_file(tmp_path, monkeypatch):
    keys_path = str(DATA / "example-issuer-jwks.json")
    as_json = json.dumps({EXAMPLE_ISSUER + "/": keys_path})
    mapping_file = tmp_path / "trusted.json"
    mapping_file.write_text(as_json)
    for value in (as_json, str(mapping_file)):
        monkeypatch.setenv("HEALTH_CARD_TRUSTED_ISSUERS", value)
        app = create_app(Settings(environment="test"))
        trusted = app.state.health_card_issuer.trusted
        assert list(trusted) == [EXAMPLE_ISSUER]  # the trailing slash is dropped
        assert list(trusted[EXAMPLE_ISSUER]) == ["3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s"]


@pytest.mark.parametrize(
    "value",
    [{"https://a.example": "/no/such/file.json"}, {"https://a.example": {"nokeys": []}}],
)
def test_a_broken_trusted_issuer_is_refused_at_start(value):
    with pytest.raises(UnsafeSettings, match="HEALTH_CARD_TRUSTED_ISSUERS"):
        create_app(Settings(environment="test", health_card_trusted_issuers=value))


def test_production_warns_about_an_issuer_that_is_not_https(caplog):
    key = new_key().export_to_pem(private_key=True, password=None).decode()
    with caplog.at_level(logging.WARNING, logger="app.health_cards"):
        create_app(Settings(**PRODUCTION, health_card_signing_key=key, public_url="http://x.test"))
        create_app(
            Settings(**PRODUCTION, health_card_signing_key=key, health_card_issuer="https://x.test")
        )
    warnings = [r.getMessage() for r in caplog.records if "not https" in r.getMessage()]
    assert warnings == [
        "The health card issuer http://x.test is not https: other verifiers refuse it"
    ]
