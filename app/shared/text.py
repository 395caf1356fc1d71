"""Normalised text keys for search and duplicate detection."""

import unicodedata


def normalise(text: str) -> str:
    """Trimmed, case-folded, accents removed: `Amára` and `amara` give the same key."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
