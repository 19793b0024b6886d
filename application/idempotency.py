"""Idempotent requests: a retried command gets the first answer and records nothing new.

A keyed request's key is recorded with the events it produced, in the transaction that stores
them, naming the case it answered with. So after a failure at any moment a retry finds either
nothing (nothing was recorded: the command runs again) or the recorded request (the first
answer is made again from the case as that request left it). No request waits for another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.errors import IdempotencyKeyReused
from application.principal import Principal


@dataclass(frozen=True)
class KeyedRequest:
    """A request sent with an idempotency key: whose, which key, what it asked (its
    fingerprint) and when it was answered (the day its answer reckons with)."""

    owner: str
    key: str
    fingerprint: str
    at: datetime


@dataclass(frozen=True)
class RecordedRequest:
    """What a keyed request recorded: the case it answered with, at the version and log
    position that request left it."""

    request: KeyedRequest
    case_id: UUID
    version: int
    position: int = 0  # of the case's event in the log, once stored


class RequestRecordedAlready(Exception):
    """The key was recorded by another request first: the saving transaction rolls back."""


def owner_of(principal: Principal) -> str:
    """Whose keys these are: the whole principal (actor, role, organisation, jurisdiction,
    enterprise), so no two callers share a key. A digest: the table keeps no identities."""
    actor = principal.actor
    parts = (actor.id, actor.role.value, actor.org, principal.jurisdiction.value,
             principal.credit_code.value if principal.credit_code else "")  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


_current: ContextVar[KeyedRequest | None] = ContextVar("keyed_request", default=None)


@contextmanager
def keyed(request: KeyedRequest) -> Iterator[None]:
    """Within this block, what the case store saves is recorded under `request`'s key."""
    token = _current.set(request)
    try:
        yield
    finally:
        _current.reset(token)


def current_request() -> KeyedRequest | None:
    """The keyed request being handled in this context, if any."""
    return _current.get()


class IdempotencyStore(Protocol):
    """The recorded keyed requests; they are written by the event log as it stores events."""

    def recorded(self, owner: str, key: str) -> RecordedRequest | None:
        """The request recorded under this owner's key, if any."""


def earlier(store: IdempotencyStore, request: KeyedRequest) -> RecordedRequest | None:
    """The recorded request `request` repeats, if any; `IdempotencyKeyReused` if its key was
    recorded for a different request."""
    recorded = store.recorded(request.owner, request.key)
    if recorded is not None and recorded.request.fingerprint != request.fingerprint:
        raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
    return recorded
