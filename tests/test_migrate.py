"""`yingshang migrate` creates every table once; services with table creation off need it, and
on PostgreSQL run under a role that cannot rewrite the event log."""

from __future__ import annotations


import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg.sql import SQL, Identifier
from typer.testing import CliRunner

from application.appeal_commands import Assign, Receive
from application.idempotency import KeyedRequest, keyed
from domain.appeal import HandlingLevel
from infrastructure.bootstrap import Services
from infrastructure.signing_keys import write_key
from infrastructure.tables import CreationRefused, TablesMissing
from interface.cli import app
from interface.http import create_app
from tests.builders import ACME, AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, Clock, submission
from tests.conftest import open_services
from tests.test_http_appeals import APPEAL, Client

runner = CliRunner()
LOG = {"yingshang_events": "topic", "yingshang_seals": "event_digest", "yingshang_tags": "tag",
       "yingshang_checkpoints": "signature"}  # a column of each  # fmt: skip


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
    env = {"YINGSHANG_DATABASE_URL": store.runtime_url, "YINGSHANG_CREATE_TABLES": "false"}
    for command in ("rebuild", "verify"):  # the views emptied and made again, as this role
        result = runner.invoke(app, ["projections", command], env=env)
        assert result.exit_code == 0, result.output
    assert "report_counts: equals a rebuild from the events" in result.stdout
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
    runtime_store: RuntimeStore, clock: Clock, tmp_path: Path
) -> None:
    migrate(runtime_store.owner_url)
    write_key(tmp_path / "signing.pem")
    services = open_services(runtime_store.owner_url, clock, create_tables=False, signing_key_file=tmp_path / "signing.pem")
    services.appeals.submit(submission(), ENTERPRISE)  # rows for the row triggers: events, seals, tags
    services.audit.sign()  # and a checkpoint
    services.close()
    with psycopg.connect(runtime_store.owner_url.split("?")[0], autocommit=True) as connection:
        for table, column in LOG.items():
            for statement in (f"UPDATE {{}} SET {column} = {column}", "DELETE FROM {}", "TRUNCATE {}"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                    connection.execute(SQL(statement).format(Identifier(runtime_store.schema, table)))  # type: ignore[arg-type]


def privileges(url: str, schema: str, table: str) -> set[str]:
    """What the user of `url` may do to `table`, by the catalogue."""
    kinds = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE")
    with psycopg.connect(url.split("?")[0]) as connection:
        return {
            kind for kind in kinds
            if connection.execute("SELECT has_table_privilege(%s, %s)",
                                  (f'"{schema}"."{table}"', kind)).fetchone()[0]  # type: ignore[index]
        }  # fmt: skip


@pytest.mark.postgres
def test_the_service_runs_over_http_as_the_runtime_role(runtime_store: RuntimeStore, clock: Clock) -> None:
    """`yingshang serve` (its background work included) as the role: commands, reads that wait
    for the views the background keeps, the audit's verification; never the log rewritten."""
    store = runtime_store
    migrate(store.owner_url, "--runtime-role", store.role)
    services = open_services(store.runtime_url, clock, create_tables=False, views="background")
    try:
        with TestClient(create_app(services, run_policies=True)) as http:
            client = Client(http, services)
            key = {"Idempotency-Key": "intake-1"}
            created = client.post("/appeals", APPEAL, ENTERPRISE, **key)
            assert created.status_code == 201, created.text
            assert client.post("/appeals", APPEAL, ENTERPRISE, **key).json() == created.json()
            appeal_id = created.json()["id"]
            for action, body, principal in [
                ("receive", {}, COORDINATOR),
                ("assign", {"department": "scjgj", "level": "county"}, COORDINATOR),
                ("progress", {"note": "已约谈"}, HANDLER),
                ("resolve", {"outcome": "solved", "resolution": "已办理"}, HANDLER),
                ("follow-up", {"satisfaction": "satisfied"}, ENTERPRISE),
                ("close", {"reason": "企业满意，销号"}, COORDINATOR),
            ]:  # fmt: skip
                response = client.step(appeal_id, action, body, principal)
                assert response.status_code == 200, (action, response.text)
            written = response.headers["X-Log-Position"]
            reads = {  # each view, read once the background work has brought it to the close
                "/appeals": COORDINATOR, "/supervision-list": COORDINATOR,
                "/reports/closure-rates": COORDINATOR, f"/enterprises/{ACME.value}/timeline": COORDINATOR,
                "/audit/activity": AUDITOR,
            }  # fmt: skip
            for path, principal in reads.items():
                params = {"min_position": written} | ({"period": "2026-03"} if "reports" in path else {})
                read = client.get(path, principal, **params)
                assert read.status_code == 200, (path, read.text)
                assert int(read.headers["X-Log-Position"]) >= int(written)
            listed = client.get("/appeals", COORDINATOR, min_position=written).json()["items"]
            assert [(row["id"], row["status"]) for row in listed] == [(appeal_id, "closed")]
            rates = client.get("/reports/closure-rates", COORDINATOR, period="2026-03").json()
            assert rates["total"]["closed"] == 1
            assert client.get(f"/audit/appeals/{appeal_id}/events", AUDITOR).status_code == 200
            verified = client.get("/audit/verify", AUDITOR).json()
            assert verified["holds"] and verified["checked"] >= 7
            logout = http.post("/api/v1/tokens/revoke", headers=client.headers(HANDLER))
            assert logout.status_code == 200, logout.text
    finally:
        services.close()
    events, *sealed = LOG
    assert privileges(store.runtime_url, store.schema, events) == {"SELECT", "INSERT", "UPDATE"}
    for table in sealed:
        assert privileges(store.runtime_url, store.schema, table) == {"SELECT", "INSERT"}
    for table, column in LOG.items():  # the events' UPDATE privilege (for the library's lock) is refused by the trigger
        for statement in (f"UPDATE {{}} SET {column} = {column}", "DELETE FROM {}", "TRUNCATE {}",
                          "ALTER TABLE {} DISABLE TRIGGER ALL"):  # fmt: skip
            refused(store.runtime_url, store.schema, statement, table)
    with psycopg.connect(store.runtime_url.split("?")[0]) as connection:  # nor skip the triggers
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("SET session_replication_role = replica")
    assert privileges(store.runtime_url, store.schema, "case_index") == {"SELECT", "INSERT", "UPDATE", "DELETE"}


@pytest.mark.postgres
def test_several_servers_without_background_read_what_one_projector_keeps(
    runtime_store: RuntimeStore, clock: Clock
) -> None:
    """`yingshang serve --no-background` twice and `yingshang project` once, all as the runtime
    role: a write through one server is read through the other once the projector has it."""
    store = runtime_store
    migrate(store.owner_url, "--runtime-role", store.role)

    def process(**settings: object) -> Services:
        return open_services(store.runtime_url, clock, create_tables=False, views="background",
                             policy_interval_seconds=600, **settings)  # fmt: skip

    servers = [process(read_wait_seconds=5), process(read_wait_seconds=5)]
    projector = process()
    projecting = projector.background(run_policies=True)  # what `yingshang project` runs
    try:
        with (
            TestClient(create_app(servers[0], run_policies=False)) as first,
            TestClient(create_app(servers[1], run_policies=False)) as second,
        ):
            writer, reader = Client(first, servers[0]), Client(second, servers[1])
            projecting.start()
            try:
                created = writer.post("/appeals", APPEAL, ENTERPRISE)
                assert created.status_code == 201, created.text
                written = created.headers["X-Log-Position"]
                listed = reader.get("/appeals", COORDINATOR, min_position=written)
                assert listed.status_code == 200, listed.text
                assert [row["id"] for row in listed.json()["items"]] == [created.json()["id"]]
            finally:
                projecting.stop()
            # no projector: the views stand still, and a read that needs more waits in vain
            again = writer.post("/appeals", APPEAL, ENTERPRISE)
            servers[1].consistency.wait_seconds = 0.2
            behind = reader.get("/appeals", COORDINATOR, min_position=again.headers["X-Log-Position"])
            assert behind.status_code == 503 and behind.json()["code"] == "views_behind"
    finally:
        for services in (*servers, projector):
            services.close()


@pytest.mark.postgres
def test_a_role_that_may_not_create_tables_is_told_to_migrate(runtime_store: RuntimeStore, clock: Clock) -> None:
    store = runtime_store
    with pytest.raises(CreationRefused, match="YINGSHANG_CREATE_TABLES=false"):
        open_services(store.runtime_url, clock)  # no schema yet, and the role may not make one
    migrate(store.owner_url, "--runtime-role", store.role)
    env = {"YINGSHANG_DATABASE_URL": store.runtime_url}
    for command in (["projections", "verify"], ["migrate"]):  # creation on: refused before anything is tried
        result = runner.invoke(app, command, env=env)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert "yingshang migrate" in result.stderr and "owner" in result.stderr
    result = runner.invoke(app, ["projections", "verify"], env=env | {"YINGSHANG_CREATE_TABLES": "false"})
    assert result.exit_code == 0, result.output


@pytest.mark.postgres
def test_migrate_grants_the_runtime_roles_again_with_a_table_a_release_adds(runtime_store: RuntimeStore) -> None:
    store = runtime_store
    migrate(store.owner_url, "--runtime-role", store.role)
    with psycopg.connect(store.owner_url.split("?")[0], autocommit=True) as connection:
        connection.execute(SQL("CREATE TABLE {} (x int)").format(Identifier(store.schema, "added")))
    assert privileges(store.runtime_url, store.schema, "added") == set()
    assert f"runtime role {store.role}: grants renewed" in migrate(store.owner_url)
    assert privileges(store.runtime_url, store.schema, "added") == {"SELECT", "INSERT", "UPDATE", "DELETE"}
    assert privileges(store.runtime_url, store.schema, "yingshang_seals") == {"SELECT", "INSERT"}
