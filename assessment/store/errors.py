"""The one error the store raises for anything a user or an operator can act on."""

from __future__ import annotations

from assessment.i18n import N_, _


class StoreError(Exception):
    """The database cannot be used, or a token is not known.

    `str()` is one plain sentence for a user: never a driver message, never a password. The
    original exception, when there is one, is the `__cause__`, for logs.
    """

    def __init__(self, message: str) -> None:
        # One line, whatever went into it (a URL may carry a line break).
        super().__init__(" ".join(message.split()))


class UnknownTokenError(StoreError):
    """No respondent holds this token (mistyped, or its answers deleted): callers tell it from
    a failing database by its type, never by comparing the message."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _(UNKNOWN_TOKEN))


class WorkshopClosedError(StoreError):
    """A write that only an open workshop takes, refused because it was closed meanwhile."""


UNKNOWN_TOKEN = N_(
    "This answer link is not known: it may be mistyped, or its answers have been deleted."
)

CLOSED_TO_PARTICIPANTS = N_(
    "This workshop is closed and takes no more answers: what you saved before it closed is "
    "kept as it was, and nothing more can be changed or sent."
)
