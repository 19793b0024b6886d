"""SQLite adapters: the embedded default store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from infrastructure.view_sql import indexed_sql


def named(name: str) -> str:
    """A named query parameter in this driver's style."""
    return f":{name}"


class FileView:
    """A view's table in the SQLite file, beside the library's tracking table. Subclasses give
    the table's `columns` (SQL) and its `indexes`: the indexed columns by index name."""

    table: str
    columns: str
    indexes: dict[str, str]
    placeholder = staticmethod(named)
    tracking_table = "tracking"  # fixed in eventsourcing's SQLite recorders

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),  # type: ignore[misc]
            f"CREATE TABLE IF NOT EXISTS {self.table} ({self.columns})",
            *(
                f"CREATE INDEX IF NOT EXISTS {name} ON {self.table} {indexed_sql(indexed)}"
                for name, indexed in self.indexes.items()
            ),
        ]


class ViewCommits:
    """The transaction views are written in: on a connection of the store's pool, with
    `PRAGMA synchronous = NORMAL` for it alone (see `infrastructure.view_sql`). SQLite lets the
    setting change only between transactions, so it is set before `BEGIN` and the connection's
    own restored after the commit, before the connection goes back to the pool; a connection
    that cannot be restored is closed, so that no other commit ever runs with it."""

    datastore: Any

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.datastore.get_connection(commit=True) as connection:
            setting = connection.cursor()
            setting.execute("PRAGMA synchronous")
            own = int(setting.fetchone()[0])
            setting.execute("PRAGMA synchronous = NORMAL")
            try:
                with connection.transaction(commit=True) as cursor:
                    yield cursor
            finally:
                try:
                    setting.execute(f"PRAGMA synchronous = {own}")
                except Exception:
                    connection.close()
                    raise
