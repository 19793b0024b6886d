"""The supervision list in the SQLite file, beside the events."""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteTrackingRecorder

from infrastructure.sqlite import FileView
from infrastructure.supervision_sql import TABLE, SupervisionTable


class SQLiteSupervision(FileView, SupervisionTable, SQLiteTrackingRecorder):  # type: ignore[misc]
    """`SupervisionView` on SQLite: rows and tracking position written in one transaction."""

    columns = (
        "case_id TEXT PRIMARY KEY, jurisdiction TEXT NOT NULL, version INTEGER NOT NULL, "
        "record TEXT NOT NULL"
    )
    indexes = {f"{TABLE}_jurisdiction": "jurisdiction"}
