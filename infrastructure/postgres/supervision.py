"""The supervision list in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from infrastructure.postgres import SchemaTracking, named
from infrastructure.supervision_sql import TABLE, SupervisionTable


class PostgresSupervision(SchemaTracking, SupervisionTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`SupervisionView` on PostgreSQL: rows and tracking position written in one transaction."""

    placeholder = staticmethod(named)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema, table = Identifier(self.datastore.schema), Identifier(TABLE)
        self.table = f'"{self.datastore.schema}".{TABLE}'
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{table} (case_id uuid PRIMARY KEY, "
                "jurisdiction text NOT NULL, version int NOT NULL, record text NOT NULL)"
            ).format(schema=schema, table=table),
            SQL("CREATE INDEX IF NOT EXISTS {index} ON {schema}.{table} (jurisdiction)").format(
                index=Identifier(f"{TABLE}_jurisdiction"), schema=schema, table=table
            ),
        ]
