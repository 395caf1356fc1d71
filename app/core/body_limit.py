"""Refuse request bodies over a size limit before they are read into memory."""

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import error_body

REQUEST_TOO_LARGE = "request_too_large"


class BodyTooLarge(HTTPException):
    """The body went over its limit while it was being received.

    An HTTPException on purpose: FastAPI turns any other error raised while it reads a
    body into a 400, but lets this one through to the one error handler.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


def too_large_message(limit: int) -> str:
    """What a caller is told when its body is over `limit` bytes."""
    return f"The request body is larger than the limit of {limit} bytes"


class BodyLimitMiddleware:
    """Answers 413 to a body over the limit: at once from `Content-Length`, or while streaming.

    Paths under one of `upload_prefixes` may send up to `upload_limit` bytes instead.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        upload_limit: int,
        upload_prefixes: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit
        self.upload_prefixes = tuple(upload_prefixes)

    def limit_for(self, path: str) -> int:
        """The largest body `path` accepts."""
        if self.upload_prefixes and path.startswith(self.upload_prefixes):
            return self.upload_limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            await self._refuse(limit, scope, receive, send)
            return

        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Chunked bodies, or a Content-Length that understated the body.
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            # Raised outside FastAPI's body parsing (a route reading the stream itself).
            if response_started:
                raise
            await self._refuse(limit, scope, receive, send)

    @staticmethod
    async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        # The same shape as a BodyTooLarge rendered by the app's HTTP error handler. The
        # unread rest of the body is drained and dropped by the server, never buffered.
        body = error_body(REQUEST_TOO_LARGE, too_large_message(limit))
        await JSONResponse(body, status_code=413)(scope, receive, send)
