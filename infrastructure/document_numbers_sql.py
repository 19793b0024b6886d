"""SQL of the document view, shared by SQLite and PostgreSQL: one line per 交办单 or 督办单,
its number counted when read (see `application.document_numbers`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

from application.document_numbers import DocumentEntry
from infrastructure.view_sql import ViewTable

TABLE = "appeal_documents"
COLUMNS = [field.name for field in fields(DocumentEntry)]
# The table and its index, in SQL both databases accept: a series' documents in log order.
SCHEMA = (
    "case_id text NOT NULL, version integer NOT NULL, kind text NOT NULL, "
    "jurisdiction text NOT NULL, year integer NOT NULL, position bigint NOT NULL, "
    "PRIMARY KEY (case_id, version)"
)
INDEXES = {f"{TABLE}_series": "jurisdiction, kind, year, position"}


class DocumentTable(ViewTable):
    """`DocumentView` on a database; subclasses create the table."""

    table: str = TABLE
    tracking_name = TABLE

    def write(self, cursor: Any, rows: Sequence[DocumentEntry], tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
        if rows:
            # its flat fields read one by one: `asdict` would deep-copy each entry
            entries = [{name: getattr(row, name) for name in COLUMNS} | {"case_id": str(row.case_id)}
                       for row in rows]  # fmt: skip
            self._insert_many(
                cursor, self.table, COLUMNS, entries, "ON CONFLICT (case_id, version) DO NOTHING"
            )

    def all_rows(self) -> dict[UUID, DocumentEntry]:
        entries = [entry for entry, _ in self._select("", {})]
        return {entry.id: entry for entry in entries}

    def numbered(self, case_id: UUID) -> list[tuple[DocumentEntry, int]]:
        return self._select(
            f"WHERE d.case_id = {self.placeholder('id')} ORDER BY d.version", {"id": str(case_id)}
        )

    def _select(self, clauses: str, params: dict[str, Any]) -> list[tuple[DocumentEntry, int]]:
        """The documents `clauses` pick, each with its rank in its series."""
        columns = ", ".join(f"d.{name}" for name in COLUMNS)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT {columns}, (SELECT COUNT(*) FROM {self.table} s "
                "WHERE s.jurisdiction = d.jurisdiction AND s.kind = d.kind AND s.year = d.year "
                f"AND s.position <= d.position) AS number FROM {self.table} d {clauses}",
                params,
            )
            return [(_entry(record), int(record["number"])) for record in cursor.fetchall()]


def _entry(record: Any) -> DocumentEntry:
    values = {name: record[name] for name in COLUMNS}
    return DocumentEntry(**values | {"case_id": UUID(str(values["case_id"]))})
