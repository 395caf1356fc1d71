"""Errors of the health cards feature."""

from app.core.errors import NotFound


class ChunkNotFound(NotFound):
    """The card has fewer QR codes than the chunk asked for."""

    code = "health_card_chunk_not_found"

    def __init__(self, chunk: int, count: int) -> None:
        super().__init__(
            f"This card has {count} QR code{'s' if count != 1 else ''}; there is no chunk {chunk}",
            details={"chunk": chunk, "chunks": count},
        )
