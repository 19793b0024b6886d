"""The supervision list in the SQLite file, beside the events."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.sqlite import named
from infrastructure.supervision_sql import TABLE, SupervisionTable


class SQLiteSupervision(SupervisionTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`SupervisionView` on SQLite: rows and tracking position written in one transaction."""

    placeholder = staticmethod(named)
    tracking_table = "tracking"  # fixed in eventsourcing's SQLite recorders

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {TABLE} (case_id TEXT PRIMARY KEY, "
            "jurisdiction TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_jurisdiction ON {TABLE} (jurisdiction)",
        ]
