"""`yingshang user`: keep the console's user accounts from the command line, as the admin of
a jurisdiction (the first admin account is made here). Passwords are asked for, never given
as arguments (they would stay in the shell's history)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from application.account_service import DisableAccount, EnableAccount, OpenAccount
from application.errors import ApplicationError
from domain.account import AccountProfile, account_id, require_login
from domain.actor import Role
from domain.enterprise import CreditCode
from domain.errors import DomainError
from interface.cli_store import AdminOption, Jurisdiction, command_line_admin, open_services

users = typer.Typer(help="The console's user accounts (用户账号): add, disable, enable, reset a "
                    "password, list.")  # fmt: skip

Reason = Annotated[str, typer.Option(help="why (recorded in the account's history)")]
Password = Annotated[
    str,
    typer.Option(prompt="密码", hide_input=True, confirmation_prompt="再次输入密码",
                 help="asked for when not given; at least 10 characters, letters and digits"),
]  # fmt: skip
Refusals = (ValueError, DomainError, ApplicationError)
ROLE_CHOICES = ", ".join(role.value for role in Role if role is not Role.SYSTEM)


def refused(login: str, error: Exception) -> typer.Exit:
    typer.echo(f"yingshang: {login}: {error}", err=True)
    return typer.Exit(1)


@users.command("add")
def add_user(  # noqa: PLR0913 - an account's facts
    login: Annotated[str, typer.Argument(help="the login name, e.g. zhang.wei")],
    jurisdiction: Jurisdiction,
    name: Annotated[str, typer.Option(help="the user's name, e.g. 张伟")],
    role: Annotated[str, typer.Option(help=ROLE_CHOICES)],
    org: Annotated[str, typer.Option(help="the user's organisation code, e.g. yshb")],
    password: Password,
    credit_code: Annotated[Optional[str], typer.Option(help="enterprise users only")] = None,
    actor: AdminOption = None,
) -> None:
    """Add (开设) an account; the first admin is made so: `--role admin`."""
    with open_services() as services:
        admin = command_line_admin(jurisdiction, actor)
        try:
            code = CreditCode(credit_code.strip().upper()) if credit_code else None
            profile = AccountProfile(name, Role(role), org, code)
            command = OpenAccount(jurisdiction=admin.jurisdiction, login=login, profile=profile)
            services.accounts.open_account(command, password, admin)
        except Refusals as error:
            raise refused(login, error) from None
    typer.echo(f"{login}: 已开设账号（{name}，{role}，{org}）")


@users.command("disable")
def disable_user(login: str, jurisdiction: Jurisdiction, reason: Reason, actor: AdminOption = None) -> None:
    """Disable (停用) an account: its user can no longer sign in; its sessions end."""
    change(login, jurisdiction, actor, DisableAccount(reason=reason), "已停用")


@users.command("enable")
def enable_user(login: str, jurisdiction: Jurisdiction, reason: Reason, actor: AdminOption = None) -> None:
    """Enable (启用) a disabled account."""
    change(login, jurisdiction, actor, EnableAccount(reason=reason), "已启用")


def change(login: str, jurisdiction: str, actor: str | None, command: object, done: str) -> None:
    with open_services() as services:
        admin = command_line_admin(jurisdiction, actor)
        try:
            services.accounts.execute(account_id(require_login(login)), command, admin)
        except Refusals as error:
            raise refused(login, error) from None
    typer.echo(f"{login}: {done}")


@users.command("reset-password")
def reset_password(
    login: str,
    jurisdiction: Jurisdiction,
    password: Password,
    reason: Annotated[str, typer.Option(help="why")] = "管理员重置密码",
    actor: AdminOption = None,
) -> None:
    """Give an account a new password (重置密码); its sessions end."""
    with open_services() as services:
        admin = command_line_admin(jurisdiction, actor)
        try:
            services.accounts.reset_password(login, password, admin, reason)
        except Refusals as error:
            raise refused(login, error) from None
    typer.echo(f"{login}: 密码已重置，登录会话已结束")


@users.command("list")
def list_users(jurisdiction: Jurisdiction, actor: AdminOption = None) -> None:
    """Print the jurisdiction's accounts: login, name, role, organisation, credit code, status."""
    with open_services() as services:
        for row in services.accounts.rows(command_line_admin(jurisdiction, actor)):
            details = row.details
            typer.echo("\t".join((row.case_number, details["name"], details["role"],
                                  details["org"], details["credit_code"] or "", row.status)))  # fmt: skip
