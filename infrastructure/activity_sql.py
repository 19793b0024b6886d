"""SQL of the activity view, shared by SQLite and PostgreSQL: one line per act.

Times are kept as UTC text of one fixed width, so they sort and compare alike on both databases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

from application.activity import Act, ActivityQuery, CaseActivity
from domain.clock import CHINA_TZ
from infrastructure.view_sql import ViewTable

VIEW = "audit_activity"  # the view's name, as `projections` shows it
TABLE = "audit_acts"  # its table since acts name their import; made again from the events
FORMER_TABLE = "audit_activity"  # the table before, dropped
COLUMNS = [field.name for field in fields(Act)]
TIMES = ("occurred_at", "recorded_at")
ORDER = " ORDER BY occurred_at, case_id, version"  # the order of the acts, and of a cursor
FILTERS = {"actor": "actor_id", "org": "actor_org", "kind": "kind", "import_id": "import_id"}
# The table and its indexes, in SQL both databases accept.
SCHEMA = (
    "case_id text NOT NULL, version integer NOT NULL, kind text NOT NULL, case_number text, "
    "jurisdiction text, event text NOT NULL, actor_id text NOT NULL, actor_role text NOT NULL, "
    "actor_org text NOT NULL, occurred_at text NOT NULL, recorded_at text NOT NULL, "
    "detail text NOT NULL, import_id text, PRIMARY KEY (case_id, version)"
)
INDEXES = {
    f"{TABLE}_jurisdiction": "jurisdiction, occurred_at",
    f"{TABLE}_actor": "actor_id, occurred_at",
    f"{TABLE}_org": "actor_org, occurred_at",
    f"{TABLE}_import": "import_id, occurred_at WHERE import_id IS NOT NULL",
}


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class ActivityTable(ViewTable):
    """`ActivityView` on a database; subclasses create the table."""

    table: str = TABLE
    tracking_name = VIEW

    def write(self, cursor: Any, rows: Sequence[CaseActivity], tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
        if rows:
            self._delete(cursor, [str(row.id) for row in rows])
            acts = [_params(act) for row in rows for act in row.acts]
            if acts:
                self._insert(cursor, acts)

    def _delete(self, cursor: Any, case_ids: list[str]) -> None:
        """Delete the lines of the cases (one round trip: psycopg pipelines executemany)."""
        statement = f"DELETE FROM {self.table} WHERE case_id = {self.placeholder('id')}"
        cursor.executemany(statement, [{"id": case_id} for case_id in case_ids])

    def _insert(self, cursor: Any, acts: list[dict[str, Any]]) -> None:
        """Insert the lines (`acts`: their values by column)."""
        ph = self.placeholder
        cursor.executemany(
            f"INSERT INTO {self.table} ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join(ph(name) for name in COLUMNS)})",
            acts,
        )

    def all_rows(self) -> dict[UUID, CaseActivity]:
        acts: dict[UUID, list[Act]] = defaultdict(list)
        for act in self._select("", {}):
            acts[act.case_id].append(act)
        return {case_id: CaseActivity(case_id, tuple(sorted(found, key=lambda a: a.version)))
                for case_id, found in acts.items()}  # fmt: skip

    def select(self, query: ActivityQuery) -> list[Act]:
        ph = self.placeholder
        conditions = [f"(jurisdiction = {ph('jurisdiction')} OR jurisdiction IS NULL)"]
        params: dict[str, Any] = {"jurisdiction": query.jurisdiction, "limit": query.limit}
        for name, column in FILTERS.items():
            if getattr(query, name) is not None:
                conditions.append(f"{column} = {ph(name)}")
                params[name] = getattr(query, name)
        if query.imported is not None:
            conditions.append(f"import_id IS {'NOT ' if query.imported else ''}NULL")
        if query.start is not None:
            conditions.append(f"occurred_at >= {ph('start')}")
            params["start"] = utc_text(query.start)
        if query.end is not None:
            conditions.append(f"occurred_at < {ph('end')}")
            params["end"] = utc_text(query.end)
        if query.after is not None:
            conditions.append(self._after_sql())
            params |= after_params(query.after)
        where = "WHERE " + " AND ".join(conditions)
        return self._select(f"{where}{ORDER} LIMIT {ph('limit')}", params)

    def acts_of(
        self,
        case_ids: Sequence[UUID],
        after: tuple[datetime, UUID, int] | None = None,
        limit: int | None = None,
    ) -> list[Act]:
        """Each chunk of cases reads at most `limit` acts, in order; the chunks' are merged."""
        clauses, params = ORDER, {}
        if after is not None:
            clauses, params = f" AND {self._after_sql()}{ORDER}", after_params(after)
        if limit is not None:
            clauses += f" LIMIT {int(limit)}"
        with self.datastore.transaction(commit=False) as cursor:
            records = self._select_ids(cursor, ", ".join(COLUMNS), "case_id", case_ids, clauses, params)
        acts = sorted(map(_act, records), key=lambda act: (act.occurred_at, act.case_id, act.version))
        return acts if limit is None else acts[:limit]

    def _after_sql(self) -> str:
        """The condition on acts after a cursor's place (`after_params`), in the order of `ORDER`."""
        ph = self.placeholder
        return f"(occurred_at, case_id, version) > ({ph('at')}, {ph('id')}, {ph('v')})"

    def _select(self, clauses: str, params: dict[str, Any]) -> list[Act]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {self.table} {clauses}", params)
            return [_act(record) for record in cursor.fetchall()]


def after_params(after: tuple[datetime, UUID, int]) -> dict[str, Any]:
    """The parameters of `_after_sql` for a cursor's place (moment, case id, version)."""
    moment, case_id, version = after
    return {"at": utc_text(moment), "id": str(case_id), "v": version}


def _params(act: Act) -> dict[str, Any]:
    params = dict(vars(act))  # its fields, the columns (one dict built, for speed)
    params["case_id"] = str(act.case_id)
    for name in TIMES:
        params[name] = utc_text(params[name])
    return params


def _act(record: Any) -> Act:
    values = {name: record[name] for name in COLUMNS}
    times = {name: datetime.fromisoformat(values[name]).astimezone(CHINA_TZ) for name in TIMES}
    return Act(**values | times | {"case_id": UUID(values["case_id"])})
