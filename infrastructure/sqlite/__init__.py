"""SQLite adapters: the embedded default store."""

from __future__ import annotations


def named(name: str) -> str:
    """A named query parameter in this driver's style."""
    return f":{name}"


class FileView:
    """A view's table in the SQLite file, beside the library's tracking table. Subclasses give
    the table's `columns` (SQL) and the `indexed` columns of its index `index`."""

    table: str
    columns: str
    index: str
    indexed: str
    placeholder = staticmethod(named)
    tracking_table = "tracking"  # fixed in eventsourcing's SQLite recorders

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),  # type: ignore[misc]
            f"CREATE TABLE IF NOT EXISTS {self.table} ({self.columns})",
            f"CREATE INDEX IF NOT EXISTS {self.index} ON {self.table} ({self.indexed})",
        ]
