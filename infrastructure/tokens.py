"""Bearer tokens (JWT, HS256) that name the actor and its scope."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt

from application.principal import Principal
from application.token_revocations import Credential, RevocationStore, utc_now
from domain.actor import Actor, Role
from domain.enterprise import CreditCode
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["jti", "exp", "iat", "iss", "aud", "sub", "role", "org", "jurisdiction"]
MIN_SECRET_LENGTH = 32  # HS256 wants a key of at least its 256 bits
VERIFIED_TOKENS = 4096  # tokens whose signature and claims a process remembers as verified


class InvalidToken(Exception):
    """The token is missing, malformed, expired, revoked, or not ours."""

    code = "unauthenticated"


class TokenExpired(InvalidToken):
    """The token's `exp` has passed: mint a new one."""

    code = "token_expired"


class TokenRevoked(InvalidToken):
    """The token, or every token of its subject up to a moment, was revoked."""

    code = "token_revoked"


def require_strong(secret: str) -> str:
    """The secret, if long enough for HS256; `ValueError` otherwise."""
    if len(secret) < MIN_SECRET_LENGTH:
        raise ValueError(
            f"the token secret has {len(secret)} characters; HS256 needs at least "
            f"{MIN_SECRET_LENGTH} (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    return secret


@dataclass(frozen=True)
class TokenAuthority:
    """Mints and verifies tokens with one secret, issuer and audience; refuses those that
    `revocations` (where given) has revoked."""

    secret: str
    issuer: str
    audience: str
    ttl: timedelta
    revocations: RevocationStore | None = None
    _verified: Callable[[str], Credential] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A token verified once verifies again alike (same secret, issuer, audience): only what
        # changes with time, its expiry and its revocations, is checked on every request.
        object.__setattr__(self, "_verified", lru_cache(VERIFIED_TOKENS)(self._verify))

    def issue(
        self,
        principal: Principal,
        now: datetime | None = None,
        ttl: timedelta | None = None,
    ) -> tuple[str, Credential]:
        """A signed token for the principal, valid for `ttl` (the configured one by default),
        with a new unique id (`jti`); and what it says."""
        # Token times are whole seconds; the credential says what the token says.
        issued = (now or utc_now()).replace(microsecond=0)
        credential = Credential(principal, uuid.uuid4().hex, issued, issued + (ttl or self.ttl))
        claims = {
            "jti": credential.jti,
            "sub": principal.actor.id,
            "role": principal.actor.role.value,
            "org": principal.actor.org,
            "jurisdiction": principal.jurisdiction.value,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": credential.issued_at,
            "exp": credential.expires_at,
        }
        if principal.credit_code is not None:
            claims["credit_code"] = principal.credit_code.value
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM), credential

    def mint(
        self,
        principal: Principal,
        now: datetime | None = None,
        ttl: timedelta | None = None,
    ) -> str:
        """A signed token for the principal (see `issue`)."""
        return self.issue(principal, now, ttl)[0]

    def check(self, token: str) -> Credential:
        """What a valid, unrevoked token says: `TokenExpired`, `TokenRevoked` or `InvalidToken`
        otherwise. The signature's algorithm is pinned, so `alg=none` is refused."""
        credential = self._verified(token)
        if credential.expires_at <= utc_now():  # as PyJWT judges `exp`, without leeway
            raise TokenExpired("the bearer token has expired")
        if self.revocations is None:
            return credential
        revoked = self.revocations.refusing(
            credential.jti, credential.principal.actor.id, credential.issued_at
        )
        if revoked is not None:
            raise TokenRevoked(
                f"the bearer token was revoked at {revoked.revoked_at.isoformat()}"
                + (f": {revoked.reason}" if revoked.reason else "")
            )
        return credential

    def _verify(self, token: str) -> Credential:
        """What a token whose signature and claims are valid says; `InvalidToken` otherwise."""
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise TokenExpired("the bearer token has expired") from None
        except jwt.PyJWTError as error:
            raise InvalidToken(f"invalid bearer token: {error}") from None
        return Credential(
            principal=principal_of(claims),
            jti=str(claims["jti"]),
            issued_at=_moment(claims["iat"]),
            expires_at=_moment(claims["exp"]),
        )

    def verify(self, token: str) -> Principal:
        """The principal a valid, unrevoked token names; `InvalidToken` otherwise."""
        return self.check(token).principal


def _moment(seconds: object) -> datetime:
    """A JWT NumericDate (seconds since the epoch) as a UTC time."""
    try:
        return datetime.fromtimestamp(float(seconds), timezone.utc)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError) as error:
        raise InvalidToken(f"invalid token time {seconds!r}: {error}") from None


def principal_of(claims: dict[str, Any]) -> Principal:
    """Turn verified claims into a principal; the enterprise role must name its credit code."""
    try:
        role = Role(claims["role"])
        if role is Role.SYSTEM:
            raise InvalidToken("the system role is not issued to people")
        credit_code = claims.get("credit_code")
        if role is Role.ENTERPRISE and not credit_code:
            raise InvalidToken("an enterprise token must carry credit_code")
        return Principal(
            actor=Actor(id=str(claims["sub"]), role=role, org=str(claims["org"])),
            jurisdiction=JurisdictionCode(str(claims["jurisdiction"])),
            credit_code=CreditCode(credit_code) if credit_code else None,
        )
    except (ValueError, InvalidValue) as error:
        raise InvalidToken(f"invalid token claims: {error}") from None


def secret_from_file(path: Path) -> str:
    """Read the token secret kept in `path`, creating a random one (mode 600) the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
    return require_strong(path.read_text(encoding="utf-8").strip())
