"""Per-request context (request ids, client address, user) shared with logs and audit."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class RequestContext:
    """What is known about the request being served; mutable so dependencies can fill it."""

    request_id: str = "-"
    # The caller's own X-Request-ID, kept beside ours when it is a plain id.
    client_request_id: str | None = None
    # The client's address as the trusted-proxy rule decides it (see core/client_address.py).
    ip: str | None = None
    user_id: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("request_context", default=None)


def current_context() -> RequestContext:
    """The context of the request in progress, or an empty one outside requests."""
    return _current.get() or RequestContext()


def bind_context(context: RequestContext) -> None:
    """Make `context` the current request's context."""
    _current.set(context)
