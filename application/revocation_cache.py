"""Revocation lookups remembered for a moment: a request need not read the revocations table
when a request with the same token read it less than `ttl` seconds ago.

A revocation recorded by any `RevocationCache` of this process (`add`, and `prune`) makes every
cache of the process forget all it remembers, so within the process it takes effect at once. One
recorded by another process (another server, `yingshang token revoke`) takes effect here once
the answers remembered before it are `ttl` seconds old: at most `ttl` seconds later.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import datetime

from application.token_revocations import Revocation, RevocationStore

REMEMBERED = 4096  # lookups a cache holds; when full it starts afresh
Key = tuple[str, str, datetime]  # a token's jti, subject and issue time


class RevocationCache:
    """A `RevocationStore` that remembers each lookup's answer for `ttl` seconds."""

    _changes = itertools.count(1)  # shared by every cache of the process
    _generation = 0  # the last change any cache of the process recorded

    def __init__(
        self,
        store: RevocationStore,
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.ttl = ttl
        self.clock = clock
        self._answers: dict[Key, tuple[int, float, Revocation | None]] = {}

    def add(self, revocation: Revocation) -> None:
        self.store.add(revocation)
        self._changed()

    def refusing(self, jti: str, subject: str, issued_at: datetime) -> Revocation | None:
        key = (jti, subject, issued_at)
        remembered = self._answers.get(key)
        generation, now = RevocationCache._generation, self.clock()
        if remembered is not None and remembered[0] == generation and now < remembered[1]:
            return remembered[2]
        answer = self.store.refusing(jti, subject, issued_at)
        if self.ttl > 0:
            if len(self._answers) >= REMEMBERED:
                self._answers = {}
            # under the generation read before the lookup: a change meanwhile voids the answer
            self._answers[key] = (generation, now + self.ttl, answer)
        return answer

    def prune(self, now: datetime) -> int:
        pruned = self.store.prune(now)
        self._changed()
        return pruned

    @staticmethod
    def _changed() -> None:
        """Void every answer remembered in the process until now."""
        RevocationCache._generation = next(RevocationCache._changes)
