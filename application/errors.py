"""Errors the application services raise besides the domain's own."""

from __future__ import annotations


class ApplicationError(Exception):
    """Base of the application's errors; `code` is stable and machine-readable."""

    code = "application_error"


class NotFound(ApplicationError):
    """No such case, or none the actor may see."""

    code = "not_found"


class Forbidden(ApplicationError):
    """The actor's role or scope does not allow this."""

    code = "forbidden"


class VersionConflict(ApplicationError):
    """Another writer changed the case first; reload and try again."""

    code = "version_conflict"


class PreconditionFailed(ApplicationError):
    """The version the client expected is no longer the case's version."""

    code = "precondition_failed"


class IdempotencyKeyReused(ApplicationError):
    """An idempotency key was sent again with a different request."""

    code = "idempotency_key_reused"

