"""The report counts in PostgreSQL, in the case store's schema."""

from __future__ import annotations

import json
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

# A sum's row from an element of a JSON array of rows: every column is text but the value.
UNPACKED = ", ".join(
    f"(e->>{n})::bigint" if name == "value" else f"e->>{n}" for n, name in enumerate(COLUMNS)
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
        """Add the increments in one statement, passed as one JSON array of rows: a batch of
        commands changes hundreds of sums, which a statement each (however pipelined), or a
        driver's arrays of each column, make cost more than the rest of the batch. A rebuild's
        large batches are copied in."""
        if len(added) >= BULK:
            super()._add_to_sums(cursor, added)
            return
        cursor.execute(
            f"INSERT INTO {self.sums_table} ({', '.join(COLUMNS)}) SELECT {UNPACKED} "
            f"FROM json_array_elements(%(rows)s::json) AS e {SUM_CONFLICT}",
            {"rows": json.dumps(added, ensure_ascii=False)},
        )
