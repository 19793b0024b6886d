"""The appeal list in the SQLite file, beside the events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteTrackingRecorder

from application.appeal_index import AppealRow
from infrastructure.appeal_index_sql import COLUMNS, TABLE, AppealIndexTable
from infrastructure.sqlite import named


class SQLiteAppealIndex(AppealIndexTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`AppealIndex` on SQLite: rows and tracking position written in one transaction."""

    placeholder = staticmethod(named)

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

    @staticmethod
    def encode(params: dict[str, Any]) -> dict[str, Any]:
        """SQLite stores dates, times and UUIDs as ISO text."""
        return {name: as_text(value) for name, value in params.items()}

    @staticmethod
    def decode(record: Any) -> AppealRow:
        values = {name: record[name] for name in COLUMNS}
        values["id"] = UUID(values["id"])
        values["submitted_at"] = datetime.fromisoformat(values["submitted_at"])
        if values["deadline"] is not None:
            values["deadline"] = date.fromisoformat(values["deadline"])
        return AppealRow(**values)


def as_text(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
