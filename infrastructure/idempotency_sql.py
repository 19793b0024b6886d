"""The table of keyed requests, shared by the SQLite and PostgreSQL stores.

A row is written by the event log in the transaction that stores the request's events (see
`RequestRecords`), never before and never changed after: a key is either recorded with the
events it produced, or not at all. It holds no reply, only the case and version the reply is
made from, so it keeps no personal data either.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from application.idempotency import KeyedRequest, RecordedRequest, RequestRecordedAlready

TABLE = "idempotent_requests"
COLUMNS = ("owner", "key", "fingerprint", "answered_at", "case_id", "version")

def requests_table(schema: str | None = None) -> str:
    """The table's name, qualified by the PostgreSQL schema it lives in, if any."""
    return f'"{schema}".{TABLE}' if schema else TABLE


def create_sql(table: str, integer: str) -> str:
    """The table's DDL; `integer` is the database's type for versions."""
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (owner text NOT NULL, key text NOT NULL, "
        f"fingerprint text NOT NULL, answered_at text NOT NULL, case_id text NOT NULL, "
        f"version {integer} NOT NULL, PRIMARY KEY (owner, key))"
    )


class RequestRecords:
    """Mixed into the event log's recorders: records the keyed request a save carries (the
    `request` keyword of `CaseStore.save`) in the transaction inserting its events."""

    requests_table: str

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    def _record_request(self, cursor: Any, recorded: RecordedRequest | None) -> None:
        """Insert the request's row, before the events; `RequestRecordedAlready` (rolling the
        transaction back) if another request recorded the key first. A request recording
        the same key at the same moment waits on the key until the first commits or not."""
        if recorded is None:
            return
        values = ", ".join(self.placeholder(column) for column in COLUMNS)
        cursor.execute(
            f"INSERT INTO {self.requests_table} ({', '.join(COLUMNS)}) VALUES ({values}) "
            "ON CONFLICT (owner, key) DO NOTHING RETURNING owner",
            row_of(recorded),
        )
        if cursor.fetchone() is None:
            raise RequestRecordedAlready(f"Idempotency-Key {recorded.request.key!r} is recorded")


def row_of(recorded: RecordedRequest) -> dict[str, Any]:
    request = recorded.request
    return {
        "owner": request.owner,
        "key": request.key,
        "fingerprint": request.fingerprint,
        "answered_at": request.at.isoformat(),
        "case_id": str(recorded.case_id),
        "version": recorded.version,
    }


class IdempotencyTable:
    """`IdempotencyStore` over a recorder's datastore; subclasses name the tables and placeholder
    style of their database and create the table. The log position of a recorded request is
    its case event's, from the seals."""

    datastore: Any
    table: str = TABLE
    seals_table: str

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    def recorded(self, owner: str, key: str) -> RecordedRequest | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT {', '.join(f'r.{column}' for column in COLUMNS)}, s.position "
                f"FROM {self.table} AS r LEFT JOIN {self.seals_table} AS s "
                "ON s.case_id = r.case_id AND s.version = r.version "
                f"WHERE r.owner = {self.placeholder('owner')} AND r.key = {self.placeholder('key')}",
                {"owner": owner, "key": key},
            )
            row = cursor.fetchone()
        if row is None:
            return None
        request = KeyedRequest(
            row["owner"], row["key"], row["fingerprint"], datetime.fromisoformat(row["answered_at"])
        )
        position = row["position"] or 0
        return RecordedRequest(request, UUID(row["case_id"]), row["version"], position)
