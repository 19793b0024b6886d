"""Bearer tokens (JWT, HS256) that name the actor and its scope."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jwt

from application.principal import Principal
from domain.actor import Actor, Role
from domain.enterprise import CreditCode
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "role", "org", "jurisdiction"]


class InvalidToken(Exception):
    """The token is missing, malformed, expired, or not ours."""

    code = "unauthenticated"


@dataclass(frozen=True)
class TokenAuthority:
    """Mints and verifies tokens with one secret, issuer and audience."""

    secret: str
    issuer: str
    audience: str
    ttl: timedelta

    def mint(
        self,
        principal: Principal,
        now: datetime | None = None,
        ttl: timedelta | None = None,
    ) -> str:
        """A signed token for the principal, valid for `ttl` (the configured one by default)."""
        issued = now or datetime.now(timezone.utc)
        claims = {
            "sub": principal.actor.id,
            "role": principal.actor.role.value,
            "org": principal.actor.org,
            "jurisdiction": principal.jurisdiction.value,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": issued,
            "exp": issued + (ttl or self.ttl),
        }
        if principal.credit_code is not None:
            claims["credit_code"] = principal.credit_code.value
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Principal:
        """The principal a valid token names; `InvalidToken` otherwise."""
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": REQUIRED_CLAIMS},
            )
            return principal_of(claims)
        except jwt.PyJWTError as error:
            raise InvalidToken(f"invalid bearer token: {error}") from None


def principal_of(claims: dict[str, str]) -> Principal:
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
    return path.read_text(encoding="utf-8").strip()
