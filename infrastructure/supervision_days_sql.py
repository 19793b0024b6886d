"""SQL of the supervision list's day counts, shared by SQLite and PostgreSQL.

`supervision_days` holds how many kept entries there are per jurisdiction, day of `since`
(Beijing date, ISO text on both databases), case kind, rule and departments; `supervision_months`
the same per month (`YYYY-MM`). A batch of the view changes both, in its transaction, by the
entries of its cases now less those before. So counting the entries of a window of time reads
its whole months and the few whole days beside them here, a few rows per month, day and group
however many entries they hold, and only the edges of the window entry by entry (see
`application.supervision_days`): a year's ranking reads 12 months, not 365 days.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from domain.clock import local_date

from application.supervision_days import DaySplit, day_ranges
from application.supervision_list import SupervisionQuery
from application.supervision_rules import CaseSupervision

DAYS = "supervision_days"
DAY_KEY = ("jurisdiction", "day", "kind", "rule", "departments")
MONTHS = "supervision_months"
MONTH_KEY = ("jurisdiction", "month", "kind", "rule", "departments")

DayKey = tuple[str, str, str, str, str]  # as DAY_KEY names them (MONTH_KEY alike)


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


def month_counts(days: Counter[DayKey]) -> Counter[DayKey]:
    """Day counts added up per month (`2026-03-09` → `2026-03`)."""
    months: Counter[DayKey] = Counter()
    for (jurisdiction, day, kind, rule, departments), n in days.items():
        months[(jurisdiction, day[:7], kind, rule, departments)] += n
    return months


class EntryDays:
    """The day and month counts of `SupervisionTable`, which gives the dialect and the
    transaction."""

    datastore: Any
    days_table: str = DAYS
    months_table: str = MONTHS
    substring_function: str

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    def _add_days(
        self, cursor: Any, now: Iterable[CaseSupervision], before: Iterable[CaseSupervision]
    ) -> None:
        """Change the day and month counts by the entries `now` less those `before`, within
        `cursor`'s transaction; a count brought to nought is deleted."""
        changed = day_counts(now)
        changed.subtract(day_counts(before))
        self._add(cursor, (self.days_table, DAYS, DAY_KEY), changed)
        self._add(cursor, (self.months_table, MONTHS, MONTH_KEY), month_counts(changed))

    def _add(self, cursor: Any, table: tuple[str, str, tuple[str, ...]], changed: Counter[DayKey]) -> None:
        """Add the `changed` counts to `table` (its name, bare name and key columns)."""
        name, bare, key_names = table
        params = [dict(zip(key_names, key, strict=True)) | {"n": n} for key, n in changed.items() if n]
        if not params:
            return
        ph = self.placeholder
        key = ", ".join(key_names)
        cursor.executemany(
            f"INSERT INTO {name} ({key}, n) VALUES "
            f"({', '.join(ph(column) for column in key_names)}, {ph('n')}) "
            f"ON CONFLICT ({key}) DO UPDATE SET n = {bare}.n + excluded.n",
            params,
        )
        fewer = [param for param in params if param["n"] < 0]
        if fewer:
            matched = " AND ".join(f"{column} = {ph(column)}" for column in key_names)
            cursor.executemany(f"DELETE FROM {name} WHERE {matched} AND n = 0", fewer)

    def _range_where(
        self, jurisdiction: str, query: SupervisionQuery, column: str, first: str | None, end: str
    ) -> tuple[str, dict[str, Any]]:
        """The rows of `column` (`day` or `month`) from `first` (None: the first there is) to
        `end` (excluded) that match `query`."""
        ph = self.placeholder
        where = [f"jurisdiction = {ph('jurisdiction')}", f"{column} < {ph('end')}"]
        params: dict[str, Any] = {"jurisdiction": jurisdiction, "end": end}
        if first is not None:
            where.append(f"{column} >= {ph('first')}")
            params["first"] = first
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
        """The entries of the whole days of `split`, counted by rule and departments: its whole
        months from the month counts, the days beside them from the day counts."""
        days, months = day_ranges(split)
        ranges = [(self.days_table, "day", first and first.isoformat(), end.isoformat())
                  for first, end in days]  # fmt: skip
        if months is not None:
            first, end = months
            ranges.append((self.months_table, "month", first and first.isoformat()[:7],
                           end.isoformat()[:7]))  # fmt: skip
        counts: Counter[tuple[str, tuple[str, ...]]] = Counter()
        for table, column, first, end in ranges:
            where, params = self._range_where(jurisdiction, query, column, first, end)
            cursor.execute(
                f"SELECT rule, departments, SUM(n) AS n FROM {table} WHERE {where} "
                "GROUP BY rule, departments",
                params,
            )
            counts.update({(r["rule"], tuple(r["departments"].split())): int(r["n"])
                           for r in cursor.fetchall()})  # fmt: skip
        return counts

    def _check_days(self, rows: Iterable[CaseSupervision]) -> list[str]:
        """How the stored day and month counts differ from those of `rows`."""
        days = day_counts(rows)
        return self._differences(self.days_table, DAY_KEY, days) + self._differences(
            self.months_table, MONTH_KEY, month_counts(days)
        )

    def _differences(
        self, table: str, key_names: tuple[str, ...], expected: Counter[DayKey]
    ) -> list[str]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {', '.join(key_names)}, n FROM {table} WHERE n != 0")
            stored = {tuple(r[name] for name in key_names): r["n"] for r in cursor.fetchall()}
        return [
            f"entries of {key}: stored {stored.get(key)} != found {expected.get(key)}"
            for key in sorted(expected.keys() | stored.keys())
            if stored.get(key) != expected.get(key)
        ]
