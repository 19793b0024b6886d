"""What the bench scripts share: the intake they register, who registers and who resolves it,
the bare-store baseline's aggregate, and a throw-away store on each database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from application.appeal_commands import SubmitAppeal
from application.principal import Principal
from domain.actor import Actor, Role
from domain.appeal import Category, Channel, Urgency
from domain.enterprise import CreditCode, Enterprise
from domain.jurisdiction import JurisdictionCode
from infrastructure.postgres.schema import create_postgres_schema
from infrastructure.database import store_env

COUNTY = JurisdictionCode("360121")
OFFICE = Principal(Actor("bench", Role.COORDINATOR, "yshb"), COUNTY)
DEPARTMENT = Principal(Actor("bench-h", Role.HANDLER, "scjgj"), COUNTY)
INTAKE = SubmitAppeal(
    jurisdiction=COUNTY,
    enterprise=Enterprise(CreditCode("91360121MA35ABCD04"), "bench"),
    channel=Channel.HOTLINE_12345,
    category=Category.FINANCING,
    urgency=Urgency.NORMAL,
    summary="bench",
)
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
UrlMaker = Callable[[str], str]  # a tag → the URL of a fresh store


class Counter(Aggregate):
    """The baseline's aggregate: as trivial as an aggregate gets."""

    @event("Counted")
    def count(self) -> None:
        pass


def bare_store(url: str) -> Application:
    """A plain `eventsourcing` application on the database `url` names (no seals, no views)."""
    env = store_env(url)
    if env["PERSISTENCE_MODULE"] == "eventsourcing.postgres":
        create_postgres_schema(env)
    return Application(env=env)


@contextmanager
def sqlite_stores() -> Iterator[UrlMaker]:
    """Fresh SQLite files, removed afterwards."""
    with TemporaryDirectory() as folder:
        yield lambda tag: f"sqlite:///{Path(folder) / tag}.db"


@contextmanager
def postgres_stores(base: str) -> Iterator[UrlMaker]:
    """Fresh PostgreSQL schemas in the database at `base`, dropped afterwards."""
    schemas: list[str] = []

    def schema_url(tag: str) -> str:
        schemas.append(f"bench_{tag}_{uuid.uuid4().hex[:8]}")
        return f"{base}?schema={schemas[-1]}"

    try:
        yield schema_url
    finally:
        with psycopg.connect(base, autocommit=True) as connection:
            for schema in schemas:
                connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
