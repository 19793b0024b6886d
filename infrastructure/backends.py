"""The adapters of each database, beside the library's own recorders."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from infrastructure.postgres import schema as postgres
from infrastructure.postgres.accounts import PostgresAccountTables
from infrastructure.postgres.activity import PostgresActivity
from infrastructure.postgres.case_index import PostgresCaseIndex
from infrastructure.postgres.documents import PostgresDocuments
from infrastructure.postgres.idempotency import PostgresIdempotencyStore
from infrastructure.postgres.notifications import PostgresNotifications
from infrastructure.postgres.report_counts import PostgresReportCounts
from infrastructure.postgres.revocations import PostgresRevocationStore
from infrastructure.postgres.supervision import PostgresSupervision
from infrastructure.sqlite import schema as sqlite
from infrastructure.sqlite.accounts import SQLiteAccountTables
from infrastructure.sqlite.activity import SQLiteActivity
from infrastructure.sqlite.case_index import SQLiteCaseIndex
from infrastructure.sqlite.documents import SQLiteDocuments
from infrastructure.sqlite.idempotency import SQLiteIdempotencyStore
from infrastructure.sqlite.report_counts import SQLiteReportCounts
from infrastructure.sqlite.revocations import SQLiteRevocationStore
from infrastructure.sqlite.supervision import SQLiteSupervision

Protect = Callable[[Any, Sequence[str]], list[str]]
Grant = Callable[[Any, str, str, Sequence[str]], list[str]]  # datastore, role, events, sealed → done
Roles = Callable[[Any, str], list[str]]  # datastore, events → the runtime roles granted


@dataclass(frozen=True)
class Backend:
    """The adapters of one database, and what it takes to create and guard its tables."""

    case_index: type[Any]
    supervision: type[Any]
    activity: type[Any]
    report_counts: type[Any]
    documents: type[Any]  # the numbers of the 交办单 and 督办单
    idempotency: type[Any]
    revocations: type[Any]
    accounts: type[Any]  # the console's passwords, sessions and sign-in attempts
    existing_tables: Callable[[Any], set[str]]  # datastore → the names of its tables
    prepare: Callable[[dict[str, str]], list[str]] = lambda env: []  # before any table
    protect_log: Protect | None = None  # make the events and seals append-only
    grant_runtime_role: Grant | None = None  # a role that may not rewrite the log
    runtime_roles: Roles | None = None  # the roles granted so before
    notifications: type[Any] | None = None  # the log's recorder → its LISTEN/NOTIFY channels


BACKENDS = {
    "eventsourcing.sqlite": Backend(
        SQLiteCaseIndex, SQLiteSupervision, SQLiteActivity, SQLiteReportCounts, SQLiteDocuments,
        SQLiteIdempotencyStore,
        SQLiteRevocationStore, SQLiteAccountTables, sqlite.existing_tables,
    ),  # fmt: skip
    "eventsourcing.postgres": Backend(
        PostgresCaseIndex, PostgresSupervision, PostgresActivity, PostgresReportCounts,
        PostgresDocuments, PostgresIdempotencyStore,
        PostgresRevocationStore, PostgresAccountTables, postgres.existing_tables,
        postgres.create_postgres_schema,
        postgres.protect_log, postgres.grant_runtime_role, postgres.runtime_roles,
        PostgresNotifications,
    ),  # fmt: skip
}
