"""The documents (交办单, 督办单) in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from infrastructure.document_numbers_sql import INDEXES, SCHEMA, TABLE, DocumentTable
from infrastructure.postgres import SchemaView, ViewCommits


class PostgresDocuments(ViewCommits, SchemaView, DocumentTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`DocumentView` on PostgreSQL: entries and tracking position written in one transaction."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_table(TABLE, SCHEMA, INDEXES)
