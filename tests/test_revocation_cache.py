"""Revocation lookups remembered for a moment: a revocation made in the process takes effect at
once, one made by another process within the cache's time, on both stores."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from application.revocation_cache import Key, RevocationCache
from application.token_revocations import Revocation, TokenRevocations
from infrastructure.bootstrap import Services
from infrastructure.tokens import TokenRevoked
from tests.builders import COORDINATOR, HANDLER

TTL = 1.0


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def cache_of(services: Services) -> RevocationCache:
    cache = services.tokens.revocations
    assert isinstance(cache, RevocationCache)
    return cache


def by_another_process(services: Services, jti: str) -> None:
    """A revocation written to the table without this process's caches knowing."""
    now = datetime.now(timezone.utc)
    cache_of(services).store.add(Revocation(now, "sun.hao", "elsewhere", jti=jti))


def test_a_revocation_made_in_the_process_takes_effect_at_once(services: Services) -> None:
    token, credential = services.tokens.issue(COORDINATOR)
    assert services.tokens.verify(token) == COORDINATOR  # its lookup remembered
    services.revocations.revoke("sun.hao", "device lost", jti=credential.jti)
    with pytest.raises(TokenRevoked, match="device lost"):
        services.tokens.check(token)


def test_any_cache_of_the_process_voids_every_other(services: Services) -> None:
    token, credential = services.tokens.issue(HANDLER)
    assert services.tokens.verify(token) == HANDLER
    elsewhere = TokenRevocations(RevocationCache(cache_of(services).store, TTL))
    elsewhere.revoke("sun.hao", "another service", jti=credential.jti)
    with pytest.raises(TokenRevoked, match="another service"):
        services.tokens.check(token)


def revoked_elsewhere_after_a_lookup(
    services: Services, ttl: float, ticks: Ticks
) -> tuple[RevocationCache, Key]:
    """A cache of `ttl` that looked a token up (not revoked), and the token then revoked by
    another process; the cache and the token's lookup."""
    cache = RevocationCache(cache_of(services).store, ttl, ticks)
    _, credential = services.tokens.issue(COORDINATOR)
    lookup = (credential.jti, COORDINATOR.actor.id, credential.issued_at)
    assert cache.refusing(*lookup) is None
    by_another_process(services, credential.jti)
    return cache, lookup


def test_another_process_revocation_takes_effect_within_the_cache_time(
    services: Services,
) -> None:
    ticks = Ticks()
    cache, lookup = revoked_elsewhere_after_a_lookup(services, TTL, ticks)
    ticks.now += TTL / 2
    assert cache.refusing(*lookup) is None  # remembered, as documented
    ticks.now += TTL / 2
    refused = cache.refusing(*lookup)
    assert refused is not None and refused.reason == "elsewhere"


def test_no_cache_time_looks_up_on_every_request(services: Services) -> None:
    cache, lookup = revoked_elsewhere_after_a_lookup(services, 0, Ticks())
    assert cache.refusing(*lookup) is not None


def test_pruning_voids_what_was_remembered(services: Services) -> None:
    cache, lookup = revoked_elsewhere_after_a_lookup(services, TTL, Ticks())
    services.revocations.prune()  # forgets nothing here, but the table was written
    assert cache.refusing(*lookup) is not None
