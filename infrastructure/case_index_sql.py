"""SQL of the case list, shared by SQLite and PostgreSQL; only the dialect differs.

Organisations and credit codes are kept as space-delimited text (" a b ") and matched as whole
words, so one column serves cases with several bodies or parties. A few `details` are filtered
on (`DETAIL_FILTERS`) through an indexed expression, so the table keeps its columns and rows
written before a filter existed are found by it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, replace
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

from application.case_index import CaseFilter, CaseRow
from infrastructure.view_sql import ViewTable

TABLE = "case_index"
ENTERPRISES = "case_enterprises"  # (credit code, case): an index of the enterprises of a case
TRACKING_NAME = "case_index"
COLUMNS = [field.name for field in fields(CaseRow)]
LISTS = ("organisations", "credit_codes")
DETAIL_FILTERS = ("mode", "satisfaction")  # `CaseFilter` fields matched against the detail of the same name
ENTERPRISE_COLUMNS = ("credit_code", "id")
# a row replaces the stored one of an older version (the clause names the bare table, as both allow)
NEWER = (
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in COLUMNS if name != "id")
    + f" WHERE {TABLE}.version < excluded.version"
)


def json_detail(name: str) -> str:
    """SQLite's expression of the detail `name` (the JSON functions are built in)."""
    return f"json_extract(details, '$.{name}')"


def case_indexes(detail: Callable[[str], str]) -> dict[str, str]:
    """The indexed columns by index name: the scope; the scope newest first, so a page of a
    long list is read in order rather than sorted whole; and the scope with each filtered detail
    (`detail` gives the dialect's expression, the same one the filters use)."""
    return {
        f"{TABLE}_scope": "kind, jurisdiction, status",
        f"{TABLE}_recent": "kind, jurisdiction, seq",
        # the cases whose deadline binds now, by deadline: overdue and due-soon lists and counts
        # read these few rows, not every case of the jurisdiction
        f"{TABLE}_running": "kind, jurisdiction, deadline WHERE deadline_running",
    } | {
        f"{TABLE}_{name}": f"kind, jurisdiction, {detail(name)}" for name in DETAIL_FILTERS
    }


class CaseIndexTable(ViewTable):
    """`CaseIndex` on a database: subclasses create the table and give their dialect:
    placeholders, substring search, and value conversions.
    """

    table: str = TABLE
    enterprises_table: str = ENTERPRISES
    tracking_name = TRACKING_NAME
    substring_function = "instr"  # (haystack, needle) → position, 0 if absent
    detail = staticmethod(json_detail)  # the SQL of one detail as text

    @staticmethod
    def encode(params: dict[str, Any]) -> dict[str, Any]:
        return params

    @staticmethod
    def decode(record: Any) -> dict[str, Any]:
        return {name: record[name] for name in COLUMNS}

    def write(self, cursor: Any, rows: Sequence[CaseRow], tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
        if rows:  # in one round trip (psycopg pipelines executemany), or copied in (a rebuild)
            params = [self.encode(row_params(row)) for row in rows]
            self._insert_many(cursor, self.table, COLUMNS, params, NEWER)
            pairs = [self.encode({"credit_code": code, "id": row.id})
                     for row in rows for code in row.credit_codes]  # fmt: skip
            if pairs:  # a case's enterprises never change: a pair once kept stays true
                self._insert_many(cursor, self.enterprises_table, ENTERPRISE_COLUMNS, pairs,
                                  "ON CONFLICT DO NOTHING")  # fmt: skip

    def select(self, query: CaseFilter) -> list[tuple[int, CaseRow]]:
        sql, params = self._select_sql(query)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, self.encode(params))
            return [(record["seq"], row_of(self.decode(record))) for record in cursor.fetchall()]

    def numbers(self, query: CaseFilter) -> dict[UUID, str]:
        source, conditions, params = self._where(replace(query, before=None, limit=None))
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT {TABLE}.id AS id, case_number FROM {source} WHERE {' AND '.join(conditions)}",
                self.encode(params),
            )
            return {UUID(str(record["id"])): record["case_number"] for record in cursor.fetchall()}

    def count(self, query: CaseFilter) -> int:
        source, conditions, params = self._where(replace(query, before=None, limit=None))
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT COUNT(*) AS n FROM {source} WHERE {' AND '.join(conditions)}",
                self.encode(params),
            )
            return int(cursor.fetchone()["n"])

    def check(self, rows: Iterable[CaseRow]) -> list[str]:
        """How the stored enterprises of the cases differ from those of `rows`."""
        expected = {(code, str(row.id)) for row in rows for code in row.credit_codes}
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT credit_code, id FROM {self.enterprises_table}")
            stored = {(record["credit_code"], str(record["id"])) for record in cursor.fetchall()}
        return [f"enterprise {code} of {case_id}: kept wrongly" for code, case_id in sorted(expected ^ stored)]

    @property
    def tables(self) -> list[str]:
        return [self.table, self.enterprises_table]

    def all_rows(self) -> dict[Any, CaseRow]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT seq, {', '.join(COLUMNS)} FROM {self.table}")
            rows = [row_of(self.decode(record)) for record in cursor.fetchall()]
        return {row.id: row for row in rows}

    def _select_sql(self, query: CaseFilter) -> tuple[str, dict[str, Any]]:
        ph = self.placeholder
        source, conditions, params = self._where(query)
        limit = ""
        if query.limit is not None:
            limit = f" LIMIT {ph('limit')}"
            params["limit"] = query.limit
        columns = ", ".join(f"{TABLE}.{name}" for name in ["seq", *COLUMNS])
        order = "seq" if query.credit_code is None else "seq + 0"  # sorted, not walked in order
        return (
            f"SELECT {columns} FROM {source} "
            f"WHERE {' AND '.join(conditions)} ORDER BY {order} DESC{limit}",
            params,
        )

    def _where(self, query: CaseFilter) -> tuple[str, list[str], dict[str, Any]]:
        """What the filter reads (`FROM`), its conditions and their parameters."""
        ph = self.placeholder
        conditions = [f"kind = {ph('kind')}"]
        params: dict[str, Any] = {"kind": query.kind}
        for name in ("jurisdiction", "status"):
            if getattr(query, name) is not None:
                conditions.append(f"{name} = {ph(name)}")
                params[name] = getattr(query, name)
        for name in DETAIL_FILTERS:
            if getattr(query, name) is not None:
                conditions.append(f"{self.detail(name)} = {ph(name)}")
                params[name] = getattr(query, name)
        if query.organisation is not None:
            conditions.append(f"{self.substring_function}(organisations, {ph('organisation')}) > 0")
            params["organisation"] = f" {query.organisation} "
        source = self.table
        if query.credit_code is not None:  # from the index of enterprises first, then by id
            source = f"{self.enterprises_table} AS e CROSS JOIN {self.table}"
            conditions.append(f"e.credit_code = {ph('credit_code')} AND {TABLE}.id = e.id")
            params["credit_code"] = query.credit_code
        if query.overdue_on is not None:
            conditions.append(f"deadline_running AND deadline < {ph('overdue_on')}")
            params["overdue_on"] = query.overdue_on
        for name, compared in (("received_from", ">="), ("received_before", "<")):
            if getattr(query, name) is not None:  # ISO days compare as text
                conditions.append(f"{self.detail('received_on')} {compared} {ph(name)}")
                params[name] = getattr(query, name).isoformat()
        for name, compared in (("due_from", ">="), ("due_by", "<=")):
            if getattr(query, name) is not None:
                conditions.append(f"deadline_running AND deadline {compared} {ph(name)}")
                params[name] = getattr(query, name)
        if query.before is not None:
            conditions.append(f"seq < {ph('before')}")
            params["before"] = query.before
        return source, conditions, params


def row_params(row: CaseRow) -> dict[str, Any]:
    params = {name: getattr(row, name) for name in COLUMNS}
    for name in LISTS:
        params[name] = f" {' '.join(params[name])} "
    params["details"] = json.dumps(row.details, ensure_ascii=False, sort_keys=True)
    return params


def row_of(values: dict[str, Any]) -> CaseRow:
    for name in LISTS:
        values[name] = tuple(values[name].split())
    values["details"] = json.loads(values["details"])
    values["deadline_running"] = bool(values["deadline_running"])
    return CaseRow(**values)
