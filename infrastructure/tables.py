"""Every table the services use, through recorders opened without creating any: created at
start-up (the default) or once by `yingshang migrate`, else required to exist."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from application.case_store import CaseStore

if TYPE_CHECKING:  # the backends' schema modules raise this module's errors
    from infrastructure.backends import Backend

# The library creates no table: this module does, or checks they exist. The key with the
# store's name wins over any CREATE_TABLE variable in the environment.
NO_TABLE_CREATION = {f"{CaseStore.name.upper()}_CREATE_TABLE": "no"}
CREATED_TABLE = re.compile(r'CREATE TABLE IF NOT EXISTS\s+(?:"?\w+"?\.)?"?(\w+)"?', re.IGNORECASE)


class StoreNotReady(Exception):
    """The store cannot be opened as the settings say."""


class TablesMissing(StoreNotReady):
    """The store lacks tables and the settings say not to create them."""


class CreationRefused(StoreNotReady):
    """The settings say to create tables, and the database does not let the role."""


def open_store(env: dict[str, str]) -> CaseStore:
    """The case store over the database `env` names, creating nothing."""
    return CaseStore(env=env | NO_TABLE_CREATION)


def table_names(recorder: Any) -> list[str]:
    """The tables `recorder` creates, from its create statements (SQLite's are text)."""
    statements = getattr(recorder, "create_table_statements", None)
    if statements is None:
        statements = [statement.as_string(None) for statement in recorder.sql_create_statements]
    return [match.group(1) for text in statements for match in CREATED_TABLE.finditer(text)]


@dataclass(frozen=True)
class Tables:
    """The recorder of each table of a store (several share the library's tracking table)."""

    log: Any  # the events and their seals
    snapshots: Any  # of case-number sequences and long cases (not part of the log)
    case_index: Any
    supervision: Any
    activity: Any
    report_counts: Any
    documents: Any
    policies: Any  # the tracking of the process policies
    idempotency: Any
    revocations: Any
    accounts: Any  # the console's passwords, sessions and sign-in attempts

    @classmethod
    def of(cls, store: CaseStore, backend: Backend) -> Tables:
        factory = store.factory
        return cls(
            log=store.recorder,
            snapshots=store.snapshots.recorder,  # type: ignore[union-attr]
            case_index=factory.tracking_recorder(backend.case_index),
            supervision=factory.tracking_recorder(backend.supervision),
            activity=factory.tracking_recorder(backend.activity),
            report_counts=factory.tracking_recorder(backend.report_counts),
            documents=factory.tracking_recorder(backend.documents),
            policies=factory.tracking_recorder(),
            idempotency=backend.idempotency(factory.datastore, store.recorder.seals_table),  # type: ignore[attr-defined]
            revocations=backend.revocations(factory.datastore),  # type: ignore[attr-defined]
            accounts=backend.accounts(factory.datastore),  # type: ignore[attr-defined]
        )

    def recorders(self) -> list[Any]:
        return [getattr(self, field.name) for field in fields(self)]

    def create(self, existing: set[str]) -> list[str]:
        """Create every table and index not among the `existing` ones. A view that gained a
        table (an upgrade) is emptied, to be made again from the events as it catches up; the
        names of the views emptied."""
        emptied = []
        for recorder in self.recorders():
            names = set(table_names(recorder))
            recorder.create_table()
            if self._is_view(recorder) and names & existing and names - existing:
                recorder.clear()
                emptied.append(recorder.tracking_name)
        return emptied

    def _is_view(self, recorder: Any) -> bool:
        return any(recorder is view for view in (self.case_index, self.supervision, self.activity,
                                                 self.report_counts, self.documents))  # fmt: skip

    def names(self) -> list[str]:
        """Every table's name, once each, in order of creation."""
        names = [name for recorder in self.recorders() for name in table_names(recorder)]
        return list(dict.fromkeys(names))

    def log_names(self) -> tuple[str, list[str]]:
        """The events table's name, then those of the tables beside it that are only ever
        inserted into: the seals, their tags, the signed checkpoints."""
        log = self.log
        return log.events_table_name, [log.seals_table_name, log.tags_table_name, log.checkpoints_table_name]

    def require(self, existing: set[str]) -> None:
        """Raise `TablesMissing` unless every table is among the `existing` ones."""
        missing = [name for name in self.names() if name not in existing]
        if missing:
            raise TablesMissing(
                f"the store lacks the tables {', '.join(missing)}: create them once with "
                "`yingshang migrate`, run as the database owner, or let the service create "
                "them (YINGSHANG_CREATE_TABLES=true)"
            )
