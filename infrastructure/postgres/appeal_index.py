"""The appeal list in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from application.appeal_index import AppealRow
from domain.clock import CHINA_TZ
from infrastructure.appeal_index_sql import COLUMNS, TABLE, AppealIndexTable
from infrastructure.postgres import named


class PostgresAppealIndex(AppealIndexTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`AppealIndex` on PostgreSQL: rows and tracking position written in one transaction."""

    placeholder = staticmethod(named)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = Identifier(self.datastore.schema)
        self.table = f'"{self.datastore.schema}".{TABLE}'
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{table} ("
                "seq bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, "
                "case_number text NOT NULL, jurisdiction text NOT NULL, status text NOT NULL, "
                "department text, level text, deadline date, credit_code text NOT NULL, "
                "enterprise_name text NOT NULL, channel text NOT NULL, category text NOT NULL, "
                "urgency text NOT NULL, submitted_at timestamptz NOT NULL, version int NOT NULL)"
            ).format(schema=schema, table=Identifier(TABLE)),
            SQL("CREATE INDEX IF NOT EXISTS {index} ON {schema}.{table} (jurisdiction, status)")
            .format(index=Identifier(f"{TABLE}_scope"), schema=schema, table=Identifier(TABLE)),
            SQL("CREATE INDEX IF NOT EXISTS {index} ON {schema}.{table} (credit_code)")
            .format(index=Identifier(f"{TABLE}_enterprise"), schema=schema, table=Identifier(TABLE)),
        ]

    @staticmethod
    def decode(record: Any) -> AppealRow:
        """PostgreSQL answers timestamps in the session's zone; the list shows Beijing time."""
        values = {name: record[name] for name in COLUMNS}
        values["submitted_at"] = values["submitted_at"].astimezone(CHINA_TZ)
        return AppealRow(**values)
