"""The supervision list in the SQLite file, beside the events."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.sqlite import FileView, ViewCommits
from infrastructure.supervision_days_sql import DAY_KEY, DAYS, MONTH_KEY, MONTHS
from infrastructure.supervision_sql import ENTRIES, TABLE, VISITS, SupervisionTable


class SQLiteSupervision(ViewCommits, FileView, SupervisionTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`SupervisionView` on SQLite: rows, entries, day counts and tracking position written in
    one transaction."""

    columns = (
        "case_id TEXT PRIMARY KEY, jurisdiction TEXT NOT NULL, version INTEGER NOT NULL, "
        "record TEXT NOT NULL"
    )
    indexes = {f"{TABLE}_jurisdiction": "jurisdiction"}

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {ENTRIES} (case_id TEXT NOT NULL, n INTEGER NOT NULL, "
            "jurisdiction TEXT NOT NULL, kind TEXT NOT NULL, case_number TEXT NOT NULL, "
            "rule TEXT NOT NULL, departments TEXT NOT NULL, since TEXT NOT NULL, cleared_at TEXT, "
            "credit_codes TEXT NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (case_id, n))",
            f"CREATE INDEX IF NOT EXISTS {ENTRIES}_in_order "
            f"ON {ENTRIES} (jurisdiction, {self._order})",
            f"DROP INDEX IF EXISTS {ENTRIES}_order",  # before 2026-12: without the entry's index
            f"CREATE TABLE IF NOT EXISTS {DAYS} ({' TEXT NOT NULL, '.join(DAY_KEY)} TEXT NOT NULL, "
            f"n INTEGER NOT NULL, PRIMARY KEY ({', '.join(DAY_KEY)}))",
            f"CREATE TABLE IF NOT EXISTS {MONTHS} ({' TEXT NOT NULL, '.join(MONTH_KEY)} TEXT NOT NULL, "
            f"n INTEGER NOT NULL, PRIMARY KEY ({', '.join(MONTH_KEY)}))",
            f"CREATE TABLE IF NOT EXISTS {VISITS} (case_id TEXT PRIMARY KEY, "
            "jurisdiction TEXT NOT NULL, record TEXT NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {VISITS}_jurisdiction ON {VISITS} (jurisdiction)",
        ]
