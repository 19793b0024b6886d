"""SQL of the supervision list, shared by SQLite and PostgreSQL: one row per case, its entries
kept as JSON beside the columns the list is selected by.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking
from pydantic import TypeAdapter

from application.supervision_rules import CaseSupervision
from infrastructure.view_sql import ViewTable

TABLE = "supervision_list"
RECORD = TypeAdapter(CaseSupervision)


class SupervisionTable(ViewTable):
    """`SupervisionView` on a database; subclasses create the table."""

    table: str = TABLE
    tracking_name = TABLE

    def apply(self, rows: Sequence[CaseSupervision], tracking: Tracking) -> None:
        ph = self.placeholder
        statement = (
            f"INSERT INTO {self.table} (case_id, jurisdiction, version, record) "
            f"VALUES ({ph('case_id')}, {ph('jurisdiction')}, {ph('version')}, {ph('record')}) "
            "ON CONFLICT (case_id) DO UPDATE SET jurisdiction = excluded.jurisdiction, "
            f"version = excluded.version, record = excluded.record "
            f"WHERE {TABLE}.version < excluded.version"
        )
        params = [
            {"case_id": str(row.id), "jurisdiction": row.jurisdiction, "version": row.version,
             "record": RECORD.dump_json(row).decode()}
            for row in rows
        ]  # fmt: skip
        with self.datastore.transaction(commit=True) as cursor:
            if params:  # one round trip for the batch (psycopg pipelines executemany)
                cursor.executemany(statement, params)
            self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]

    def cases(self, jurisdiction: str) -> list[CaseSupervision]:
        return self._select(
            f"WHERE jurisdiction = {self.placeholder('jurisdiction')}",
            {"jurisdiction": jurisdiction},
        )

    def all_rows(self) -> dict[Any, CaseSupervision]:
        return {row.id: row for row in self._select("", {})}

    def _select(self, where: str, params: dict[str, Any]) -> list[CaseSupervision]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT record FROM {self.table} {where}", params)
            return [RECORD.validate_json(record["record"]) for record in cursor.fetchall()]
