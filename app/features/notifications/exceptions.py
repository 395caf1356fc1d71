"""Errors of the notifications feature."""

from app.core.errors import BadRequest, NotFound


class NotificationNotFound(NotFound):
    """No such notification in the caller's inbox."""

    code = "notification_not_found"

    def __init__(self) -> None:
        super().__init__("No such notification")


class InvalidUnsubscribeToken(BadRequest):
    """An opt-out link that was not issued by us."""

    code = "invalid_token"

    def __init__(self) -> None:
        super().__init__("This unsubscribe link is not valid")
