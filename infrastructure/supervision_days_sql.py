"""SQL of the supervision list's day counts, shared by SQLite and PostgreSQL.

`supervision_days` holds how many kept entries there are per jurisdiction, day of `since`
(Beijing date, ISO text on both databases), case kind, rule and departments. A batch of the
view changes them, in its transaction, by the entries of its cases now less those before. So
counting the entries of a window of time reads its whole days here, a few rows per day and group
however many entries they hold, and only the edges of the window entry by entry (see
`application.supervision_days`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from domain.clock import local_date

from application.supervision_days import DaySplit
from application.supervision_list import SupervisionQuery
from application.supervision_rules import CaseSupervision

DAYS = "supervision_days"
DAY_KEY = ("jurisdiction", "day", "kind", "rule", "departments")

DayKey = tuple[str, str, str, str, str]  # as DAY_KEY names them


def departments_text(departments: tuple[str, ...]) -> str:
    """Departments as the entry tables keep them: spaced on both sides, to find one by ` code `."""
    return f" {' '.join(departments)} "


def day_counts(rows: Iterable[CaseSupervision]) -> Counter[DayKey]:
    """How many entries `rows` keep per day key."""
    return Counter(
        (row.jurisdiction, local_date(entry.since).isoformat(), row.kind, entry.rule,
         departments_text(entry.departments))  # fmt: skip
        for row in rows
        for entry in row.entries
    )


class EntryDays:
    """The day counts of `SupervisionTable`, which gives the dialect and the transaction."""

    datastore: Any
    days_table: str = DAYS
    substring_function: str

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    def _add_days(
        self, cursor: Any, now: Iterable[CaseSupervision], before: Iterable[CaseSupervision]
    ) -> None:
        """Change the day counts by the entries `now` less those `before`, within `cursor`'s
        transaction; a count brought to nought is deleted."""
        changed = day_counts(now)
        changed.subtract(day_counts(before))
        params = [dict(zip(DAY_KEY, key, strict=True)) | {"n": n} for key, n in changed.items() if n]
        if not params:
            return
        ph = self.placeholder
        key = ", ".join(DAY_KEY)
        cursor.executemany(
            f"INSERT INTO {self.days_table} ({key}, n) VALUES "
            f"({', '.join(ph(name) for name in DAY_KEY)}, {ph('n')}) "
            f"ON CONFLICT ({key}) DO UPDATE SET n = {DAYS}.n + excluded.n",
            params,
        )
        fewer = [param for param in params if param["n"] < 0]
        if fewer:
            matched = " AND ".join(f"{name} = {ph(name)}" for name in DAY_KEY)
            cursor.executemany(f"DELETE FROM {self.days_table} WHERE {matched} AND n = 0", fewer)

    def _days_where(
        self, jurisdiction: str, query: SupervisionQuery, split: DaySplit
    ) -> tuple[str, dict[str, Any]]:
        ph = self.placeholder
        where = [f"jurisdiction = {ph('jurisdiction')}", f"day < {ph('end')}"]
        params: dict[str, Any] = {"jurisdiction": jurisdiction, "end": split.end.isoformat()}
        if split.first is not None:
            where.append(f"day >= {ph('first')}")
            params["first"] = split.first.isoformat()
        matching, matched = self._matching(query)
        return " AND ".join(where + matching), params | matched

    def _matching(self, query: SupervisionQuery) -> tuple[list[str], dict[str, Any]]:
        """The conditions on rule, kind and department of `query`, on the entries or the days."""
        ph = self.placeholder
        where, params = [], {}
        for name in ("rule", "kind"):
            if getattr(query, name) is not None:
                where.append(f"{name} = {ph(name)}")
                params[name] = getattr(query, name)
        if query.department is not None:
            where.append(f"{self.substring_function}(departments, {ph('department')}) > 0")
            params["department"] = f" {query.department} "
        return where, params

    def _whole_days(
        self, cursor: Any, jurisdiction: str, query: SupervisionQuery, split: DaySplit
    ) -> Counter[tuple[str, tuple[str, ...]]]:
        """The entries of the whole days of `split`, counted by rule and departments."""
        where, params = self._days_where(jurisdiction, query, split)
        cursor.execute(
            f"SELECT rule, departments, SUM(n) AS n FROM {self.days_table} WHERE {where} "
            "GROUP BY rule, departments",
            params,
        )
        return Counter(
            {(r["rule"], tuple(r["departments"].split())): int(r["n"]) for r in cursor.fetchall()}
        )

    def _check_days(self, rows: Iterable[CaseSupervision]) -> list[str]:
        """How the stored day counts differ from those of `rows`."""
        expected = day_counts(rows)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {', '.join(DAY_KEY)}, n FROM {self.days_table} WHERE n != 0")
            stored = {tuple(r[name] for name in DAY_KEY): r["n"] for r in cursor.fetchall()}
        return [
            f"entries of {key}: stored {stored.get(key)} != found {expected.get(key)}"
            for key in sorted(expected.keys() | stored.keys())
            if stored.get(key) != expected.get(key)
        ]
