"""PostgreSQL adapters (psycopg 3): the production store."""

from __future__ import annotations

from typing import Any


def named(name: str) -> str:
    """A named query parameter in this driver's style."""
    return f"%({name})s"


class SchemaTracking:
    """A view's tracking table, in the schema of the case store."""

    datastore: Any
    tracking_table_name: str

    @property
    def tracking_table(self) -> str:
        return f'"{self.datastore.schema}".{self.tracking_table_name}'
