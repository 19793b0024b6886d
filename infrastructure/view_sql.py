"""What every view's tables share on both databases: the tracking position, kept in the
library's tracking table under the view's name, and emptying the view before a rebuild.

Mixed into the library's tracking recorder of a database, whose `max_tracking_id` and
`_insert_tracking` it uses; subclasses name their table, write their rows (`write`) and give
their dialect, including the transaction views are written in (`ViewCommits` of each database).

A view transaction commits without waiting for the disk: on PostgreSQL with
`synchronous_commit = off`, on SQLite (WAL) with `synchronous = NORMAL`, set for that transaction
alone; every other commit, the events' above all, keeps the database's full durability. This
loses nothing that matters:

- A view is made from the durable events alone, and its rows commit atomically with its tracking
  position, so a power failure that loses the last view commits only takes the view back to an
  earlier position, whose rows match it; catching up applies those notifications again.
- Both databases write one log in commit order (PostgreSQL's WAL, SQLite's WAL file) and make a
  commit durable by flushing that log up to it. So an event committed after a view commit (one
  decided on what a read of the view showed, say) makes that view commit durable too: no durable
  event can outlive a view state it was decided on.
- A crash of the process alone (not of the machine) loses no commit on either database.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

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

    def positions(self, names: Sequence[str]) -> dict[str, int]:
        """The positions of the views `names` (kept in this view's tracking table), read at
        once; 0 for a view not yet begun."""
        params = {f"n{n}": name for n, name in enumerate(names)}
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT application_name, MAX(notification_id) AS position "
                f"FROM {self.tracking_table} WHERE application_name IN "
                f"({', '.join(self.placeholder(key) for key in params)}) GROUP BY application_name",
                params,
            )
            found = {record["application_name"]: record["position"] for record in cursor.fetchall()}
        return {name: found.get(name) or 0 for name in names}

    def transaction(self) -> AbstractContextManager[Any]:
        """A write transaction of the views of this store, committed without waiting for the
        disk (see above) when the block ends, rolled back if it raises; it gives the cursor."""
        raise NotImplementedError

    def write(self, cursor: Any, rows: Sequence[Any], tracking: Tracking) -> None:
        """Record `tracking` (IntegrityError if the view is there already), then upsert `rows`,
        within the transaction of `cursor`. The tracking row comes first: it waits for any other
        writer of the view, and makes every writer take the views' locks in the same order."""
        raise NotImplementedError

    def _insert_many(
        self,
        cursor: Any,
        table: str,
        columns: Sequence[str],
        rows: list[dict[str, Any]],
        conflict: str,
    ) -> None:
        """Insert `rows` (their values by column) into `table`, within `cursor`'s transaction;
        `conflict` is the `ON CONFLICT` clause that follows (it names the bare table)."""
        values = ", ".join(self.placeholder(name) for name in columns)
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values}) {conflict}", rows
        )

    @property
    def tables(self) -> list[str]:
        """The view's tables: emptied together before a rebuild."""
        return [self.table]

    def clear(self) -> None:
        """Empty the view's tables and forget its position, in one transaction."""
        name = {"name": self.tracking_name}
        with self.datastore.transaction(commit=True) as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                f"DELETE FROM {self.tracking_table} WHERE application_name = "
                f"{self.placeholder('name')}",
                name,
            )

    def _select_ids(  # noqa: PLR0913 - what to select, and how
        self,
        cursor: Any,
        columns: str,
        id_column: str,
        ids: Sequence[UUID],
        clauses: str = "",
        params: dict[str, Any] | None = None,
    ) -> list[Any]:
        """The records of this view's table whose `id_column` is among `ids` (in chunks, each
        statement followed by `clauses`, such as further conditions with their `params`)."""
        records: list[Any] = []
        for start in range(0, len(ids), CHUNK):
            names = {f"i{n}": str(case_id) for n, case_id in enumerate(ids[start : start + CHUNK])}
            cursor.execute(
                f"SELECT {columns} FROM {self.table} "
                f"WHERE {id_column} IN ({', '.join(self.placeholder(name) for name in names)})"
                f"{clauses}",
                names | (params or {}),
            )
            records += cursor.fetchall()
        return records


def indexed_sql(indexed: str) -> str:
    """What follows `ON table` in a `CREATE INDEX`: `indexed` names the columns, and may add
    ` WHERE ` and a condition for a partial index (one that holds only the rows it names)."""
    columns, _, condition = indexed.partition(" WHERE ")
    return f"({columns})" + (f" WHERE {condition}" if condition else "")
