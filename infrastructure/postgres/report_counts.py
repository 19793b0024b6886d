"""The report counts in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.postgres import BULK, SchemaView, ViewCommits
from infrastructure.report_counts_sql import (
    COLUMNS,
    KEY,
    SUM_CONFLICT,
    SUMS,
    TABLE,
    Increment,
    ReportCountsTable,
)

# The sums' columns as arrays, unnested into rows: every column is text but the value.
UNNESTED = ", ".join(
    f"%(c{n})s::{'bigint' if name == 'value' else 'text'}[]" for n, name in enumerate(COLUMNS)
)


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

    def _add_to_sums(self, cursor: Any, added: list[Increment]) -> None:
        """Add the increments in one statement, their columns passed as arrays: a batch of
        commands changes hundreds of sums, which one statement each (however pipelined) makes
        cost more than the rest of the batch. A rebuild's large batches are copied in."""
        if len(added) >= BULK:
            super()._add_to_sums(cursor, added)
            return
        columns = {f"c{n}": list(values) for n, values in enumerate(zip(*added, strict=True))}
        cursor.execute(
            f"INSERT INTO {self.sums_table} ({', '.join(COLUMNS)}) SELECT * FROM unnest({UNNESTED}) "
            f"{SUM_CONFLICT}",
            columns,
        )
