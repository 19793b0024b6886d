"""Which aggregates have snapshots, read from the library's snapshot table on either database."""

from __future__ import annotations

from typing import Any
from uuid import UUID


def snapshot_table(recorder: Any) -> str:
    """The snapshot table's name, with its schema on PostgreSQL."""
    schema = getattr(recorder.datastore, "schema", None)
    return f'"{schema}".{recorder.events_table_name}' if schema else recorder.events_table_name


def snapshotted_ids(recorder: Any) -> list[UUID]:
    """The ids of the aggregates `recorder` (the store's snapshot recorder) holds snapshots of."""
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(f"SELECT DISTINCT originator_id FROM {snapshot_table(recorder)}")
        rows = cursor.fetchall()
    return [UUID(str(row["originator_id"])) for row in rows]
