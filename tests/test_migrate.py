"""`yingshang migrate` creates every table once; services with table creation off need it, and
on PostgreSQL run under a role that cannot rewrite the event log."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg.sql import SQL, Identifier
from typer.testing import CliRunner

from application.appeal_commands import Assign, Receive
from application.idempotency import KeyedRequest, keyed
from domain.appeal import HandlingLevel
from infrastructure.tables import TablesMissing
from interface.cli import app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, Clock, submission
from tests.conftest import open_services

runner = CliRunner()
LOG = {"yingshang_events": "topic", "yingshang_seals": "event_digest"}  # a column of each


def migrate(database_url: str, *options: str) -> list[str]:
    """`yingshang migrate` over the store; the lines it printed."""
    result = runner.invoke(app, ["migrate", *options], env={"YINGSHANG_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def found(lines: list[str]) -> dict[str, str]:
    """What migrate found of each table and schema: `created` or `present`."""
    pairs = (line.rsplit(": ", 1) for line in lines if line.endswith((": created", ": present")))
    return {what: status for what, status in pairs}


def test_migrate_twice_creates_once_then_finds_everything(database_url: str, clock: Clock) -> None:
    first = found(migrate(database_url))
    assert {"table case_index", "table idempotent_requests", "table token_revocations"} <= set(first)
    assert set(first.values()) == {"created"}
    assert found(migrate(database_url)) == {what: "present" for what in first}
    services = open_services(database_url, clock, create_tables=False)
    try:
        appeal = services.appeals.submit(submission(), ENTERPRISE)
        services.appeals.execute(appeal.id, Receive(), COORDINATOR)
        assert services.reports.closure_rates(AUDITOR, "2026-03").total.received == 1
    finally:
        services.close()


def test_without_table_creation_an_empty_store_names_migrate(database_url: str, clock: Clock) -> None:
    with pytest.raises(TablesMissing, match="yingshang migrate"):
        open_services(database_url, clock, create_tables=False)
    env = {"YINGSHANG_DATABASE_URL": database_url, "YINGSHANG_CREATE_TABLES": "false"}
    result = runner.invoke(app, ["projections", "verify"], env=env)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert "lacks the tables" in result.stderr and "yingshang migrate" in result.stderr
    assert set(found(migrate(database_url)).values()) == {"created"}  # nothing was made before


def test_a_runtime_role_is_refused_on_sqlite(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'y.db'}"
    result = runner.invoke(app, ["migrate", "--runtime-role", "app"], env={"YINGSHANG_DATABASE_URL": url})
    assert result.exit_code != 0 and "PostgreSQL" in result.output


@dataclass(frozen=True)
class RuntimeStore:
    owner_url: str  # the tables' owner, who migrates
    runtime_url: str  # the service's role, on the same schema
    schema: str
    role: str


def as_role(url: str, role: str) -> str:
    """`url` with `role` as its user (the test server trusts local connections)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}"))


@pytest.fixture
def runtime_store(postgres: str) -> Iterator[RuntimeStore]:
    """A schema of its own and a login role of its own, both dropped afterwards."""
    schema, role = f"test_{uuid.uuid4().hex[:12]}", f"yingshang_rt_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(SQL("CREATE ROLE {} LOGIN").format(Identifier(role)))
    try:
        yield RuntimeStore(f"{postgres}?schema={schema}", f"{as_role(postgres, role)}?schema={schema}",
                           schema, role)  # fmt: skip
    finally:
        with psycopg.connect(postgres, autocommit=True) as connection:
            connection.execute(SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(Identifier(schema)))
            connection.execute(SQL("DROP OWNED BY {}").format(Identifier(role)))
            connection.execute(SQL("DROP ROLE {}").format(Identifier(role)))


@pytest.mark.postgres
def test_the_runtime_role_runs_the_service_and_cannot_rewrite_the_log(
    runtime_store: RuntimeStore, clock: Clock
) -> None:
    store = runtime_store
    done = migrate(store.owner_url, "--runtime-role", store.role)
    assert any(line.startswith("GRANT SELECT, INSERT ON") and "yingshang_seals" in line for line in done)
    migrate(store.owner_url, "--runtime-role", store.role)  # granting again changes nothing
    services = open_services(store.runtime_url, clock, create_tables=False)
    try:
        appeal = services.appeals.submit(submission(), ENTERPRISE)
        services.appeals.execute(appeal.id, Receive(), COORDINATOR)
        assign = Assign(department="scjgj", level=HandlingLevel.COUNTY)
        services.appeals.execute(appeal.id, assign, COORDINATOR)
        for catch_up in services.policy_runner().catch_ups:  # the background work, as this role
            catch_up()
        assert services.reports.closure_rates(AUDITOR, "2026-03").total.received == 1
        with keyed(KeyedRequest("acme", "k1", "f", clock())):
            keyed_appeal = services.appeals.submit(submission(), ENTERPRISE)
        assert services.idempotency.recorded("acme", "k1").case_id == keyed_appeal.id
        services.revocations.revoke("sun.hao", "lost", jti="j1")
        assert services.revocations.prune() == 0
        assert services.audit.verify(AUDITOR.actor).failure is None
    finally:
        services.close()
    for table, column in LOG.items():
        for statement in (f"UPDATE {{}} SET {column} = {column}", "DELETE FROM {}", "TRUNCATE {}"):
            refused(store.runtime_url, store.schema, statement, table)
    refused(store.runtime_url, store.schema, "DROP TABLE {}", "yingshang_events")
    refused(store.runtime_url, store.schema, "CREATE TABLE {} (x int)", "elsewhere")


def refused(url: str, schema: str, statement: str, table: str) -> None:
    """`statement` on `table` fails for the user of `url`, changing nothing."""
    with psycopg.connect(url.split("?")[0], autocommit=True) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(SQL(statement).format(Identifier(schema, table)))  # type: ignore[arg-type]


@pytest.mark.postgres
def test_migrate_makes_the_log_append_only_even_for_its_owner(
    runtime_store: RuntimeStore, clock: Clock
) -> None:
    migrate(runtime_store.owner_url)
    services = open_services(runtime_store.owner_url, clock, create_tables=False)
    services.appeals.submit(submission(), ENTERPRISE)  # rows for the row triggers
    services.close()
    with psycopg.connect(runtime_store.owner_url.split("?")[0], autocommit=True) as connection:
        for table, column in LOG.items():
            for statement in (f"UPDATE {{}} SET {column} = {column}", "DELETE FROM {}", "TRUNCATE {}"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                    connection.execute(SQL(statement).format(Identifier(runtime_store.schema, table)))  # type: ignore[arg-type]
