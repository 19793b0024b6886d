"""The case list in PostgreSQL, in the case store's schema."""

from __future__ import annotations

from typing import Any

from eventsourcing.postgres import PostgresTrackingRecorder

from domain.clock import CHINA_TZ
from infrastructure.case_index_sql import COLUMNS, ENTERPRISES, TABLE, CaseIndexTable, case_indexes
from infrastructure.postgres import SchemaView, ViewCommits


class PostgresCaseIndex(ViewCommits, SchemaView, CaseIndexTable, PostgresTrackingRecorder):  # type: ignore[misc]
    """`CaseIndex` on PostgreSQL: rows and tracking position written in one transaction."""

    substring_function = "strpos"

    @staticmethod
    def detail(name: str) -> str:
        """The detail `name` as text (`details` is JSON kept as text)."""
        return f"((details::jsonb) ->> '{name}')"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_table(
            ENTERPRISES, "credit_code text NOT NULL, id uuid NOT NULL, PRIMARY KEY (credit_code, id)", {}
        )
        self.enterprises_table = self.table
        self.add_table(
            TABLE,
            "seq bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, kind text NOT NULL, "
            "case_number text NOT NULL, jurisdiction text NOT NULL, status text NOT NULL, "
            "organisations text NOT NULL, credit_codes text NOT NULL, "
            "enterprise_name text NOT NULL, deadline date, deadline_running boolean NOT NULL, "
            "opened_at timestamptz NOT NULL, version int NOT NULL, details text NOT NULL",
            case_indexes(self.detail),
        )

    @staticmethod
    def decode(record: Any) -> dict[str, Any]:
        """PostgreSQL answers timestamps in the session's zone; lists show Beijing time."""
        values = {name: record[name] for name in COLUMNS}
        values["opened_at"] = values["opened_at"].astimezone(CHINA_TZ)
        return values
