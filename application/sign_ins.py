"""Signing in to the console: the password checked against its hash, failures throttled, and
a server-side session opened, kept while used, and ended on logout or when it expires.

A session is named by a random 256-bit key the browser holds; the table keeps only its SHA-256
digest, so reading the table does not let anyone sign in. Its CSRF tokens are an HMAC of the
session's own random secret. Every attempt that is checked, whatever its outcome, is sealed in
the log (a `SignInAttempt`) and counted in the attempts table that every process reads for
throttling; an attempt refused unchecked while throttled is not, so that hammering the sign-in
page cannot grow the append-only log without end.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.account import LOGIN_LENGTH, PASSWORD_LONGEST, Account, AccountStatus, account_id
from domain.actor import Actor, Role
from domain.enterprise import CreditCode
from domain.jurisdiction import JurisdictionCode
from domain.sign_in import SignInAttempt, SignInOutcome
from domain.text import CONTROL

from application.account_service import PasswordHasher, Passwords
from application.case_store import CaseStore
from application.principal import Principal

UNKNOWN_ORG = "sign-in"  # the organisation of a name no account has, in the log


@dataclass(frozen=True)
class SessionRules:
    """How long a session lasts, how long it may lie unused, and when sign-in is throttled."""

    lifetime: timedelta = timedelta(hours=8)
    idle: timedelta = timedelta(minutes=30)
    failures: int = 5  # failed attempts for one login name within `window` …
    address_failures: int = 20  # … or from one address, before further attempts are refused
    window: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Session:
    """A console session: its key's digest, its account's user, its CSRF secret and its times."""

    digest: str
    principal: Principal
    csrf_secret: str
    created_at: datetime
    expires_at: datetime
    last_seen: datetime


class SessionStore(Passwords, Protocol):
    """The sessions, the password hashes and the sign-in attempts, in tables every process shares."""

    def open_session(self, session: Session) -> None:
        """Keep a new session."""

    def session(self, digest: str) -> Session | None:
        """The session of this key digest, if any."""

    def touch(self, digest: str, at: datetime) -> None:
        """The session was used at `at`."""

    def end_session(self, digest: str) -> None:
        """End one session."""

    def record_attempt(self, login: str, address: str, at: datetime, failed: bool) -> None:
        """Count an attempt."""

    def failures_since(self, login: str, address: str, since: datetime) -> tuple[int, int]:
        """The failed attempts since `since` for the login name, and from the address."""

    def forget(self, now: datetime, attempts_before: datetime) -> None:
        """Drop the sessions expired by `now` and the attempts made before `attempts_before`."""


class SignInRefused(Exception):
    """The attempt did not sign in; the message is for the person at the screen."""

    def __init__(self, outcome: SignInOutcome, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def principal_of(account: Account) -> Principal:
    """The principal an account's session acts as, built as a bearer token's is."""
    profile = account.profile
    credit_code = CreditCode(profile.credit_code.value) if profile.credit_code else None
    return Principal(account.as_actor(), JurisdictionCode(account.jurisdiction.value), credit_code)


class SignIns:
    """Sign in, look up and end the console's sessions."""

    def __init__(  # noqa: PLR0913 - what signing in needs
        self,
        store: CaseStore,
        sessions: SessionStore,
        hasher: PasswordHasher,
        clock: Callable[[], datetime],
        rules: SessionRules,
    ) -> None:
        self.store = store
        self.sessions = sessions
        self.hasher = hasher
        self.clock = clock
        self.rules = rules
        self._decoy = hasher.hash(secrets.token_hex(16))  # checked for names no account has

    def sign_in(self, login: str, password: str, address: str) -> tuple[str, Session]:
        """A new session's key and the session, if the password is the account's and the
        attempt not throttled; `SignInRefused` otherwise. Every attempt is recorded."""
        now = self.clock()
        # what is counted and recorded of a name no account has: no control characters, short
        login = CONTROL.sub("?", login.strip())[: 2 * LOGIN_LENGTH]
        account = self._account(login)
        by_login, by_address = self.sessions.failures_since(login, address, now - self.rules.window)
        if by_login >= self.rules.failures or by_address >= self.rules.address_failures:
            minutes = int(self.rules.window.total_seconds() // 60)
            raise SignInRefused(SignInOutcome.THROTTLED,
                                f"登录失败次数过多，已暂停登录，请 {minutes} 分钟后再试")  # fmt: skip
        outcome = self._check(login, account, password)
        self._record(login, account, address, now, outcome)
        self.sessions.record_attempt(login, address, now, failed=outcome is not SignInOutcome.SUCCEEDED)
        if outcome is SignInOutcome.DISABLED:
            raise SignInRefused(outcome, "该账号已停用，请联系系统管理员")
        if outcome is not SignInOutcome.SUCCEEDED or account is None:
            raise SignInRefused(outcome, "登录名或密码错误")
        self.sessions.forget(now, now - self.rules.window)
        return self._open(account, now)

    def _account(self, login: str) -> Account | None:
        if not login or len(login) > LOGIN_LENGTH:
            return None
        return self.store.find(account_id(login), Account)

    def _check(self, login: str, account: Account | None, password: str) -> SignInOutcome:
        """Whether the password is right (the hash is checked even for a name no account has,
        so that the time taken does not tell which names exist); upgrades an old hash."""
        hashed = self.sessions.password_of(login) if account is not None else None
        if len(password) > PASSWORD_LONGEST:  # none is so long: not worth the hashing
            return SignInOutcome.REFUSED
        if not self.hasher.verify(hashed or self._decoy, password) or hashed is None:
            return SignInOutcome.REFUSED
        if account is None or account.status is not AccountStatus.ACTIVE:
            return SignInOutcome.DISABLED
        if self.hasher.needs_rehash(hashed):
            self.sessions.set_password(login, self.hasher.hash(password))
        return SignInOutcome.SUCCEEDED

    def _record(
        self, login: str, account: Account | None, address: str, at: datetime, outcome: SignInOutcome
    ) -> None:
        if account is not None:
            actor, jurisdiction = account.as_actor(), account.jurisdiction
        else:
            actor, jurisdiction = Actor(login or "?", Role.SYSTEM, UNKNOWN_ORG), None
        self.store.save(SignInAttempt(actor, jurisdiction, outcome, address[:64], at))

    def _open(self, account: Account, now: datetime) -> tuple[str, Session]:
        key = secrets.token_urlsafe(32)  # 256 bits
        session = Session(
            digest=digest_of(key), principal=principal_of(account),
            csrf_secret=secrets.token_hex(32), created_at=now,
            expires_at=now + self.rules.lifetime, last_seen=now,
        )  # fmt: skip
        self.sessions.open_session(session)
        return key, session

    def session(self, key: str) -> Session | None:
        """The live session of `key`: None if unknown, past its lifetime or idle too long (it
        is then ended). Its last use is noted at most once a minute."""
        if not key or len(key) > 128:  # noqa: PLR2004 - far longer than any key given
            return None
        digest = digest_of(key)
        found = self.sessions.session(digest)
        if found is None:
            return None
        now = self.clock()
        if now >= found.expires_at or now - found.last_seen >= self.rules.idle:
            self.sessions.end_session(digest)
            return None
        if now - found.last_seen >= timedelta(minutes=1):
            self.sessions.touch(digest, now)
        return found

    def sign_out(self, key: str) -> None:
        """End the session of `key` (logout)."""
        self.sessions.end_session(digest_of(key))


def csrf_token_of(session: Session) -> str:
    """The token every form of the session carries: an HMAC under the session's secret."""
    return hmac.new(bytes.fromhex(session.csrf_secret), b"yingshang-csrf", hashlib.sha256).hexdigest()
