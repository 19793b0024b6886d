"""Argon2id password hashes (RFC 9106) through argon2-cffi, the binding of the reference
implementation: each hash carries its salt and parameters, so a hash made with older parameters
is still checked, and replaced at the next sign-in (`needs_rehash`)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Argon2Hasher:
    """`PasswordHasher` with argon2-cffi's defaults (RFC 9106's low-memory profile) unless
    given other parameters (tests use cheap ones)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.argon2 = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self.argon2.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        try:
            return self.argon2.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        return self.argon2.check_needs_rehash(hashed)
