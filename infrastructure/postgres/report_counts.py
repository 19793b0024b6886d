"""The report counts in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.postgres import SchemaView, ViewCommits
from infrastructure.report_counts_sql import KEY, SUMS, TABLE, ReportCountsTable


class PostgresReportCounts(ViewCommits, SchemaView, ReportCountsTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`ReportCounts` on PostgreSQL: counts, sums and tracking position written in one
    transaction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_table(
            SUMS,
            f"{' text NOT NULL, '.join(KEY)} text NOT NULL, measure text NOT NULL, "
            f"value bigint NOT NULL, PRIMARY KEY ({', '.join(KEY)}, measure)",
            {},
        )
        self.sums_table = self.table
        self.add_table(
            TABLE,
            "id uuid PRIMARY KEY, version int NOT NULL, jurisdiction text NOT NULL, "
            "slots text NOT NULL",
            {},
        )
