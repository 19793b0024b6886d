"""The PostgreSQL schema of a store: created by its owner, read from the catalogue, its event
log made append-only, and the grants of a runtime role that cannot rewrite the log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.sql import SQL, Composable, Identifier

from infrastructure.tables import CreationRefused

APPEND_ONLY = "yingshang_append_only"
# What the trigger refuses, by trigger name: rows changed or deleted, the table emptied.
REFUSALS = {
    f"{APPEND_ONLY}_rows": "BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW",
    f"{APPEND_ONLY}_truncate": "BEFORE TRUNCATE ON {table} FOR EACH STATEMENT",
}
# The library's insert takes `LOCK TABLE … IN EXCLUSIVE MODE` on the events, which needs UPDATE;
# the append-only trigger refuses the UPDATE itself. (An advisory lock in our recorder instead
# would spare the grant, but would not exclude a writer that takes the library's table lock, an
# older release during an upgrade say: their events could commit out of order and a view tailing
# the log pass one over for good.) The seals are only inserted and read.
EVENTS_PRIVILEGES = "SELECT, INSERT, UPDATE"
SEALS_PRIVILEGES = "SELECT, INSERT"
# Every other table of the schema (views, tracking, idempotency, revocations, and any table a
# later release adds) gets these: the service changes and empties them as it works.
OTHER_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


def create_postgres_schema(env: dict[str, str]) -> list[str]:
    """Create the configured schema if it does not exist (the library expects it to); what
    was done, as lines to print. Raises `CreationRefused`, before anything is created, if the
    configured role could not create the schema or its tables (a runtime role, say)."""
    named = env["POSTGRES_SCHEMA"]
    schema = named or "public"
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
        refusal = _creation_refusal(connection, schema if found else None)
        if refusal:
            raise CreationRefused(
                f"the role {connection.info.user} may not create the tables of schema {schema} "
                f"({refusal}): run `yingshang migrate` once as the schema's owner, and start "
                "the service with YINGSHANG_CREATE_TABLES=false"
            )
        if not found:
            connection.execute(SQL("CREATE SCHEMA IF NOT EXISTS {}").format(Identifier(schema)))
    return [f"schema {schema}: {'present' if found else 'created'}"] if named else []


def _creation_refusal(connection: psycopg.Connection[Any], schema: str | None) -> str | None:
    """Why the connected role could not create or upgrade the tables of the existing `schema`
    (or create a new schema, if None), else None. Upgrading a table or its indexes takes its
    ownership, which a member of the owning role has too."""
    if schema is None:
        query = "SELECT has_database_privilege(current_database(), 'CREATE')"
        allowed = connection.execute(query).fetchone()[0]  # type: ignore[index]
        return None if allowed else "no CREATE privilege on the database"
    query = "SELECT has_schema_privilege(%s, 'CREATE')"
    if not connection.execute(query, (schema,)).fetchone()[0]:  # type: ignore[index]
        return "no CREATE privilege on the schema"
    foreign = connection.execute(
        "SELECT count(*) FROM pg_catalog.pg_tables "
        "WHERE schemaname = %s AND NOT pg_has_role(tableowner, 'USAGE')",
        (schema,),
    ).fetchone()[0]  # type: ignore[index]
    return f"{foreign} of its tables owned by another role" if foreign else None


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


def grant_runtime_role(datastore: Any, role: str, events: str, sealed: Sequence[str]) -> list[str]:
    """Give `role` what the running service needs and no more: no DDL, no DELETE or TRUNCATE
    of the `events` table and the `sealed` ones beside it (seals, tags, checkpoints); every other table of the schema, whatever a release
    adds, as a view. Replaces the role's earlier grants on the schema's tables, in one
    transaction; the statements run, as lines to print."""
    schema, grantee = Identifier(datastore.schema), Identifier(role)
    log = SQL(", ").join(Identifier(datastore.schema, table) for table in (events, *sealed))
    statements = [
        SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, grantee),
        SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, grantee),
        SQL(f"GRANT {OTHER_PRIVILEGES} ON ALL TABLES IN SCHEMA {{}} TO {{}}").format(schema, grantee),
        SQL("REVOKE ALL ON {} FROM {}").format(log, grantee),
        SQL(f"GRANT {EVENTS_PRIVILEGES} ON {{}} TO {{}}").format(
            Identifier(datastore.schema, events), grantee
        ),
        SQL(f"GRANT {SEALS_PRIVILEGES} ON {{}} TO {{}}").format(
            SQL(", ").join(Identifier(datastore.schema, table) for table in sealed), grantee
        ),
        SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(schema, grantee),
    ]
    _execute(datastore, statements)
    return [f"{statement.as_string(None)};" for statement in statements]


def runtime_roles(datastore: Any, events: str) -> list[str]:
    """The roles granted as runtime roles before: those, other than its owner, that may
    insert into the `events` table."""
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(
            "SELECT DISTINCT grantee.rolname FROM pg_catalog.pg_class AS tab "
            "JOIN pg_catalog.pg_namespace AS ns ON ns.oid = tab.relnamespace "
            "CROSS JOIN LATERAL aclexplode(tab.relacl) AS acl "
            "JOIN pg_catalog.pg_roles AS grantee ON grantee.oid = acl.grantee "
            "WHERE ns.nspname = %s AND tab.relname = %s AND acl.privilege_type = 'INSERT' "
            "AND acl.grantee <> tab.relowner ORDER BY grantee.rolname",
            (datastore.schema, events),
        )
        return [row["rolname"] for row in cursor.fetchall()]


def _execute(datastore: Any, statements: Sequence[Composable]) -> None:
    """Run `statements` in one transaction."""
    with datastore.transaction(commit=True) as cursor:
        for statement in statements:
            cursor.execute(statement)
