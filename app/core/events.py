"""In-process events: a lower feature tells higher ones of a change without importing them."""

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Event = TypeVar("Event")


class Hook(Generic[Event]):
    """Handlers that higher features subscribe to one kind of event, awaited in order."""

    def __init__(self) -> None:
        self._handlers: list[Callable[[Event], Awaitable[None]]] = []

    def subscribe(self, handler: Callable[[Event], Awaitable[None]]) -> None:
        """Call `handler` on every event (subscribing twice has no further effect)."""
        if handler not in self._handlers:
            self._handlers.append(handler)

    async def emit(self, event: Event) -> None:
        """Run every handler; an error propagates so that the change is not silently partial."""
        for handler in self._handlers:
            await handler(event)
