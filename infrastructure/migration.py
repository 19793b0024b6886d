"""`yingshang migrate`: create or upgrade every table, index and schema of a store once, as
its owner, so that the services can run with table creation off under a lesser role."""

from __future__ import annotations

from typing import Any

from infrastructure.backends import BACKENDS, Backend
from infrastructure.database import store_env
from infrastructure.tables import Tables, open_store

NO_ROLE = "runtime role: none granted (`yingshang migrate --runtime-role NAME` grants one)"
RENEWED = "runtime role {}: grants renewed"


def migrate(database_url: str, runtime_role: str | None = None) -> list[str]:
    """Create what is missing, make the event log append-only (PostgreSQL), and grant
    `runtime_role` what the running service needs, if given, and again every runtime role
    granted before (so a table an upgrade adds is theirs too). Idempotent; what it did, as lines
    to print. Raises `ValueError` for a runtime role on a store that has no roles (SQLite),
    `CreationRefused` if the database's role may not create the tables."""
    env = store_env(database_url)
    backend = BACKENDS[env["PERSISTENCE_MODULE"]]
    if runtime_role is not None and backend.grant_runtime_role is None:
        raise ValueError("a runtime role needs PostgreSQL; a SQLite file has no roles")
    done = backend.prepare(env)
    store = open_store(env)
    try:
        datastore = store.factory.datastore  # type: ignore[attr-defined]
        tables = Tables.of(store, backend)
        done += _create(tables, backend.existing_tables(datastore))
        done += _guard(datastore, tables, backend, runtime_role)
    finally:
        store.close()
    return done


def _create(tables: Tables, before: set[str]) -> list[str]:
    """Create every missing table and index; each table, created or present before, and each
    view emptied because it gained a table (its service makes it again from the events)."""
    emptied = tables.create(before)
    return [f"table {name}: {'present' if name in before else 'created'}" for name in tables.names()] + [
        f"view {name}: gained a table, emptied; made again from the events as it catches up"
        for name in emptied
    ]


def _guard(datastore: Any, tables: Tables, backend: Backend, role: str | None) -> list[str]:
    """Make the log append-only and grant the runtime roles, where the database can."""
    if backend.protect_log is None or backend.grant_runtime_role is None:
        return []
    events, sealed = tables.log_names()
    done = backend.protect_log(datastore, [events, *sealed])
    granted = backend.runtime_roles(datastore, events) if backend.runtime_roles else []
    if role is None and not granted:
        return [*done, NO_ROLE]
    for name in dict.fromkeys([*([role] if role else []), *granted]):
        statements = backend.grant_runtime_role(datastore, name, events, sealed)
        done += statements if name == role else [RENEWED.format(name)]
    return done
