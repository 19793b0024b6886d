"""The activity view in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.activity_sql import INDEXES, SCHEMA, TABLE, ActivityTable
from infrastructure.postgres import SchemaView


class PostgresActivity(SchemaView, ActivityTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`ActivityView` on PostgreSQL: acts and tracking position written in one transaction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_table(TABLE, SCHEMA, INDEXES)
