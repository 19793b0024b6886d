"""What each case adds to the reports, counted once when its events are applied, so that a
report sums counts instead of recounting every case.

A case adds *measures* (whole numbers: cases, findings, days, amounts in fen) to *slots*: a
report, the basis that places the measures in time (the detail naming a day, e.g. `received_on`),
that day, and a group (the total, or one value of a dimension such as the department). A
report over any period is the sum of the slots whose day lies in it; the store keeps those sums
per day and per month (`ReportCounts`), and a report reads them, never the cases.

Every ratio is counted under each of its bases, so an office may change the basis it reports
by without recounting; its numerator and denominator share the slot, so the numerator of any
period counts only cases its denominator counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from domain.working_days import CalendarUnavailable, WorkingCalendar, working_days_between

from application.case_index import CaseRow
from application.periods import Period
from application.ratio_definitions import of_report
from application.ratios import RatioDefinition, Sums, ratio_key
from application.views import RowMaker, View

TOTAL = ("", "total")  # the slot of every case: dimension "" and group "total"

Measures = dict[str, int]  # by measure name
Placed = dict[str, Measures]  # by basis (a day detail of the case row)


class Slot(NamedTuple):
    """Where a case's measures are summed: a report's group on a day, by one basis."""

    report: str
    basis: str
    day: date
    dimension: str
    group: str


@dataclass(frozen=True)
class Counting:
    """How one report counts the cases of one kind: the groups a case belongs to, beyond the
    total, and what it adds, by basis, besides its ratios."""

    report: str
    kind: str
    groups: Callable[[CaseRow], Iterable[tuple[str, str]]]
    placed: Callable[[CaseRow, WorkingCalendar], Placed]


@dataclass(frozen=True)
class CaseCounts:
    """What one case, at one version, adds to the reports: measures by slot."""

    id: UUID
    version: int
    jurisdiction: str
    slots: dict[Slot, Measures] = field(default_factory=dict)


class ReportCounts(View[CaseCounts], Protocol):
    """Storage of what the cases add, summed by jurisdiction, day and month; one per database."""

    def sums(
        self, report: str, jurisdiction: str, period: Period, dimensions: Sequence[str]
    ) -> dict[tuple[str, str], Sums]:
        """The measures of the `report`'s groups in the `dimensions` over the period, by
        (dimension, group) and basis."""

    def check(self, rows: Iterable[CaseCounts]) -> list[str]:
        """How the stored sums differ from what `rows` add up to (empty when they agree)."""


def in_fen(amount: Decimal) -> int:
    """An amount in yuan as a whole number of fen."""
    return int(amount * 100)


def working_days(calendar: WorkingCalendar, start: date, end: date, prefix: str) -> Measures:
    """A duration in working days, for a mean: its `days` and `timed` 1, or `unknown` 1 where
    the calendar lacks a year of the span; each measure named after `prefix`."""
    try:
        days = working_days_between(calendar, start, end)
    except CalendarUnavailable:
        return {f"{prefix}unknown": 1}
    return {f"{prefix}days": days, f"{prefix}timed": 1}


def ratio_measures(definitions: Sequence[RatioDefinition], row: CaseRow) -> Placed:
    """The numerator and denominator a case adds to each ratio under each of its bases."""
    placed: Placed = defaultdict(dict)
    for definition in definitions:
        below = definition.denominator(row)
        if not below:
            continue
        above = definition.numerator(row)
        if definition.unit == "yuan":
            below, above = in_fen(Decimal(below)), in_fen(Decimal(above))
        for basis in definition.bases:
            if basis.day(row) is not None:
                key = ratio_key(definition.name, basis.name)
                placed[basis.detail] |= {f"{key}/d": int(below), f"{key}/n": int(above)}
    return placed


def slots_of(counting: Counting, row: CaseRow, calendar: WorkingCalendar) -> dict[Slot, Measures]:
    """What `row` adds under `counting`: its measures by basis, in the total and its groups."""
    placed: Placed = defaultdict(dict, counting.placed(row, calendar))
    for detail, measures in ratio_measures(of_report(counting.report), row).items():
        placed[detail] |= measures
    groups = [TOTAL, *counting.groups(row)]
    slots: dict[Slot, Measures] = {}
    for detail, measures in placed.items():
        kept = {name: value for name, value in measures.items() if value}
        day = row.details.get(detail)
        if not kept or not day:
            continue
        for dimension, group in groups:
            slots[Slot(counting.report, detail, date.fromisoformat(day), dimension, group)] = kept
    return slots


def case_counts(
    countings: Sequence[Counting],
    calendar_at: Callable[[datetime], WorkingCalendar],
    row_of: Mapping[type, RowMaker],
) -> dict[type, RowMaker]:
    """Row makers of `CaseCounts`, for the aggregates `row_of` makes case rows of; working
    days are reckoned by the calendar as it stood when the case's latest event was recorded
    (`calendar_at`), so a rebuild makes the rows the live view made."""

    def maker(make_row: RowMaker) -> RowMaker:
        def make(events: Sequence[Any], case: Any) -> CaseCounts:
            row: CaseRow = make_row(events, case)
            calendar = calendar_at(events[-1].timestamp)
            slots: dict[Slot, Measures] = {}
            for counting in countings:
                if counting.kind == row.kind:
                    slots |= slots_of(counting, row, calendar)
            return CaseCounts(row.id, row.version, row.jurisdiction, slots)

        return make

    return {cls: maker(make_row) for cls, make_row in row_of.items()}


def add_up(counts: Iterable[CaseCounts]) -> dict[tuple[str, Slot], Counter[str]]:
    """The sums of the cases' measures, by jurisdiction and slot."""
    sums: dict[tuple[str, Slot], Counter[str]] = defaultdict(Counter)
    for case in counts:
        for slot, measures in case.slots.items():
            sums[(case.jurisdiction, slot)].update(measures)
    return dict(sums)


def sums_over(
    counts: Iterable[CaseCounts], report: str, period: Period, dimensions: Sequence[str]
) -> dict[tuple[str, str], Sums]:
    """`ReportCounts.sums` computed from the cases' counts themselves (any jurisdiction)."""
    sums: dict[tuple[str, str], Sums] = defaultdict(lambda: defaultdict(Counter))
    for case in counts:
        for slot, measures in case.slots.items():
            if slot.report == report and slot.dimension in dimensions and slot.day in period:
                sums[(slot.dimension, slot.group)][slot.basis].update(measures)
    return dict(sums)


def sums_of_rows(
    counting: Counting,
    rows: Iterable[CaseRow],
    calendar: WorkingCalendar,
    period: Period,
    dimension: str | None,
) -> dict[tuple[str, str], Sums]:
    """What `ReportCounts.sums` answers, counted from the case rows themselves."""
    counts = (
        CaseCounts(row.id, row.version, row.jurisdiction, slots_of(counting, row, calendar))
        for row in rows
        if row.kind == counting.kind
    )
    return sums_over(counts, counting.report, period, dimensions(dimension))


def dimensions(dimension: str | None) -> tuple[str, ...]:
    """The dimensions a report reads: the total's, and the one it groups by."""
    return (TOTAL[0],) if dimension is None else (TOTAL[0], dimension)
