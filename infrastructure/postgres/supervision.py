"""The supervision list in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.postgres import SchemaView, ViewCommits
from infrastructure.supervision_days_sql import DAY_KEY, DAYS, MONTH_KEY, MONTHS
from infrastructure.supervision_sql import ENTRIES, ENTRY_COLUMNS, TABLE, VISITS, SupervisionTable


class PostgresSupervision(ViewCommits, SchemaView, SupervisionTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`SupervisionView` on PostgreSQL: rows, entries, day counts and tracking position written
    in one transaction."""

    substring_function = "strpos"
    in_code_points = ' COLLATE "C"'

    @staticmethod
    def _one_snapshot(cursor: Any) -> None:
        """READ COMMITTED gives each statement its own snapshot; REPEATABLE READ one for all."""
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    @staticmethod
    def instant(moment: datetime) -> Any:
        return moment

    @staticmethod
    def case_id(placeholder: str) -> str:
        return f"{placeholder}::uuid"

    def _delete(self, cursor: Any, case_ids: list[str]) -> None:
        """One statement per table, however many cases."""
        for table in (self.entries_table, self.visits_table):
            cursor.execute(
                f"DELETE FROM {table} WHERE case_id = ANY(%(ids)s::uuid[])", {"ids": case_ids}
            )

    def _insert_entries(self, cursor: Any, entries: list[dict[str, Any]]) -> None:
        """COPY the entries in: many times faster than an INSERT each, however pipelined."""
        columns = ", ".join(ENTRY_COLUMNS)
        with cursor.copy(f"COPY {self.entries_table} ({columns}) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row([entry[name] for name in ENTRY_COLUMNS])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_table(
            ENTRIES,
            "case_id uuid NOT NULL, n int NOT NULL, jurisdiction text NOT NULL, "
            "kind text NOT NULL, case_number text NOT NULL, rule text NOT NULL, "
            "departments text NOT NULL, since timestamptz NOT NULL, cleared_at timestamptz, "
            "credit_codes text NOT NULL, entry text NOT NULL, PRIMARY KEY (case_id, n)",
            {f"{ENTRIES}_in_order": f"jurisdiction, {self._order}"},
        )
        self.entries_table = self.table
        # before 2026-12: ordered by the database's collation, without the entry's index
        self._drop("INDEX", f"{ENTRIES}_order")
        self.add_table(
            DAYS,
            f"{' text NOT NULL, '.join(DAY_KEY)} text NOT NULL, n bigint NOT NULL, "
            f"PRIMARY KEY ({', '.join(DAY_KEY)})",
            {},
        )
        self.days_table = self.table
        self.add_table(
            MONTHS,
            f"{' text NOT NULL, '.join(MONTH_KEY)} text NOT NULL, n bigint NOT NULL, "
            f"PRIMARY KEY ({', '.join(MONTH_KEY)})",
            {},
        )
        self.months_table = self.table
        self.add_table(
            VISITS,
            "case_id uuid PRIMARY KEY, jurisdiction text NOT NULL, record text NOT NULL",
            {f"{VISITS}_jurisdiction": "jurisdiction"},
        )
        self.visits_table = self.table
        self.add_table(
            TABLE,
            "case_id uuid PRIMARY KEY, jurisdiction text NOT NULL, version int NOT NULL, "
            "record text NOT NULL",
            {f"{TABLE}_jurisdiction": "jurisdiction"},
        )
