"""The appeal list in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from application.appeal_index import AppealFilter, AppealRow
from infrastructure.postgres import named
from infrastructure.appeal_index_sql import (
    COLUMNS,
    TABLE,
    TRACKING_NAME,
    row_params,
    select_sql,
    upsert_sql,
)



class PostgresAppealIndex(PostgresTrackingRecorder):
    """`AppealIndex` on PostgreSQL: rows and tracking position written in one transaction."""

    tracking_name = TRACKING_NAME

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{table} ("
                "seq bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, "
                "case_number text NOT NULL, jurisdiction text NOT NULL, status text NOT NULL, "
                "department text, level text, deadline date, credit_code text NOT NULL, "
                "enterprise_name text NOT NULL, channel text NOT NULL, category text NOT NULL, "
                "urgency text NOT NULL, submitted_at timestamptz NOT NULL, version int NOT NULL)"
            ).format(schema=Identifier(self.datastore.schema), table=Identifier(TABLE))
        )
        self.sql_create_statements.append(
            SQL("CREATE INDEX IF NOT EXISTS {index} ON {schema}.{table} (jurisdiction, status)").format(
                index=Identifier(f"{TABLE}_scope"),
                schema=Identifier(self.datastore.schema),
                table=Identifier(TABLE),
            )
        )

    def position(self) -> int:
        return self.max_tracking_id(self.tracking_name) or 0

    def apply(self, rows: Sequence[AppealRow], tracking: Tracking) -> None:
        statement = upsert_sql(named, self._table)
        with self.datastore.transaction(commit=True) as cursor:
            for row in rows:
                cursor.execute(statement, row_params(row))
            self._insert_tracking(cursor, tracking)

    def select(self, query: AppealFilter) -> list[tuple[int, AppealRow]]:
        sql, params = select_sql(query, named, self._table)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, params)
            return [
                (record["seq"], AppealRow(**{name: record[name] for name in COLUMNS}))
                for record in cursor.fetchall()
            ]

    @property
    def _table(self) -> str:
        return f'"{self.datastore.schema}".{TABLE}'
