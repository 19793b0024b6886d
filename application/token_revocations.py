"""Revoked bearer tokens: one token by its id (`jti`), or every token of a subject issued up
to a moment (a person leaves, a device is lost).

Token times have whole-second resolution (`iat`), so a subject's revocation at moment R refuses
every token of that subject issued in R's second or before, including one minted later in that
same second; a token issued from the next second on is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

from domain.clock import require_aware
from domain.errors import InvalidValue

from application.permissions import require_role
from application.principal import Principal


def utc_now() -> datetime:
    """Token times follow the real clock: a token's `iat` and `exp` are checked against it."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Credential:
    """A verified bearer token: whom it names, its id and its lifetime."""

    principal: Principal
    jti: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Revocation:
    """Who revoked what, when and why: exactly one of `jti` (one token) and `subject` (every
    token of the subject issued up to `revoked_at`, to the second)."""

    revoked_at: datetime
    revoked_by: str
    reason: str = ""
    jti: str | None = None
    subject: str | None = None
    expires_at: datetime | None = None  # of the one token, where known: its row may go after it

    def __post_init__(self) -> None:
        require_aware(self.revoked_at, "revoked_at")
        if (self.jti is None) == (self.subject is None):
            raise InvalidValue("a revocation names either one token (jti) or one subject")
        if not (self.jti or self.subject or "").strip() or not self.revoked_by.strip():
            raise InvalidValue("a revocation names its token or subject and who revoked it")

    @property
    def issued_up_to(self) -> int | None:
        """For a subject: the last second (Unix time) whose tokens are refused."""
        return int(self.revoked_at.timestamp()) if self.subject is not None else None


class RevocationStore(Protocol):
    """Revocations kept in the database, looked up on requests (see `RevocationCache`)."""

    def add(self, revocation: Revocation) -> None:
        """Record a revocation."""

    def refusing(self, jti: str, subject: str, issued_at: datetime) -> Revocation | None:
        """The revocation that refuses a token with these claims, if any (one indexed lookup)."""

    def prune(self, now: datetime) -> int:
        """Forget revocations of single tokens that expired before `now`; how many went."""


class TokenRevocations:
    """Logout and revocation: anyone may revoke their own token or all their own tokens; only
    an admin another's. The command line, which holds the database, revokes anything."""

    def __init__(self, store: RevocationStore, clock: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.clock = clock

    def revoke(
        self,
        by: str,
        reason: str = "",
        *,
        jti: str | None = None,
        subject: str | None = None,
        expires_at: datetime | None = None,
        now: datetime | None = None,
    ) -> Revocation:
        """Revoke one token or every token of a subject issued up to `now` (the clock's)."""
        revocation = Revocation(
            revoked_at=now or self.clock(),
            revoked_by=by,
            reason=reason,
            jti=jti,
            subject=subject,
            expires_at=expires_at,
        )
        self.store.add(revocation)
        return revocation

    def revoke_as(
        self,
        caller: Credential,
        reason: str = "",
        *,
        jti: str | None = None,
        subject: str | None = None,
    ) -> Revocation:
        """Revoke on behalf of the holder of `caller`: its own token when neither `jti` nor
        `subject` is named (logout); another token or subject only if it is an admin."""
        actor = caller.principal.actor
        if jti is None and subject is None:
            jti = caller.jti
        own = jti == caller.jti if jti is not None else subject == actor.id
        if not own:
            require_role(caller.principal, "token", "revoke-others")
        expires_at = caller.expires_at if jti == caller.jti else None
        return self.revoke(
            actor.id, reason or ("logout" if own else ""), jti=jti, subject=subject,
            expires_at=expires_at,
        )  # fmt: skip

    def prune(self, now: datetime | None = None) -> int:
        """Forget the revocations of single tokens that have expired anyway."""
        return self.store.prune(now or self.clock())
