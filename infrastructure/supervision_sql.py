"""SQL of the supervision list, shared by SQLite and PostgreSQL.

Four tables: `supervision_list` keeps one JSON row per case (what the rules found in its
events), `supervision_entries` one row per entry, with the columns the list is filtered and
ordered by, so a page is an indexed read however long the list, `supervision_days` the entries
counted per day (see `infrastructure.supervision_days_sql`), so counting a period's entries reads
its days, and `supervision_visits` the inspections, which the rules that compare visits judge as
the list is asked for.

A batch first records its tracking position, which waits for any other writer of the view, then
replaces the entries of the cases it brings to a newer version, and changes the day counts by
what they keep now less what they kept before.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from pydantic import TypeAdapter

from application.supervision_days import split_by_days
from application.supervision_list import Key, ListedEntry, SupervisionQuery, listed
from application.supervision_rules import CaseSupervision, Entry
from infrastructure.supervision_days_sql import EntryDays, departments_text
from infrastructure.view_sql import ViewTable

TABLE = "supervision_list"
ENTRIES = "supervision_entries"
VISITS = "supervision_visits"
RECORD = TypeAdapter(CaseSupervision)
ENTRY = TypeAdapter(Entry)
ROW_COLUMNS = ("case_id", "jurisdiction", "version", "record")
ROW_CONFLICT = (  # a row replaced only by a newer version of its case
    "ON CONFLICT (case_id) DO UPDATE SET "
    + ", ".join(f"{name} = excluded.{name}" for name in ROW_COLUMNS[1:])
    + f" WHERE {TABLE}.version < excluded.version"
)
ENTRY_COLUMNS = ("case_id", "n", "jurisdiction", "kind", "case_number", "rule", "departments",
                 "since", "cleared_at", "credit_codes", "entry")  # fmt: skip


class SupervisionTable(EntryDays, ViewTable):
    """`SupervisionView` on a database; subclasses create the tables and give the dialect."""

    table: str = TABLE
    entries_table: str = ENTRIES
    visits_table: str = VISITS
    tracking_name = TABLE
    substring_function = "instr"  # (haystack, needle) → position, 0 if absent
    # how text is ordered: as Python orders it (code points), whatever the database's default
    # collation, so a page read here interleaves rightly with the entries judged in memory
    # (SQLite compares text as UTF-8 bytes, which is code point order, already)
    in_code_points = ""

    @staticmethod
    def case_id(placeholder: str) -> str:
        """A case id parameter as the entries table compares it."""
        return placeholder

    @staticmethod
    def instant(moment: datetime) -> Any:
        """A moment as the database stores and compares it (SQLite: ISO text in UTC)."""
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")

    def write(self, cursor: Any, rows: Sequence[CaseSupervision], tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
        before = self._stored(cursor, [row.id for row in rows])
        newer = [row for row in rows if row.version > getattr(before.get(row.id), "version", 0)]
        if not newer:
            return
        self._add_days(cursor, newer, [before[row.id] for row in newer if row.id in before])
        ph = self.placeholder
        self._insert_many(cursor, self.table, ROW_COLUMNS, [row_params(row) for row in newer],
                          ROW_CONFLICT)  # fmt: skip
        self._delete(cursor, [str(row.id) for row in newer])
        entries = [self._entry_params(row, n, e) for row in newer for n, e in enumerate(row.entries)]
        if entries:
            self._insert_entries(cursor, entries)
        visits = [row_params(row) for row in newer if row.visit is not None]
        if visits:
            cursor.executemany(
                f"INSERT INTO {self.visits_table} (case_id, jurisdiction, record) "
                f"VALUES ({ph('case_id')}, {ph('jurisdiction')}, {ph('record')})",
                [{name: v[name] for name in ("case_id", "jurisdiction", "record")} for v in visits],
            )

    def _delete(self, cursor: Any, case_ids: list[str]) -> None:
        """Delete the entries and visits of the cases."""
        ids = [{"case_id": case_id} for case_id in case_ids]
        matched = f"case_id = {self.placeholder('case_id')}"
        for table in (self.entries_table, self.visits_table):
            cursor.executemany(f"DELETE FROM {table} WHERE {matched}", ids)

    def _insert_entries(self, cursor: Any, entries: list[dict[str, Any]]) -> None:
        """Insert the entries (`entries`: their values by column)."""
        columns = ", ".join(ENTRY_COLUMNS)
        values = ", ".join(self.placeholder(name) for name in ENTRY_COLUMNS)
        insert = f"INSERT INTO {self.entries_table} ({columns}) VALUES ({values})"
        cursor.executemany(insert, entries)

    def entries(
        self, jurisdiction: str, query: SupervisionQuery, after: Key | None, limit: int | None
    ) -> list[ListedEntry]:
        where, params = self._where(jurisdiction, query, after)
        sql = (
            f"SELECT {', '.join(ENTRY_COLUMNS)} FROM {self.entries_table} WHERE {' AND '.join(where)} "
            f"ORDER BY {self._order}"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql, params)
            return [self._listed(record, query.as_of) for record in cursor.fetchall()]

    def counts(
        self, jurisdiction: str, query: SupervisionQuery
    ) -> Counter[tuple[str, tuple[str, ...]]]:
        """Read from the day counts for the whole days of the window, entry by entry for its
        edges; entry by entry altogether when asked by status (open or cleared at `as_of`)."""
        split = split_by_days(query) if query.status is None else None
        with self.datastore.transaction(commit=False) as cursor:
            if split is None:
                return self._counted_entries(cursor, jurisdiction, query)
            self._one_snapshot(cursor)  # the days and the edges as one moment of the view
            counts = self._whole_days(cursor, jurisdiction, query, split)
            for edge in split.edges:
                counts.update(self._counted_entries(cursor, jurisdiction, edge))
        return counts

    @staticmethod
    def _one_snapshot(cursor: Any) -> None:
        """Let the transaction's statements read one snapshot (SQLite's transaction, begun
        explicitly, already does)."""

    def _counted_entries(
        self, cursor: Any, jurisdiction: str, query: SupervisionQuery
    ) -> Counter[tuple[str, tuple[str, ...]]]:
        """The entries matching `query`, read one by one and counted by rule and departments."""
        where, params = self._where(jurisdiction, query, None)
        cursor.execute(
            f"SELECT rule, departments, COUNT(*) AS n FROM {self.entries_table} "
            f"WHERE {' AND '.join(where)} GROUP BY rule, departments",
            params,
        )
        return Counter({(r["rule"], tuple(r["departments"].split())): r["n"] for r in cursor.fetchall()})

    def visits(self, jurisdiction: str) -> list[CaseSupervision]:
        return self._select(
            self.visits_table, f"WHERE jurisdiction = {self.placeholder('jurisdiction')}",
            {"jurisdiction": jurisdiction},
        )  # fmt: skip

    def all_rows(self) -> dict[Any, CaseSupervision]:
        return {row.id: row for row in self._select(self.table, "", {})}

    def check(self, rows: Iterable[CaseSupervision]) -> list[str]:
        """How the stored entries, day counts and visits differ from those of `rows`."""
        rows = list(rows)
        # compared as entries, not as text: a row stored before a field was added reads back equal
        expected = {(str(row.id), n): e for row in rows for n, e in enumerate(row.entries)}
        expected_visits = {str(row.id) for row in rows if row.visit is not None}
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT case_id, n, entry FROM {self.entries_table}")
            stored = {(str(r["case_id"]), r["n"]): ENTRY.validate_json(r["entry"]) for r in cursor.fetchall()}
            cursor.execute(f"SELECT case_id FROM {self.visits_table}")
            stored_visits = {str(r["case_id"]) for r in cursor.fetchall()}
        wrong = [
            f"entry {key}: stored {stored.get(key)} != found {expected.get(key)}"
            for key in sorted(expected.keys() | stored.keys())
            if stored.get(key) != expected.get(key)
        ]
        wrong += self._check_days(rows)
        return wrong + [f"visit of {case_id}: kept wrongly" for case_id in sorted(expected_visits ^ stored_visits)]

    @property
    def tables(self) -> list[str]:
        return [self.table, self.entries_table, self.days_table, self.months_table, self.visits_table]

    def _where(
        self, jurisdiction: str, query: SupervisionQuery, after: Key | None
    ) -> tuple[list[str], dict[str, Any]]:
        ph = self.placeholder
        where = [f"jurisdiction = {ph('jurisdiction')}", f"since <= {ph('as_of')}"]
        params: dict[str, Any] = {"jurisdiction": jurisdiction, "as_of": self.instant(query.as_of)}
        matching, matched = self._matching(query)
        where += matching
        params |= matched
        for name, compared in (("since_from", ">="), ("since_before", "<")):
            if getattr(query, name) is not None:
                where.append(f"since {compared} {ph(name)}")
                params[name] = self.instant(getattr(query, name))
        if query.status == "open":
            where.append(f"(cleared_at IS NULL OR cleared_at > {ph('as_of')})")
        elif query.status == "cleared":
            where.append(f"cleared_at <= {ph('as_of')}")
        if after is not None:
            where.append(
                f"({self._order}) > "
                f"({ph('a_since')}, {ph('a_number')}, {ph('a_rule')}, {self.case_id(ph('a_id'))}, "
                f"{ph('a_n')})"
            )
            params |= {"a_since": self.instant(after[0]), "a_number": after[1], "a_rule": after[2],
                       "a_id": after[3], "a_n": after[4]}  # fmt: skip
        return where, params

    @property
    def _order(self) -> str:
        """The entries' columns in the list's order (and its cursor's)."""
        text = self.in_code_points
        return f"since, case_number{text}, rule{text}, case_id, n"

    def _listed(self, record: Any, as_of: datetime) -> ListedEntry:
        entry = ENTRY.validate_json(record["entry"])
        case = CaseSupervision(
            id=UUID(str(record["case_id"])), kind=record["kind"], case_number=record["case_number"],
            jurisdiction=record["jurisdiction"], credit_codes=tuple(record["credit_codes"].split()),
            version=0,
        )  # fmt: skip
        return listed(case, entry, as_of, record["n"])

    def _entry_params(self, row: CaseSupervision, n: int, entry: Entry) -> dict[str, Any]:
        return {
            "case_id": str(row.id), "n": n, "jurisdiction": row.jurisdiction, "kind": row.kind,
            "case_number": row.case_number, "rule": entry.rule,
            "departments": departments_text(entry.departments), "since": self.instant(entry.since),
            "cleared_at": self.instant(entry.cleared_at) if entry.cleared_at else None,
            "credit_codes": " ".join(row.credit_codes), "entry": ENTRY.dump_json(entry).decode(),
        }  # fmt: skip

    def _stored(self, cursor: Any, ids: list[UUID]) -> dict[UUID, CaseSupervision]:
        """The rows stored for these cases, by case id."""
        records = self._select_ids(cursor, "record", "case_id", ids)
        return {row.id: row for row in (RECORD.validate_json(r["record"]) for r in records)}

    def _select(self, table: str, where: str, params: dict[str, Any]) -> list[CaseSupervision]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT record FROM {table} {where}", params)
            return [RECORD.validate_json(record["record"]) for record in cursor.fetchall()]


def row_params(row: CaseSupervision) -> dict[str, Any]:
    return {"case_id": str(row.id), "jurisdiction": row.jurisdiction, "version": row.version,
            "record": RECORD.dump_json(row).decode()}  # fmt: skip

