"""The report counts in PostgreSQL, in the case store's schema."""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.postgres import BULK, SchemaView, ViewCommits
from infrastructure.report_counts_sql import (
    COLUMNS,
    KEY,
    NAME,
    SUMS,
    TABLE,
    Increment,
    ReportCountsTable,
)

# A row of sums from an element of a JSON array of rows: every column is text.
UNPACKED = ", ".join(f"e->>{n}" for n in range(len(COLUMNS)))
# the measures of a row of sums and of an increment, added up (see `ReportCountsTable.merged`)
MERGED = (
    "COALESCE((SELECT json_object_agg(key, total)::text FROM (SELECT key, SUM(value::numeric) "
    f"AS total FROM (SELECT key, value FROM json_each_text({SUMS}.measures::json) "
    "UNION ALL SELECT key, value FROM json_each_text(excluded.measures::json)) AS parts "
    "GROUP BY key HAVING SUM(value::numeric) <> 0) AS merged), '{}')"
)


class PostgresReportCounts(ViewCommits, SchemaView, ReportCountsTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`ReportCounts` on PostgreSQL: counts, sums and tracking position written in one
    transaction."""

    merged = MERGED

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drop("TABLE", NAME)
        self.add_table(
            SUMS,
            f"{' text NOT NULL, '.join(KEY)} text NOT NULL, measures text NOT NULL, "
            f"PRIMARY KEY ({', '.join(KEY)})",
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
        commands changes dozens of rows of sums, which a statement each (however pipelined),
        or a driver's arrays of each column, make cost more than the rest of the batch. A
        rebuild's large batches are copied in."""
        if len(added) >= BULK:
            super()._add_to_sums(cursor, added)
            return
        cursor.execute(
            f"INSERT INTO {self.sums_table} ({', '.join(COLUMNS)}) SELECT {UNPACKED} "
            f"FROM json_array_elements(%(rows)s::json) AS e {self.sum_conflict}",
            {"rows": json.dumps(added, ensure_ascii=False)},
        )
