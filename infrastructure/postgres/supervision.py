"""The supervision list in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.postgres import SchemaView
from infrastructure.supervision_sql import TABLE, SupervisionTable


class PostgresSupervision(SchemaView, SupervisionTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`SupervisionView` on PostgreSQL: rows and tracking position written in one transaction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_table(
            TABLE,
            "case_id uuid PRIMARY KEY, jurisdiction text NOT NULL, version int NOT NULL, "
            "record text NOT NULL",
            {f"{TABLE}_jurisdiction": "jurisdiction"},
        )
