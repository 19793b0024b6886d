"""The documents (交办单, 督办单) in the SQLite file, beside the events."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.document_numbers_sql import INDEXES, SCHEMA, DocumentTable
from infrastructure.sqlite import FileView, ViewCommits


class SQLiteDocuments(ViewCommits, FileView, DocumentTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`DocumentView` on SQLite: entries and tracking position written in one transaction."""

    columns = SCHEMA
    indexes = INDEXES
