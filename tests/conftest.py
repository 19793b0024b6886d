"""Fixtures: every storage test runs once on a SQLite file and once on PostgreSQL.

PostgreSQL is at `YINGSHANG_TEST_POSTGRES` (default postgresql://postgres@127.0.0.1:5432/test);
each test gets a schema of its own, dropped afterwards. Where PostgreSQL is unreachable its tests
are skipped, unless `YINGSHANG_REQUIRE_POSTGRES=1` (as in CI), which makes them fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from application.account_service import PasswordHasher
from infrastructure.bootstrap import Services, build_services
from infrastructure.settings import Settings
from interface.http import create_app
from tests.builders import TEST_SECRET, Clock

POSTGRES_URL = os.environ.get(
    "YINGSHANG_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("YINGSHANG_REQUIRE_POSTGRES") == "1"


def postgres_unavailable() -> str | None:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return None
    except psycopg.OperationalError as error:
        return str(error).strip()


@pytest.fixture(scope="session")
def postgres() -> str:
    """The PostgreSQL URL, after checking the server answers."""
    problem = postgres_unavailable()
    if problem is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required but unreachable at {POSTGRES_URL}: {problem}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_URL}: {problem}")
    return POSTGRES_URL


STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def fresh_store(request: pytest.FixtureRequest, directory: Path) -> Iterator[str]:
    """A fresh, empty store of the kind `request.param` names: a SQLite file in `directory`,
    or a PostgreSQL schema of its own, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{directory / 'yingshang.db'}"
        return
    yield from schema_of_its_own(request.getfixturevalue("postgres"))


def schema_of_its_own(database: str) -> Iterator[str]:
    """The URL of a fresh schema in the PostgreSQL database `database`, dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    yield f"{database}?schema={schema}"
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=STORES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store: a SQLite file, or a PostgreSQL schema of its own."""
    yield from fresh_store(request, tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def open_services(
    database_url: str, clock: Clock, hasher: PasswordHasher | None = None, **settings: Any
) -> Services:
    """The services over the store at `database_url`, with any further `settings` (and
    passwords hashed by `hasher`, if given)."""
    configured = Settings(database_url=database_url, token_secret=TEST_SECRET, _env_file=None, **settings)
    return build_services(configured, clock=clock, hasher=hasher)


@pytest.fixture
def services(database_url: str, clock: Clock) -> Iterator[Services]:
    """The wired services over a fresh store, with a clock the test controls."""
    opened = open_services(database_url, clock)
    yield opened
    opened.close()


@pytest.fixture
def http(services: Services) -> Iterator[TestClient]:
    """The HTTP service over `services`; a server error comes back as a 500, not raised."""
    with TestClient(create_app(services), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def case_ids(http: TestClient, services: Services) -> dict[str, str]:
    """A case of each collection, made over HTTP; their ids by collection."""
    from tests.http_cases import create_one_of_each  # it imports test modules that import this one

    return create_one_of_each(http, services)
