"""The activity view in the SQLite file, beside the events."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.activity_sql import FORMER_TABLE, INDEXES, SCHEMA, ActivityTable
from infrastructure.sqlite import FileView, ViewCommits


class SQLiteActivity(ViewCommits, FileView, ActivityTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`ActivityView` on SQLite: acts and tracking position written in one transaction."""

    columns = SCHEMA
    indexes = INDEXES

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"DROP TABLE IF EXISTS {FORMER_TABLE}",
        ]
