"""The byte-level encodings of SMART Health Cards: base64url, raw DEFLATE, the numeric `shc:/` text.

Pure functions (no FastAPI, Beanie or clock). The rules are the framework's, quoted from
https://spec.smarthealth.cards ("Health Cards are Compact", "Chunking Larger SHCs", "Encoding QRs").
"""

import base64
import math
import re
import zlib

SHC_PREFIX = "shc:/"
# "Any JWS longer than 1195 characters SHALL be split into chunks of length 1191 or smaller"
# (the most a version 22 QR code holds with the chunk prefix `shc:/C/N/`).
SINGLE_QR_MAX = 1195
CHUNK_MAX = 1191
# "Ord(c)-45": '-' is the lowest character of a compact JWS, so every one fits two digits.
_NUMERIC_OFFSET = 45
# An inflated payload larger than this is refused: a few kilobytes deflate to a card.
MAX_INFLATED_BYTES = 1_000_000
_SHC_LINE = re.compile(r"shc:/(?:(?P<index>[0-9]+)/(?P<total>[0-9]+)/)?(?P<digits>[0-9]*)")


class MalformedCard(ValueError):
    """The text is not a well-formed compact JWS, `shc:/` text or DEFLATE stream."""


class IncompleteCard(MalformedCard):
    """Chunks of a card are missing or repeated."""


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The bytes of unpadded base64url text; MalformedCard for anything else."""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise MalformedCard("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def deflate(data: bytes) -> bytes:
    """Raw DEFLATE (RFC 1951), no zlib or gzip header, as `zip: "DEF"` requires."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def inflate(data: bytes) -> bytes:
    """The inflated bytes of a raw DEFLATE stream, refusing one that expands past the limit."""
    decompressor = zlib.decompressobj(-15)
    try:
        out = decompressor.decompress(data, MAX_INFLATED_BYTES)
    except zlib.error as exc:
        raise MalformedCard("not a raw DEFLATE stream") from exc
    if decompressor.unconsumed_tail or not decompressor.eof:
        raise MalformedCard("the payload is truncated or too large")
    return out


def chunks_of(jws: str) -> list[str]:
    """The JWS split as the framework says: whole when it fits one QR, else balanced chunks."""
    if len(jws) <= SINGLE_QR_MAX:
        return [jws]
    count = math.ceil(len(jws) / CHUNK_MAX)
    size = math.ceil(len(jws) / count)
    return [jws[start : start + size] for start in range(0, len(jws), size)]


def to_numeric(text: str) -> str:
    """Each character as two digits, `Ord(c) - 45`."""
    digits = []
    for char in text:
        value = ord(char) - _NUMERIC_OFFSET
        if not 0 <= value <= 99:
            raise MalformedCard("a character outside the compact JWS alphabet")
        digits.append(f"{value:02d}")
    return "".join(digits)


def from_numeric(digits: str) -> str:
    """The text behind pairs of digits."""
    if len(digits) % 2:
        raise MalformedCard("an odd number of digits")
    return "".join(chr(int(digits[i : i + 2]) + _NUMERIC_OFFSET) for i in range(0, len(digits), 2))


def shc_segments(jws: str) -> list[tuple[str, str]]:
    """Per QR code, its two segments: the `shc:/` prefix (byte mode) and the digits (numeric)."""
    parts = chunks_of(jws)
    if len(parts) == 1:
        return [(SHC_PREFIX, to_numeric(jws))]
    return [
        (f"{SHC_PREFIX}{index}/{len(parts)}/", to_numeric(part))
        for index, part in enumerate(parts, start=1)
    ]


def shc_lines(jws: str) -> list[str]:
    """The `shc:/` text of each QR code of the card, in order."""
    return [prefix + digits for prefix, digits in shc_segments(jws)]


def jws_from_shc(text: str) -> str:
    """The JWS behind one `shc:/` line, or every chunk of one (any order, one per line)."""
    lines = [line.strip() for line in text.split() if line.strip()]
    matches = [_SHC_LINE.fullmatch(line) for line in lines]
    if not lines or None in matches:
        raise MalformedCard("not shc:/ text")
    found = [m for m in matches if m is not None]
    if len(found) == 1 and found[0]["index"] is None:
        return from_numeric(found[0]["digits"])
    if any(m["index"] is None for m in found):
        raise MalformedCard("a whole card mixed with chunks")
    total = int(found[0]["total"])
    by_index = {int(m["index"]): m["digits"] for m in found if int(m["total"]) == total}
    # Compared with the lines given first, so that a claimed total of a billion costs nothing.
    if total != len(found) or set(by_index) != set(range(1, total + 1)):
        raise IncompleteCard(f"{len(by_index)} of {total} chunks, or chunks of different cards")
    return "".join(from_numeric(by_index[i]) for i in range(1, total + 1))
