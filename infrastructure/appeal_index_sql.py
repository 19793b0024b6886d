"""SQL shared by the SQLite and PostgreSQL appeal lists; only placeholders and types differ."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from eventsourcing.persistence import Tracking

from application.appeal_index import HANDLING_STATUSES, AppealFilter, AppealRow

TABLE = "appeal_index"
TRACKING_NAME = "appeal_index"
COLUMNS = [field.name for field in fields(AppealRow)]

Placeholder = Callable[[str], str]


def upsert_sql(ph: Placeholder, table: str = TABLE) -> str:
    """Insert a row, or update it if the stored one is of an older version.

    `table` may be schema-qualified; the conflict clause names the bare table, as both allow.
    """
    names = ", ".join(COLUMNS)
    values = ", ".join(ph(name) for name in COLUMNS)
    updates = ", ".join(f"{name} = excluded.{name}" for name in COLUMNS if name != "id")
    return (
        f"INSERT INTO {table} ({names}) VALUES ({values}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates} WHERE {TABLE}.version < excluded.version"
    )


def select_sql(
    query: AppealFilter, ph: Placeholder, table: str = TABLE
) -> tuple[str, dict[str, Any]]:
    """The SELECT for a filter, newest first, with its parameters."""
    conditions: list[str] = []
    params: dict[str, Any] = {"limit": query.limit}
    for name in ("jurisdiction", "department", "credit_code"):
        value = getattr(query, name)
        if value is not None:
            conditions.append(f"{name} = {ph(name)}")
            params[name] = value
    if query.status is not None:
        conditions.append(f"status = {ph('status')}")
        params["status"] = query.status.value
    if query.overdue_on is not None:
        statuses = ", ".join(f"'{status}'" for status in HANDLING_STATUSES)
        conditions.append(f"status IN ({statuses}) AND deadline < {ph('overdue_on')}")
        params["overdue_on"] = query.overdue_on
    if query.before is not None:
        conditions.append(f"seq < {ph('before')}")
        params["before"] = query.before
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = f"SELECT seq, {', '.join(COLUMNS)} FROM {table} {where} ORDER BY seq DESC LIMIT {ph('limit')}"
    return sql, params


def row_params(row: AppealRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in COLUMNS}


class AppealIndexTable:
    """`AppealIndex` mixed into the library's tracking recorder of a database (whose
    `max_tracking_id` and `_insert_tracking` it uses): subclasses create the table and say how
    their database spells placeholders and converts values.
    """

    datastore: Any
    table: str = TABLE
    tracking_name = TRACKING_NAME

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    @staticmethod
    def encode(params: dict[str, Any]) -> dict[str, Any]:
        return params

    @staticmethod
    def decode(record: Any) -> AppealRow:
        raise NotImplementedError

    def position(self) -> int:
        return self.max_tracking_id(self.tracking_name) or 0  # type: ignore[attr-defined]

    def apply(self, rows: Sequence[AppealRow], tracking: Tracking) -> None:
        statement = upsert_sql(self.placeholder, self.table)
        with self.datastore.transaction(commit=True) as cursor:
            for row in rows:
                cursor.execute(statement, self.encode(row_params(row)))
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]

    def select(self, query: AppealFilter) -> list[tuple[int, AppealRow]]:
        sql, params = select_sql(query, self.placeholder, self.table)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, self.encode(params))
            return [(record["seq"], self.decode(record)) for record in cursor.fetchall()]
