"""What every `yingshang` command that opens the store shares: the settings from the
environment and the services over them, exiting with a reason when either cannot be had."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError

from infrastructure.bootstrap import Services, build_services
from infrastructure.encryption import UnreadableLog
from infrastructure.settings import Settings
from infrastructure.tables import StoreNotReady


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
