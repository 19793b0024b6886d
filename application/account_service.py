"""User accounts (用户账号), kept by the admin of their jurisdiction: opened with a first
password, disabled, enabled and given a new password. Each change is an event on the account;
the password's hash goes to the account secrets (a table, never the log), and a change that
must lock the user out ends the account's console sessions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import IntegrityError

from domain.account import Account, AccountProfile, account_id, require_login, require_strong_password

from application.case_commands import Intake, step
from application.case_index import CaseFilter, CaseRow
from application.case_service import CaseService
from application.errors import Forbidden, VersionConflict
from application.principal import Principal


class PasswordHasher(Protocol):
    """A slow, salted password hash (Argon2 in production)."""

    def hash(self, password: str) -> str:
        """The hash to keep."""

    def verify(self, hashed: str, password: str) -> bool:
        """Whether `password` is the one `hashed` was made from."""

    def needs_rehash(self, hashed: str) -> bool:
        """Whether `hashed` was made with other parameters than the current ones."""


class Passwords(Protocol):
    """The password hashes, by login name, in a table of their own."""

    def password_of(self, login: str) -> str | None:
        """The login's hash, if it has one."""

    def set_password(self, login: str, hashed: str) -> None:
        """Keep `hashed` as the login's hash, replacing any before."""

    def end_sessions_of(self, login: str) -> int:
        """End every console session of the login; how many there were."""


@dataclass(frozen=True, kw_only=True)
class OpenAccount(Intake):
    """开设: open an account in a jurisdiction under a login name."""

    login: str
    profile: AccountProfile


DisableAccount = step("disable", "停用: the user can no longer sign in.", reason=str)
EnableAccount = step("enable", "启用: the user may sign in again.", reason=str)
ResetPassword = step(
    "reset-password", "重置密码: a new password, set by the admin; the user's sessions end.",
    reason=(str, "管理员重置密码"),
)  # fmt: skip


class AccountService(CaseService[Account]):
    """The accounts of each jurisdiction; `context` is the `Passwords` table and its hasher."""

    case_class = Account
    prefix = "ZH"  # 账号 (an account's case number is its login name; no series is issued)

    @property
    def passwords(self) -> Passwords:
        return self.context[0]  # type: ignore[no-any-return]

    @property
    def hasher(self) -> PasswordHasher:
        return self.context[1]  # type: ignore[no-any-return]

    def open_account(self, command: OpenAccount, password: str, principal: Principal) -> Account:
        """Open an account with its first password; a login name is given once (`VersionConflict`)."""
        self.require_intake(command, principal)
        require_strong_password(password, require_login(command.login))
        at = self.occurred_at(command.occurred_at)
        account = Account.open(login=command.login, jurisdiction=command.jurisdiction,
                               profile=command.profile, actor=principal.actor, occurred_at=at)  # fmt: skip
        try:
            self.store.save(account)
        except IntegrityError:
            raise VersionConflict(f"login name {command.login} is taken") from None
        self.passwords.set_password(account.login, self.hasher.hash(password))
        return account

    def execute(
        self, case_id: Any, command: Any, principal: Principal, expected_version: int | None = None
    ) -> Account:
        """One change of an account (see `CaseService.execute`); disabling ends its sessions.
        No admin disables their own account (someone must be left to enable it)."""
        if isinstance(command, DisableAccount) and case_id == account_id(principal.actor.id):
            raise Forbidden("an admin may not disable their own account")
        account = super().execute(case_id, command, principal, expected_version)
        if isinstance(command, DisableAccount):
            self.passwords.end_sessions_of(account.login)
        return account

    def reset_password(
        self, login: str, password: str, principal: Principal, reason: str | None = None
    ) -> Account:
        """Give the account a new password (refused unless strong) and end its sessions."""
        require_strong_password(password, login)
        command = ResetPassword(reason=reason) if reason else ResetPassword()
        account = super().execute(account_id(require_login(login)), command, principal)
        self.passwords.set_password(login, self.hasher.hash(password))
        self.passwords.end_sessions_of(login)
        return account

    def rows(self, principal: Principal) -> list[CaseRow]:
        """Every account of the principal's jurisdiction, by login name."""
        page = self.list(CaseFilter(limit=None), principal)
        return sorted((row for _, row in page.rows), key=lambda row: row.case_number)
