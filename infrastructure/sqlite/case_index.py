"""The case list in the SQLite file, beside the events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.case_index_sql import (
    COLUMNS,
    ENTERPRISES,
    CaseIndexTable,
    case_indexes,
    json_detail,
)
from infrastructure.sqlite import FileView, ViewCommits


class SQLiteCaseIndex(ViewCommits, FileView, CaseIndexTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`CaseIndex` on SQLite: rows and tracking position written in one transaction."""

    columns = (
        "seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
        "case_number TEXT NOT NULL, jurisdiction TEXT NOT NULL, status TEXT NOT NULL, "
        "organisations TEXT NOT NULL, credit_codes TEXT NOT NULL, "
        "enterprise_name TEXT NOT NULL, deadline TEXT, deadline_running INTEGER NOT NULL, "
        "opened_at TEXT NOT NULL, version INTEGER NOT NULL, details TEXT NOT NULL"
    )
    indexes = case_indexes(json_detail)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {ENTERPRISES} (credit_code TEXT NOT NULL, "
            "id TEXT NOT NULL, PRIMARY KEY (credit_code, id)) WITHOUT ROWID",
        ]

    @staticmethod
    def encode(params: dict[str, Any]) -> dict[str, Any]:
        """SQLite stores dates, times and UUIDs as ISO text."""
        return {name: as_text(value) for name, value in params.items()}

    @staticmethod
    def decode(record: Any) -> dict[str, Any]:
        values = {name: record[name] for name in COLUMNS}
        values["id"] = UUID(values["id"])
        values["opened_at"] = datetime.fromisoformat(values["opened_at"])
        if values["deadline"] is not None:
            values["deadline"] = date.fromisoformat(values["deadline"])
        return values


def as_text(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
