"""User accounts of the console (用户账号): who may sign in, as which role, of which
organisation and jurisdiction, and for an enterprise user under which credit code.

An account is reference data kept like a case (a `Case` of kind "account"), one aggregate per
login name, so every change is sealed in the log with its admin and time. Its case number is
the login name. Its password is never in an event (an event can never be erased): the service
keeps the hash in a table of its own, and the log says only that a password was reset.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor, Role
from domain.bounds import require_moment
from domain.case import Case, require_text
from domain.enterprise import CreditCode
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode

NAMESPACE = uuid.UUID("0f3c2a71-8e55-4d0b-b6a4-3d1f9e7c5a20")  # of accounts' ids
LOGIN_LENGTH = 64
PASSWORD_LENGTH = 10  # the fewest characters a password has
PASSWORD_LONGEST = 256  # hashing a longer one is wasted work an attacker could ask for


class AccountStatus(Enum):
    ACTIVE = "active"  # 在用
    DISABLED = "disabled"  # 已停用


class WeakPassword(InvalidValue):
    """A password the strength rule refuses; its message is for the person choosing it."""


@dataclass(frozen=True)
class AccountProfile:
    """Who the account is: a display name, a role, an organisation code (department, court,
    the enterprise's own code) and, for an enterprise user, its credit code."""

    name: str
    role: Role
    org: str
    credit_code: CreditCode | None = None

    def __post_init__(self) -> None:
        require_text(self.name, "name")
        require_text(self.org, "org")
        if not isinstance(self.role, Role) or self.role is Role.SYSTEM:
            raise InvalidValue(f"an account's role is a person's role, got {self.role!r}")
        if (self.role is Role.ENTERPRISE) != (self.credit_code is not None):
            raise InvalidValue("an enterprise user has its enterprise's credit code; no one else has one")


def require_login(login: str) -> str:
    """A login name: 1–64 lower-case ASCII letters, digits, `.`, `-` or `_`."""
    if (
        not isinstance(login, str)
        or not 0 < len(login) <= LOGIN_LENGTH
        or not all(c.isascii() and (c.islower() or c.isdigit() or c in ".-_") for c in login)
    ):
        raise InvalidValue(
            f"a login name is 1–{LOGIN_LENGTH} of a–z, 0–9, '.', '-', '_'; got {login[:80]!r}"
        )
    return login


def require_strong_password(password: str, login: str) -> str:
    """A password of at least 10 characters with letters and digits, not the login name."""
    if not isinstance(password, str) or not PASSWORD_LENGTH <= len(password) <= PASSWORD_LONGEST:
        raise WeakPassword(f"密码长度须为 {PASSWORD_LENGTH}–{PASSWORD_LONGEST} 个字符")
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        raise WeakPassword("密码须同时包含字母和数字")
    if login.lower() in password.lower():
        raise WeakPassword("密码不能包含登录名")
    if len(set(password)) < PASSWORD_LENGTH // 2:
        raise WeakPassword("密码过于简单：重复字符太多")
    return password


def account_id(login: str) -> UUID:
    """The one id an account has, so that a login name is never given twice."""
    return uuid.uuid5(NAMESPACE, login)


class Account(Case):
    """A user account. Create one with `Account.open(...)`."""

    kind: ClassVar[str] = "account"

    @event("Opened")
    def __init__(  # noqa: PLR0913 - an account's facts
        self,
        case_number: str,
        jurisdiction: JurisdictionCode,
        profile: AccountProfile,
        actor: Actor,
        occurred_at: datetime,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
    ) -> None:
        self.case_number = case_number  # the login name
        self.jurisdiction = jurisdiction
        self.profile = profile
        self.status = AccountStatus.ACTIVE
        self.opened_at = occurred_at
        self.reason: str | None = None  # of the last change
        self.last_occurred_at = occurred_at

    @classmethod
    def open(
        cls,
        *,
        login: str,
        jurisdiction: JurisdictionCode,
        profile: AccountProfile,
        actor: Actor,
        occurred_at: datetime,
    ) -> Account:
        """Open (开设) an account under `login` in `jurisdiction`."""
        if not isinstance(jurisdiction, JurisdictionCode):
            raise InvalidValue(f"expected a JurisdictionCode, got {jurisdiction!r}")
        if not isinstance(profile, AccountProfile):
            raise InvalidValue(f"expected an AccountProfile, got {profile!r}")
        return cls(
            case_number=require_login(login),
            jurisdiction=jurisdiction,
            profile=profile,
            actor=actor,
            occurred_at=require_moment(occurred_at),
            id=account_id(login),
        )

    @property
    def login(self) -> str:
        return self.case_number

    def organisations(self) -> frozenset[str]:
        return frozenset({self.profile.org})

    def as_actor(self) -> Actor:
        """The actor this account's user is recorded as."""
        return Actor(id=self.login, role=self.profile.role, org=self.profile.org)

    # --- 停用 / 启用 / 重置密码 ------------------------------------------------------------

    def disable(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Disable (停用) the account: its user can no longer sign in."""
        self.require_state("disable", AccountStatus.ACTIVE)
        self.require_in_order(occurred_at)
        self._disabled(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Disabled")
    def _disabled(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = AccountStatus.DISABLED
        self.reason = reason

    def enable(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Enable (启用) a disabled account again."""
        self.require_state("enable", AccountStatus.DISABLED)
        self.require_in_order(occurred_at)
        self._enabled(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Enabled")
    def _enabled(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = AccountStatus.ACTIVE
        self.reason = reason

    def reset_password(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Record that the password was reset (重置密码); the hash itself is kept elsewhere."""
        self.require_in_order(occurred_at)
        self._password_reset(reason=require_text(reason, "reason"), actor=actor,
                             occurred_at=occurred_at)  # fmt: skip

    @event("PasswordReset")
    def _password_reset(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.reason = reason
