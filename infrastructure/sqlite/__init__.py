"""SQLite adapters: the embedded default store."""

from __future__ import annotations


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
                f"CREATE INDEX IF NOT EXISTS {name} ON {self.table} ({indexed})"
                for name, indexed in self.indexes.items()
            ),
        ]
