"""The tables of a SQLite store, from its catalogue."""

from __future__ import annotations

from typing import Any


def existing_tables(datastore: Any) -> set[str]:
    """The names of the tables in the store's file."""
    with datastore.transaction(commit=False) as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {row["name"] for row in cursor.fetchall()}
