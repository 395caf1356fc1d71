"""This server as a SMART Health Cards issuer, and the issuers it trusts, from the settings."""

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.config import Settings
from app.features.health_cards.keys import InvalidKey, SigningKey, load_private_key, signing_keys_of
from app.features.health_cards.verification import Keyrings

logger = logging.getLogger("app.health_cards")
JWKS_PATH = "/.well-known/jwks.json"


class HealthCardSettingsError(ValueError):
    """A HEALTH_CARD_* setting the app cannot start with."""


@dataclass(frozen=True)
class Issuer:
    """The issuer URL (`iss`), its signing key, and the trusted issuers' keys."""

    url: str
    signing_key: SigningKey
    trusted: dict[str, dict[str, dict[str, Any]]]

    @property
    def jwks(self) -> dict[str, Any]:
        """The public key set served at `<issuer>/.well-known/jwks.json`."""
        return {"keys": [self.signing_key.jwk]}

    @property
    def jwks_path(self) -> str:
        """Where on this server the key set is served: the issuer URL's path, then the name."""
        return urlsplit(self.url).path + JWKS_PATH

    def keyrings(self) -> Keyrings:
        """Every issuer whose cards verify here, with its keys (ours, with any listed for us)."""
        rings = dict(self.trusted)
        rings[self.url] = {**rings.get(self.url, {}), self.signing_key.kid: self.signing_key.jwk}
        return rings


def _issuer_url(value: str) -> str:
    # "The URL at <<iss value from JWS>> ... SHALL NOT include a trailing /".
    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise HealthCardSettingsError(f"{value!r} is not an http(s) URL without query or fragment")
    return url


def _signing_key(settings: Settings) -> SigningKey:
    if settings.health_card_signing_key.strip():
        try:
            return SigningKey.of(load_private_key(settings.health_card_signing_key))
        except InvalidKey as exc:
            raise HealthCardSettingsError(f"HEALTH_CARD_SIGNING_KEY: {exc}") from exc
    logger.warning(
        "HEALTH_CARD_SIGNING_KEY is not set: health cards are signed with a key made at "
        "start-up, and cards issued now will not verify after a restart"
    )
    return SigningKey.generate()


def _trusted(configured: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    trusted = {}
    for url, jwks in configured.items():
        try:
            key_set = json.loads(Path(jwks).read_text()) if isinstance(jwks, str) else jwks
            trusted[_issuer_url(url)] = signing_keys_of(key_set)
        except (OSError, json.JSONDecodeError, InvalidKey) as exc:
            raise HealthCardSettingsError(f"HEALTH_CARD_TRUSTED_ISSUERS[{url!r}]: {exc}") from exc
    return trusted


def issuer_from_settings(settings: Settings) -> Issuer:
    """The issuer these settings describe; HealthCardSettingsError for a setting that is wrong."""
    url = _issuer_url(settings.health_card_issuer or settings.public_url)
    if settings.environment == "production" and not url.startswith("https://"):
        # "The URL at <<iss value from JWS>> SHALL use the https scheme": other verifiers
        # will not fetch the keys; ours still verifies its own cards.
        logger.warning("The health card issuer %s is not https: other verifiers refuse it", url)
    return Issuer(
        url=url,
        signing_key=_signing_key(settings),
        trusted=_trusted(settings.health_card_trusted_issuers),
    )
