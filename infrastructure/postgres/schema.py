"""The PostgreSQL schema of a store: created by its owner, read from the catalogue, its event
log made append-only, and the grants of a runtime role that cannot rewrite the log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.sql import SQL, Composable, Identifier

APPEND_ONLY = "yingshang_append_only"
# What the trigger refuses, by trigger name: rows changed or deleted, the table emptied.
REFUSALS = {
    f"{APPEND_ONLY}_rows": "BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW",
    f"{APPEND_ONLY}_truncate": "BEFORE TRUNCATE ON {table} FOR EACH STATEMENT",
}
# The library's insert takes `LOCK TABLE … IN EXCLUSIVE MODE` on the events, which needs UPDATE;
# the append-only trigger refuses the UPDATE itself. The seals are only inserted and read.
EVENTS_PRIVILEGES = "SELECT, INSERT, UPDATE"
SEALS_PRIVILEGES = "SELECT, INSERT"
VIEW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"  # views, tracking, idempotency, revocations


def create_postgres_schema(env: dict[str, str]) -> list[str]:
    """Create the configured schema if it does not exist (the library expects it to); what
    was done, as lines to print."""
    schema = env["POSTGRES_SCHEMA"]
    if not schema:
        return []
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"] or None,
        connect_timeout=int(env["POSTGRES_CONNECT_TIMEOUT"]),
        autocommit=True,
    ) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = %s", (schema,)
        ).fetchone()
        connection.execute(SQL("CREATE SCHEMA IF NOT EXISTS {}").format(Identifier(schema)))
    return [f"schema {schema}: {'present' if found else 'created'}"]


def existing_tables(datastore: Any) -> set[str]:
    """The names of the tables in the store's schema."""
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = %s", (datastore.schema,)
        )
        return {row["tablename"] for row in cursor.fetchall()}


def protect_log(datastore: Any, log_tables: Sequence[str]) -> list[str]:
    """Make the events and seals append-only: triggers refuse every UPDATE, DELETE and
    TRUNCATE, whatever the role (only the owner could drop them, on purpose)."""
    function = Identifier(datastore.schema, APPEND_ONLY)
    statements: list[Composable] = [
        SQL(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'yingshang: %.% is append-only: % refused', TG_TABLE_SCHEMA, "
            "TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$"
        ).format(function)
    ]
    for table in log_tables:
        statements += [
            SQL("CREATE OR REPLACE TRIGGER {name} " + timing + " EXECUTE FUNCTION {function}()")  # type: ignore[operator]
            .format(name=Identifier(name), table=Identifier(datastore.schema, table), function=function)
            for name, timing in REFUSALS.items()
        ]
    _execute(datastore, statements)
    return [f"table {table}: append-only (UPDATE, DELETE, TRUNCATE refused)" for table in log_tables]


def grant_runtime_role(
    datastore: Any, role: str, log_tables: Sequence[str], other_tables: Sequence[str]
) -> list[str]:
    """Give `role` what the running service needs and no more: no DDL, no DELETE or TRUNCATE
    of the events and seals. Replaces the role's earlier grants on the schema's tables; the
    statements run, as lines to print."""
    schema, grantee = Identifier(datastore.schema), Identifier(role)
    events, seals = (Identifier(datastore.schema, table) for table in log_tables)
    others = SQL(", ").join(Identifier(datastore.schema, table) for table in other_tables)
    statements = [
        SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, grantee),
        SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, grantee),
        SQL(f"GRANT {EVENTS_PRIVILEGES} ON {{}} TO {{}}").format(events, grantee),
        SQL(f"GRANT {SEALS_PRIVILEGES} ON {{}} TO {{}}").format(seals, grantee),
        SQL(f"GRANT {VIEW_PRIVILEGES} ON {{}} TO {{}}").format(others, grantee),
        SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, grantee),
    ]
    _execute(datastore, statements)
    return [f"{statement.as_string(None)};" for statement in statements]


def _execute(datastore: Any, statements: Sequence[Composable]) -> None:
    """Run `statements` in one transaction."""
    with datastore.transaction(commit=True) as cursor:
        for statement in statements:
            cursor.execute(statement)
