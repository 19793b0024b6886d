"""The CalendarYear aggregate: one year of the national working calendar (工作日历), as the State
Council's notice on holidays (国务院办公厅关于…部分节假日安排的通知) sets it, entered and revised by
an admin.

A year is reference data kept like a case (a `Case` of kind "calendar", numbered RL-<year>, with
no jurisdiction: it is the same everywhere), so it is sealed, in the notification log and
replayable by the audit routes. Its id is derived from the year (`CalendarYear.id_of`), so there
is never a second record of a year. Its revision is its aggregate version: a deadline computed
with it records `label()` ("2027#1"), so the supervision list can tell when a year was revised
after a deadline was computed with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime
from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain.actor import Actor
from domain.bounds import FIRST_YEAR, LAST_YEAR, require_moment
from domain.case import Case, require_text
from domain.errors import InvalidValue

SATURDAY = 5


@dataclass(frozen=True)
class YearDays:
    """A year's official days off (节假日, on weekdays or not) and make-up workdays (调休上班, on
    weekends); every other weekday is a working day, every other weekend day is not."""

    year: int
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]

    @classmethod
    def of(cls, year: int, holidays: Iterable[date], workdays: Iterable[date]) -> YearDays:
        """The days checked: dates of that year, no day both off and on, a make-up workday on a
        weekend (a weekday is a working day already)."""
        if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidValue(f"a calendar year lies in {FIRST_YEAR} … {LAST_YEAR}, got {year!r}")
        off, on = _days(year, holidays, "holiday"), _days(year, workdays, "make-up workday")
        if both := sorted(set(off) & set(on)):
            raise InvalidValue(f"days both holiday and make-up workday: {_listed(both)}")
        if weekdays := [day for day in on if day.weekday() < SATURDAY]:
            raise InvalidValue(
                f"a make-up workday (调休上班) falls on a weekend; these are weekdays: {_listed(weekdays)}"
            )
        if not off:
            raise InvalidValue("a year's calendar names its holidays (at least 元旦)")
        return cls(year, off, on)

    def is_working_day(self, day: date) -> bool:
        """Whether `day` (of this year) is a working day."""
        if day in self._off:
            return False
        return day in self._on or day.weekday() < SATURDAY

    @cached_property
    def _off(self) -> frozenset[date]:  # looked up for every day a report reckons
        return frozenset(self.holidays)

    @cached_property
    def _on(self) -> frozenset[date]:
        return frozenset(self.workdays)


def _days(year: int, days: Iterable[date], what: str) -> tuple[date, ...]:
    found = list(days)
    for day in found:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InvalidValue(f"a {what} is a calendar date, got {day!r}")
        if day.year != year:
            raise InvalidValue(f"the {what} {day.isoformat()} lies outside {year}")
    if len(set(found)) != len(found):
        raise InvalidValue(f"a {what} is named twice")
    return tuple(sorted(found))


def _listed(days: Iterable[date]) -> str:
    return ", ".join(day.isoformat() for day in days)


class CalendarYear(Case):
    """One year of the working calendar. Create one with `CalendarYear.enter(...)`."""

    kind: ClassVar[str] = "calendar"
    NAMESPACE: ClassVar[UUID] = uuid5(NAMESPACE_URL, "yingshang:working-calendar")

    @staticmethod
    def id_of(year: int) -> UUID:
        """The one id a year's calendar can have."""
        return uuid5(CalendarYear.NAMESPACE, str(year))

    @classmethod
    def create_id(cls, year: int, **_: object) -> UUID:
        return cls.id_of(year)

    @event("Entered")
    def __init__(
        self,
        year: int,
        holidays: tuple[date, ...],
        workdays: tuple[date, ...],
        document: str,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        self.year = year
        self.case_number = f"RL-{year}"
        self.jurisdiction = None  # national: the same calendar everywhere
        self.holidays = tuple(holidays)
        self.workdays = tuple(workdays)
        self.document = document
        self.entered_by = actor
        self.entered_at = occurred_at
        self.revised_by: Actor | None = None
        self.revised_at: datetime | None = None
        self.reason: str | None = None  # of the last revision

    @classmethod
    def enter(
        cls, days: YearDays, document: str, actor: Actor, occurred_at: datetime
    ) -> CalendarYear:
        """Enter (录入) a year's holidays and make-up workdays, from `document` (the notice)."""
        for value, kind in [(days, YearDays), (actor, Actor)]:
            if not isinstance(value, kind):
                raise InvalidValue(f"expected a {kind.__name__}, got {value!r}")
        return cls(
            year=days.year,
            holidays=days.holidays,
            workdays=days.workdays,
            document=require_text(document, "document"),
            actor=actor,
            occurred_at=require_moment(occurred_at),
        )

    def revise(
        self, days: YearDays, document: str, reason: str, actor: Actor, occurred_at: datetime
    ) -> None:
        """Revise (修订) the year: the whole new set of days, the document, and why."""
        self.require_in_order(occurred_at)
        if not isinstance(days, YearDays):
            raise InvalidValue(f"expected a YearDays, got {days!r}")
        if days.year != self.year:
            raise InvalidValue(f"the calendar of {self.year} cannot take the days of {days.year}")
        if (days.holidays, days.workdays, document) == (self.holidays, self.workdays, self.document):
            raise InvalidValue("a revision changes the days or the document")
        self._revised(
            holidays=days.holidays,
            workdays=days.workdays,
            document=require_text(document, "document"),
            reason=require_text(reason, "reason"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("Revised")
    def _revised(  # noqa: PLR0913 - the revision's facts
        self,
        holidays: tuple[date, ...],
        workdays: tuple[date, ...],
        document: str,
        reason: str,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        self.holidays = tuple(holidays)
        self.workdays = tuple(workdays)
        self.document = document
        self.reason = reason
        self.revised_by = actor
        self.revised_at = occurred_at

    # --- queries -------------------------------------------------------------------------

    @property
    def days(self) -> YearDays:
        return YearDays(self.year, tuple(self.holidays), tuple(self.workdays))

    def label(self) -> str:
        """Which calendar a deadline was computed with: year and revision, e.g. "2027#2"."""
        return f"{self.year}#{self.version}"
