"""QR images of a card's `shc:/` chunks: a byte-mode prefix and a numeric-mode segment each.

segno draws in pure Python: a version 16-22 code takes 0.1-0.4 s of CPU (choosing the mask),
so the routes call these in a worker thread.
"""

import io
from typing import Any

import segno
from segno import consts

# Pixels per module and the quiet zone in modules (ISO/IEC 18004 asks for four).
PNG_SCALE = 5
QUIET_ZONE = 4


def _code(prefix: str, digits: str) -> segno.QRCode:
    # Two segments, as the framework's "Encoding QRs" says; numeric mode packs the digits
    # 20% tighter than bytes, so a whole card fits a version 22 code (105 x 105 modules).
    # Error level L is the one the framework sizes its chunks for; segno raises it when
    # the same version has room.
    # segno reads a sequence of (content, mode) as segments (segno.encoder.prepare_data),
    # though its type hints name only a single str, int or bytes.
    segments: Any = [(prefix, consts.MODE_BYTE), (digits, consts.MODE_NUMERIC)]
    return segno.make_qr(segments, error="L")


def png(prefix: str, digits: str) -> bytes:
    """A PNG of the chunk (segno writes PNG itself: no Pillow)."""
    out = io.BytesIO()
    _code(prefix, digits).save(out, kind="png", scale=PNG_SCALE, border=QUIET_ZONE)
    return out.getvalue()


def svg(prefix: str, digits: str) -> bytes:
    """An SVG of the chunk that scales to its box (a viewBox, no fixed size), with a title."""
    out = io.BytesIO()
    _code(prefix, digits).save(
        out,
        kind="svg",
        border=QUIET_ZONE,
        omitsize=True,
        light="#fff",  # a white ground: scanners miss a code drawn on a dark page
        title="SMART Health Card QR code",
    )
    return out.getvalue()
