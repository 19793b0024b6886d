"""SQL of the report counts, shared by SQLite and PostgreSQL.

Two tables: `case_counts` holds what each case adds (one JSON row per case, at the version it
was counted at), `report_sums` the sums: per jurisdiction, report, dimension, basis, group and
day, one row whose `measures` is a JSON object of whole numbers by measure — once per day and
once per month (`span`), so a period of whole months reads a dozen rows per group, and any other
range adds the days at its edges. Days are ISO text on both databases. A group's measures share
one row (about a dozen of them), so a batch writes a dozen times fewer rows than it would with a
row per measure; the database adds an increment to a row's measures in the upsert itself
(`merged`, in each dialect's SQL), dropping a measure whose sum falls to zero.

A sum is a signed 64-bit integer on SQLite, yet amounts of money (in fen) can be large enough
that a few dozen of them would overflow it. So an increment of `HIGH` or more is stored in two
parts: its multiples of `HIGH` under the measure's name with `HIGH_SUFFIX`, the rest under the
measure's name; reads add the two back together (`folded`). Each part then grows by less than
`HIGH` (or `HIGH` times less than the largest amount) per increment, so no sum the service can
hold overflows.

A batch first records its tracking position: on both databases that write waits for any other
writer of the view, so each batch reads the counts it replaces after the one before committed,
and a batch that lost the race fails as a whole. The sums are then incremented, in the
database, by exactly what the batch's cases add now less what they added before.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import product
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

from application.periods import Period, month_after
from application.ratios import Sums
from application.report_counts import CaseCounts, Slot, add_up
from infrastructure.view_sql import ViewTable

TABLE = "case_counts"
SUMS = "report_sums"
NAME = "report_counts"  # the view's name; before `report_sums`, its table of sums (dropped)
KEY = ("jurisdiction", "report", "span", "dimension", "day", "basis", "grp")
COLUMNS = (*KEY, "measures")
CASE_COLUMNS = ("id", "version", "jurisdiction", "slots")
CASE_CONFLICT = "ON CONFLICT (id) DO UPDATE SET " + ", ".join(
    f"{name} = excluded.{name}" for name in CASE_COLUMNS[1:]
)


Key = tuple[str, str, str, str, str, str, str]  # as KEY names them
Increment = tuple[Any, ...]  # a row of the sums, as COLUMNS name them: the key and measures (JSON)
HIGH = 10**9  # an increment's part of this size or more is stored apart (see above)
HIGH_SUFFIX = "^"  # the measure of those parts: `approved_amount^` counts in HIGH fen


class ReportCountsTable(ViewTable):
    """`ReportCounts` on a database: subclasses create the tables and give the dialect."""

    table: str = TABLE
    sums_table: str = SUMS
    tracking_name = NAME
    # the dialect's SQL of the JSON object of each measure of a row of sums and of an increment
    # (`report_sums.measures`, `excluded.measures`) with its sum, without those summing to zero
    merged: str

    @property
    def sum_conflict(self) -> str:
        """The upsert's clause that adds an increment's measures to a row's (`merged`)."""
        return f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET measures = {self.merged}"

    def write(self, cursor: Any, rows: Sequence[CaseCounts], tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)  # type: ignore[attr-defined]
        before = self._counted(cursor, [row.id for row in rows])
        newer = [row for row in rows if row.id not in before or before[row.id].version < row.version]
        replaced = [before[row.id] for row in newer if row.id in before]
        if newer:
            cases = [case_params(row) for row in newer]
            self._insert_many(cursor, self.table, CASE_COLUMNS, cases, CASE_CONFLICT)
            added = increments(newer, replaced)
            if added:  # each sum incremented by its change
                self._add_to_sums(cursor, added)

    def _add_to_sums(self, cursor: Any, added: list[Increment]) -> None:
        """Add each increment to its sums (rows as `COLUMNS` name them, of distinct keys)."""
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in added]
        self._insert_many(cursor, self.sums_table, COLUMNS, rows, self.sum_conflict)

    def sums(
        self, report: str, jurisdiction: str, period: Period, dimensions: Sequence[str]
    ) -> dict[tuple[str, str], Sums]:
        sums: dict[tuple[str, str], Sums] = defaultdict(lambda: defaultdict(Counter))
        ph = self.placeholder
        sql = (  # every condition on the primary key's leading columns, so days are a range of it
            f"SELECT grp, basis, measures FROM {self.sums_table} "
            f"WHERE jurisdiction = {ph('jurisdiction')} AND report = {ph('report')} "
            f"AND span = {ph('span')} AND dimension = {ph('dimension')} "
            f"AND day >= {ph('first')} AND day < {ph('end')}"
        )
        with self.datastore.transaction(commit=False) as cursor:
            for (span, first, end), dimension in product(spans(period), dimensions):
                cursor.execute(sql, {
                    "jurisdiction": jurisdiction, "report": report, "span": span,
                    "dimension": dimension, "first": first.isoformat(), "end": end.isoformat(),
                })  # fmt: skip
                for record in cursor.fetchall():
                    group = sums[(dimension, record["grp"])][record["basis"]]
                    group.update(folded(record["measures"]))
        return dict(sums)

    def all_rows(self) -> dict[Any, CaseCounts]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT id, version, jurisdiction, slots FROM {self.table}")
            rows = [case_counts_of(record) for record in cursor.fetchall()]
        return {row.id: row for row in rows}

    def check(self, rows: Iterable[CaseCounts]) -> list[str]:
        """How the stored sums differ from what `rows` add up to, per day and per month."""
        expected = by_span(add_up(rows))
        stored: dict[Key, Counter[str]] = defaultdict(Counter)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {', '.join(KEY)}, measures FROM {self.sums_table}")
            for record in cursor.fetchall():
                stored[key_of(record)].update(folded(record["measures"]))
        stored = {key: nonzero for key, sums in stored.items() if (nonzero := without_zeros(sums))}
        return [
            f"sums of {key}: stored {stored.get(key)} != counted {expected.get(key)}"
            for key in sorted(expected.keys() | stored.keys())
            if stored.get(key) != expected.get(key)
        ]

    @property
    def tables(self) -> list[str]:
        return [self.table, self.sums_table]

    def _counted(self, cursor: Any, ids: list[UUID]) -> dict[UUID, CaseCounts]:
        """The counts stored for these cases."""
        records = self._select_ids(cursor, "id, version, jurisdiction, slots", "id", ids)
        return {row.id: row for row in map(case_counts_of, records)}



def split(measure: str, value: int) -> list[tuple[str, int]]:
    """An increment as the rows store it: `value`, or its multiples of `HIGH` apart."""
    if abs(value) < HIGH:
        return [(measure, value)]
    high, rest = divmod(value, HIGH)
    return [(measure, rest), (measure + HIGH_SUFFIX, high)]


def folded(measures: str) -> Counter[str]:
    """A stored row's measures (JSON), each under its measure's name, in the measure's unit."""
    sums: Counter[str] = Counter()
    for measure, value in json.loads(measures).items():
        if measure.endswith(HIGH_SUFFIX):
            sums[measure.removesuffix(HIGH_SUFFIX)] += int(value) * HIGH
        else:
            sums[measure] += int(value)
    return sums


def without_zeros(sums: Counter[str]) -> Counter[str]:
    return Counter({measure: value for measure, value in sums.items() if value})


def increments(now: Iterable[CaseCounts], before: Iterable[CaseCounts]) -> list[Increment]:
    """What the stored sums change by, per day and per month: what the cases add `now` less
    what they added `before`, one row per key with its measures (split as stored, as JSON), in
    key order (the order of the table's primary key). Summed by day first, then the days by
    month: a rebuild adds up many cases."""
    days: dict[tuple[str, Slot], dict[str, int]] = {}
    for sign, cases in ((1, now), (-1, before)):
        for case in cases:
            for slot, measures in case.slots.items():
                if (summed := days.get(place := (case.jurisdiction, slot))) is None:
                    summed = days[place] = {}
                for measure, value in measures.items():
                    summed[measure] = summed.get(measure, 0) + sign * value
    spans: dict[Key, dict[str, int]] = {}
    for (jurisdiction, (report, basis, day, dimension, group)), measures in days.items():
        for span, first in (("day", day), ("month", day.replace(day=1))):
            key = (jurisdiction, report, span, dimension, first.isoformat(), basis, group)
            if (summed := spans.get(key)) is None:
                spans[key] = dict(measures)
                continue
            for measure, value in measures.items():
                summed[measure] = summed.get(measure, 0) + value
    return [(*key, json.dumps(parts, ensure_ascii=False)) for key in sorted(spans)
            if (parts := split_all(spans[key]))]  # fmt: skip


def split_all(measures: dict[str, int]) -> dict[str, int]:
    """The measures that are not zero, each split as stored (see `split`)."""
    return {part: value for measure, whole in measures.items() if whole
            for part, value in split(measure, whole)}  # fmt: skip


def by_span(sums: dict[tuple[str, Slot], Counter[str]]) -> dict[Key, Counter[str]]:
    """Sums by slot, as stored: under its day, and added up under its month."""
    spans: dict[Key, Counter[str]] = defaultdict(Counter)
    for (jurisdiction, slot), measures in sums.items():
        for span, day in (("day", slot.day), ("month", slot.day.replace(day=1))):
            key = (jurisdiction, slot.report, span, slot.dimension, day.isoformat(), slot.basis,
                   slot.group)  # fmt: skip
            spans[key].update(measures)
    return {key: Counter({n: v for n, v in c.items() if v}) for key, c in spans.items() if any(c.values())}


def spans(period: Period) -> list[tuple[str, date, date]]:
    """The stored spans that make up `period`: its whole months, and the days at its edges."""
    first_month = period.start if period.start.day == 1 else month_after(period.start.year, period.start.month)
    end_month = period.end.replace(day=1)
    if first_month >= end_month:
        return [("day", period.start, period.end)]
    edges = [("day", period.start, first_month), ("day", end_month, period.end)]
    return [("month", first_month, end_month)] + [edge for edge in edges if edge[1] < edge[2]]


def key_of(record: Any) -> Key:
    return tuple(str(record[name]) for name in KEY)  # type: ignore[return-value]


def case_params(row: CaseCounts) -> dict[str, Any]:
    slots = [[*slot[:2], slot.day.isoformat(), *slot[3:], measures] for slot, measures in row.slots.items()]
    return {"id": str(row.id), "version": row.version, "jurisdiction": row.jurisdiction,
            "slots": json.dumps(slots, ensure_ascii=False)}  # fmt: skip


def case_counts_of(record: Any) -> CaseCounts:
    slots = {
        Slot(report, basis, date.fromisoformat(day), dimension, group): measures
        for report, basis, day, dimension, group, measures in json.loads(record["slots"])
    }
    return CaseCounts(UUID(str(record["id"])), record["version"], record["jurisdiction"], slots)

