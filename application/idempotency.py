"""Idempotent requests: the first response to a key is stored and replayed for retries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: str  # JSON text
    headers: dict[str, str]


class IdempotencyStore(Protocol):
    """Remembers, per owner and key, the request's fingerprint and the response it got."""

    def claim(self, owner: str, key: str, fingerprint: str) -> StoredResponse | None:
        """Claim the key for a new request (returns None), or return the stored response of an
        earlier one. Raises `IdempotencyKeyReused` if the fingerprint differs and
        `RequestInProgress` if the earlier request has not finished.
        """

    def complete(self, owner: str, key: str, response: StoredResponse) -> None:
        """Store the response of a claimed request."""

    def release(self, owner: str, key: str) -> None:
        """Forget a claim whose request failed before recording anything."""
