"""The report counts in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.postgres import SchemaView, ViewCommits
from infrastructure.report_counts_sql import COLUMNS, KEY, SUMS, TABLE, Increment, ReportCountsTable

BULK = 1_000  # increments from which a batch copies them in, rather than upserting each
STAGED = "report_increments"  # the temporary table they are copied into


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

    def _add(self, cursor: Any, added: list[Increment]) -> None:
        """Many increments (a rebuild's batch) are copied into a temporary table, dropped at
        the commit, and added to the sums from it in one statement."""
        if len(added) < BULK:
            super()._add(cursor, added)
            return
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGED} (LIKE {self.sums_table}) ON COMMIT DROP")
        with cursor.copy(f"COPY {STAGED} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in added:
                copy.write_row(row)
        cursor.execute(self._increment_sql(f"SELECT {', '.join(COLUMNS)} FROM {STAGED}"))
