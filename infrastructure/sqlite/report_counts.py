"""The report counts in the SQLite file, beside the events."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.report_counts_sql import KEY, NAME, SUMS, ReportCountsTable
from infrastructure.sqlite import FileView, ViewCommits

# the measures of a row of sums and of an increment, added up (see `ReportCountsTable.merged`)
MERGED = (
    "(SELECT json_group_object(key, total) FROM (SELECT key, SUM(value) AS total FROM ("
    f"SELECT key, value FROM json_each({SUMS}.measures) "
    "UNION ALL SELECT key, value FROM json_each(excluded.measures)) "
    "GROUP BY key HAVING SUM(value) != 0))"
)


class SQLiteReportCounts(ViewCommits, FileView, ReportCountsTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`ReportCounts` on SQLite: counts, sums and tracking position written in one transaction."""

    columns = (
        "id TEXT PRIMARY KEY, version INTEGER NOT NULL, jurisdiction TEXT NOT NULL, "
        "slots TEXT NOT NULL"
    )
    indexes: dict[str, str] = {}
    merged = MERGED

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"DROP TABLE IF EXISTS {NAME}",
            f"CREATE TABLE IF NOT EXISTS {SUMS} ({' TEXT NOT NULL, '.join(KEY)} TEXT NOT NULL, "
            f"measures TEXT NOT NULL, PRIMARY KEY ({', '.join(KEY)})) WITHOUT ROWID",
        ]
