"""PostgreSQL adapters (psycopg 3): the production store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Literal

from psycopg.sql import SQL, Identifier

from infrastructure.view_sql import indexed_sql


BULK = 1_000  # rows from which a view's write copies them in (see `SchemaView._insert_many`)


def named(name: str) -> str:
    """A named query parameter in this driver's style."""
    return f"%({name})s"


class SchemaView:
    """A view's table in the schema of the case store, beside the library's tracking table."""

    datastore: Any
    tracking_table_name: str
    sql_create_statements: list[Any]
    table: str
    placeholder = staticmethod(named)

    @property
    def tracking_table(self) -> str:
        return f'"{self.datastore.schema}".{self.tracking_table_name}'

    def add_table(self, name: str, columns: str, indexes: dict[str, str]) -> None:
        """Create table `name` (`columns` as SQL) and its `indexes` (indexed columns by name,
        see `indexed_sql`)."""
        schema = Identifier(self.datastore.schema)
        self.table = f'"{self.datastore.schema}".{name}'
        self.sql_create_statements += [
            SQL("CREATE TABLE IF NOT EXISTS {schema}.{table} (" + columns + ")")  # type: ignore[operator]
            .format(schema=schema, table=Identifier(name)),
            *(
                SQL("CREATE INDEX IF NOT EXISTS {index} ON {schema}.{table} " + indexed_sql(indexed))  # type: ignore[operator]
                .format(index=Identifier(index), schema=schema, table=Identifier(name))
                for index, indexed in indexes.items()
            ),
        ]

    def _drop(self, kind: Literal["TABLE", "INDEX"], name: str) -> None:
        """Drop the table or index `name`, one an earlier version created, when the tables are
        created."""
        self.sql_create_statements.append(
            SQL(f"DROP {kind} IF EXISTS {{schema}}.{{name}}")  # type: ignore[operator]
            .format(schema=Identifier(self.datastore.schema), name=Identifier(name))
        )

    def _insert_many(
        self,
        cursor: Any,
        table: str,
        columns: Sequence[str],
        rows: list[dict[str, Any]],
        conflict: str,
    ) -> None:
        """Insert the rows as `ViewTable._insert_many` does; `BULK` rows or more (a rebuild's
        batch) are copied into a temporary table, dropped at the commit, and inserted from it
        in one statement: many times faster than a statement each, however pipelined. (The
        rows of a batch have distinct keys, as one statement needs.)"""
        if len(rows) < BULK:
            super()._insert_many(cursor, table, columns, rows, conflict)  # type: ignore[misc]
            return
        names = ", ".join(columns)
        staged = "staged_" + table.rpartition(".")[2].strip('"')
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staged} ON COMMIT DROP AS SELECT {names} FROM {table} "
            "WITH NO DATA"
        )
        with cursor.copy(f"COPY {staged} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staged} {conflict}")


class AutocommitReads:
    """Reads of a table the service checks on every request (revocations, sessions)."""

    datastore: Any

    def reading(self) -> AbstractContextManager[Any]:
        """A cursor on a connection in autocommit: one statement reads one snapshot by itself,
        without the round trips of BEGIN and ROLLBACK (as the library reads events)."""
        return self.datastore.cursor()  # type: ignore[no-any-return]


class ViewCommits:
    """The transaction views are written in: `synchronous_commit = off` for it alone (`SET
    LOCAL`; see `infrastructure.view_sql`), so its commit does not wait for the WAL flush."""

    datastore: Any

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            yield cursor
