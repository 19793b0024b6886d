"""The appeal list in the SQLite file, beside the events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from application.appeal_index import AppealFilter, AppealRow
from infrastructure.sqlite import named
from infrastructure.appeal_index_sql import (
    COLUMNS,
    TABLE,
    TRACKING_NAME,
    row_params,
    select_sql,
    upsert_sql,
)



class SQLiteAppealIndex(SQLiteTrackingRecorder):
    """`AppealIndex` on SQLite: rows and tracking position written in one transaction."""

    tracking_name = TRACKING_NAME

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            "seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, "
            "case_number TEXT NOT NULL, jurisdiction TEXT NOT NULL, status TEXT NOT NULL, "
            "department TEXT, level TEXT, deadline TEXT, credit_code TEXT NOT NULL, "
            "enterprise_name TEXT NOT NULL, channel TEXT NOT NULL, category TEXT NOT NULL, "
            "urgency TEXT NOT NULL, submitted_at TEXT NOT NULL, version INTEGER NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_scope ON {TABLE} (jurisdiction, status)",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_enterprise ON {TABLE} (credit_code)",
        ]

    def position(self) -> int:
        return self.max_tracking_id(self.tracking_name) or 0

    def apply(self, rows: Sequence[AppealRow], tracking: Tracking) -> None:
        statement = upsert_sql(named)
        with self.datastore.transaction(commit=True) as cursor:
            for row in rows:
                cursor.execute(statement, to_sqlite(row_params(row)))
            self._insert_tracking(cursor, tracking)

    def select(self, query: AppealFilter) -> list[tuple[int, AppealRow]]:
        sql, params = select_sql(query, named)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, to_sqlite(params))
            return [(record["seq"], from_sqlite(record)) for record in cursor.fetchall()]


def to_sqlite(params: dict[str, Any]) -> dict[str, Any]:
    """SQLite stores dates, times and UUIDs as text."""
    return {
        name: value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, UUID) else value
        for name, value in params.items()
    }


def from_sqlite(record: Any) -> AppealRow:
    values = {name: record[name] for name in COLUMNS}
    values["id"] = UUID(values["id"])
    values["submitted_at"] = datetime.fromisoformat(values["submitted_at"])
    if values["deadline"] is not None:
        values["deadline"] = date.fromisoformat(values["deadline"])
    return AppealRow(**values)
