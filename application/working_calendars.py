"""The working calendar in force: the years an admin entered, else the official calendar
(chinese-calendar), else `CalendarUnavailable`.

`WorkingCalendars` keeps every entered year's revisions in memory, so a year entered by any
process is seen without a restart, and a day asked about costs no store read. It reads them first
by id, for each year a date can fall in (`years`: a few point reads, whatever the log's length),
then from the notification log after the position it had reached (only the calendars'
notifications):

- `in_force()` re-reads what was entered since (two small reads), and answers as the calendar
  stands now: what a command computing a deadline uses, recording `label_of(...)` on its event;
- `as_of(moment)` answers as the calendar stood at a moment (the revisions recorded by then):
  what the report view reckons a case's working days with, as of its latest event, so a rebuild
  from the log makes the same rows as the live view made.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventsourcing.utils import get_topic

from domain.calendar_year import CalendarYear, YearDays
from domain.working_days import CalendarUnavailable, WorkingCalendar, add_working_days

from application.case_store import CaseStore

TOPICS = [get_topic(CalendarYear.Entered), get_topic(CalendarYear.Revised)]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Revision:
    """One revision of an entered year, as recorded."""

    recorded_at: datetime
    label: str  # "2027#2"
    days: YearDays


@dataclass(frozen=True)
class CalendarInForce:
    """The calendar at one moment: the entered years' revisions then in force, over the
    official calendar."""

    entered: dict[int, Revision]
    official: WorkingCalendar

    def is_working_day(self, day: date) -> bool:
        revision = self.entered.get(day.year)
        if revision is None:
            return self.official.is_working_day(day)
        return revision.days.is_working_day(day)

    def label_of(self, start: date, end: date) -> str:
        """Which calendar the days from `start` to `end` were reckoned with, year by year: an
        entered year's revision ("2027#2"), or the year alone for the built-in calendar
        ("2026 2027#2")."""
        years = range(start.year, end.year + 1)
        return " ".join(self.entered[y].label if y in self.entered else str(y) for y in years)

    def changed_since(self, label: str) -> str | None:
        """How the calendar of the years `label` names changed since it was reckoned with (in
        Chinese, for the supervision list); None if it did not."""
        changes = []
        for part in label.split():
            year = part.partition("#")[0]
            if not year.isdigit():
                continue
            now = self.entered.get(int(year))
            if (now.label if now else part) != part:
                changes.append(f"{year} 年：{_named(part)} → {_named(now.label if now else year)}")
        return f"计算期限所用工作日历已变更（{'；'.join(changes)}）" if changes else None


def _named(label: str) -> str:
    year, _, revision = label.partition("#")
    return f"第 {revision} 版" if revision else "内置日历"


class WorkingCalendars:
    """Every entered year's revisions, kept current from the store's notification log."""

    def __init__(
        self,
        store: CaseStore,
        official: WorkingCalendar,
        official_years: tuple[int, ...] = (),
        years: range | None = None,
    ) -> None:
        self.store = store
        self.official = official
        self.official_years = official_years  # the years `official` knows
        # the years read by id at the first read (None: the whole log is read for calendars)
        self.years = years
        self.years_read = False
        self.revisions: dict[int, list[Revision]] = defaultdict(list)
        self.position = 0  # the log position read up to
        self.read_at: datetime | None = None  # when the log was last read (the store's clock)
        self.lock = threading.Lock()
        self._current: CalendarInForce | None = None

    def in_force(self) -> CalendarInForce:
        """The calendar as it stands now, with whatever any process entered."""
        with self.lock:
            self._read()
            if self._current is None:
                latest = {year: revs[-1] for year, revs in self.revisions.items()}
                self._current = CalendarInForce(latest, self.official)
            return self._current

    def as_of(self, moment: datetime) -> CalendarInForce:
        """The calendar as it stood at `moment`: the revisions recorded by then."""
        with self.lock:
            if self.read_at is None or moment >= self.read_at:
                self._read()
            entered = {}
            for year, revisions in self.revisions.items():
                found = bisect_right([r.recorded_at for r in revisions], moment)
                if found:
                    entered[year] = revisions[found - 1]
            return CalendarInForce(entered, self.official)

    def _read(self) -> None:
        """Read the calendars' notifications recorded since the last read."""
        read_at = self._now()
        head = self.store.recorder.max_notification_id() or 0
        if self.years is not None and not self.years_read:
            for year in self.years:  # each year's events, by its id: what was entered up to now
                for event in self.store.events.get(CalendarYear.id_of(year)):
                    self._add(event)
            self.years_read, self.position = True, head
        if head > self.position:
            found = self.store.recorder.select_notifications(
                start=self.position + 1, limit=head - self.position, stop=head, topics=TOPICS
            )
            for notification in found:
                self._add(self.store.mapper.to_domain_event(notification))
            self.position = head
        self.read_at = read_at

    def _add(self, event: Any) -> None:
        calendar = self.store.repository.get(event.originator_id, version=event.originator_version)
        revisions = self.revisions[calendar.year]
        if any(revision.label == calendar.label() for revision in revisions):
            return  # read by id, then met again in the log
        revisions.append(Revision(event.timestamp, calendar.label(), calendar.days))
        self._current = None

    @staticmethod
    def _now() -> datetime:
        """Now, as the library stamps events (so `as_of` compares like with like)."""
        return CalendarYear.Event.create_timestamp()  # type: ignore[attr-defined]


@contextmanager
def given_instead(field_name: str) -> Iterator[None]:
    """A year the calendar lacks, met in the block, is refused naming `field_name`: the field of
    the command that gives the date explicitly instead."""
    try:
        yield
    except CalendarUnavailable as unavailable:
        raise CalendarUnavailable(f"{unavailable}; or give `{field_name}` (a date) explicitly") from None


def reckon(calendars: WorkingCalendars, start: date, days: int, given_as: str) -> tuple[date, str]:
    """The `days`-th working day after `start` by the calendar in force, and the label of the
    calendar it was reckoned with (see `given_instead` for `given_as`)."""
    calendar = calendars.in_force()
    with given_instead(given_as):
        due = add_working_days(calendar, start, days)
    return due, calendar.label_of(start, due)
