"""The report counts in the SQLite file, beside the events."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.report_counts_sql import KEY, SUMS, ReportCountsTable
from infrastructure.sqlite import FileView, ViewCommits


class SQLiteReportCounts(ViewCommits, FileView, ReportCountsTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`ReportCounts` on SQLite: counts, sums and tracking position written in one transaction."""

    columns = (
        "id TEXT PRIMARY KEY, version INTEGER NOT NULL, jurisdiction TEXT NOT NULL, "
        "slots TEXT NOT NULL"
    )
    indexes: dict[str, str] = {}

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {SUMS} ({' TEXT NOT NULL, '.join(KEY)} TEXT NOT NULL, "
            f"measure TEXT NOT NULL, value INTEGER NOT NULL, "
            f"PRIMARY KEY ({', '.join(KEY)}, measure)) WITHOUT ROWID",
        ]
