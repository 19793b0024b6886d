"""What every view's tables share on both databases: the tracking position, kept in the
library's tracking table under the view's name, and emptying the view before a rebuild.

Mixed into the library's tracking recorder of a database, whose `max_tracking_id` and
`_insert_tracking` it uses; subclasses name their table and give their dialect.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

CHUNK = 400  # ids looked up per statement


class ViewTable:
    datastore: Any
    table: str
    tracking_name: str

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    @property
    def tracking_table(self) -> str:
        """The library's tracking table, where this view's position is kept."""
        raise NotImplementedError

    def position(self) -> int:
        return self.max_tracking_id(self.tracking_name) or 0  # type: ignore[attr-defined]

    def clear(self) -> None:
        name = {"name": self.tracking_name}
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(
                f"DELETE FROM {self.tracking_table} WHERE application_name = "
                f"{self.placeholder('name')}",
                name,
            )

    def _select_ids(
        self, cursor: Any, columns: str, id_column: str, ids: Sequence[UUID]
    ) -> list[Any]:
        """The records of this view's table whose `id_column` is among `ids` (in chunks)."""
        records: list[Any] = []
        for start in range(0, len(ids), CHUNK):
            names = {f"i{n}": str(case_id) for n, case_id in enumerate(ids[start : start + CHUNK])}
            cursor.execute(
                f"SELECT {columns} FROM {self.table} "
                f"WHERE {id_column} IN ({', '.join(self.placeholder(name) for name in names)})",
                names,
            )
            records += cursor.fetchall()
        return records
