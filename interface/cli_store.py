"""What every `yingshang` command that opens the store shares: the settings from the
environment and the services over them, exiting with a reason when either cannot be had."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Optional

import typer
from pydantic import ValidationError

from application.principal import Principal
from domain.actor import Actor, Role
from domain.errors import DomainError
from domain.jurisdiction import JurisdictionCode
from infrastructure.bootstrap import Services, build_services
from infrastructure.encryption import UnreadableLog
from infrastructure.settings import Settings
from infrastructure.tables import StoreNotReady


# the options of the commands that act as a jurisdiction's admin
Jurisdiction = Annotated[str, typer.Option(help="6-digit division code, e.g. 360121")]
AdminOption = Annotated[
    Optional[str],
    typer.Option("--actor", help="the admin recorded as acting; default: the OS user"),
]


def load_settings() -> Settings:
    """The settings from the environment; exit 1 saying what is wrong with them."""
    try:
        return Settings()
    except ValidationError as error:
        typer.echo(f"yingshang: {error}", err=True)
        raise typer.Exit(1) from None


@contextmanager
def open_services(settings: Settings | None = None) -> Iterator[Services]:
    """The services over the store `settings` (else the configured ones) name, closed
    afterwards; exit 1 saying why if the store cannot be opened as configured (e.g. its events
    need another cipher key)."""
    try:
        services = build_services(settings or load_settings())
    except (UnreadableLog, StoreNotReady) as error:
        typer.echo(f"yingshang: {error}", err=True)
        raise typer.Exit(1) from None
    try:
        yield services
    finally:
        services.close()


def command_line_admin(
    jurisdiction: str, actor: str | None, org: str = "command-line"
) -> Principal:
    """The person at the command line, acting as an admin of `jurisdiction`: `actor`, or the
    OS user; a malformed jurisdiction is a bad parameter."""
    try:
        code = JurisdictionCode(jurisdiction)
    except DomainError as error:
        raise typer.BadParameter(str(error)) from None
    return Principal(Actor(id=actor or getpass.getuser(), role=Role.ADMIN, org=org), code)
