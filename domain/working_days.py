"""Working days (工作日): deadlines (限时办结) are counted in them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from domain.errors import DomainError, InvalidValue


class CalendarUnavailable(DomainError):
    """The working calendar does not know the holidays of a year it was asked about."""

    code = "calendar_unavailable"


class WorkingCalendar(Protocol):
    """Tells whether a day is a working day: not a weekend or holiday, or a make-up workday (调休)."""

    def is_working_day(self, day: date) -> bool:
        """Raises `CalendarUnavailable` for a year whose holidays it does not know."""


def add_working_days(calendar: WorkingCalendar, start: date, days: int) -> date:
    """The `days`-th working day after `start` (the start day itself is not counted)."""
    if days < 1:
        raise InvalidValue(f"a time limit is at least one working day, got {days}")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def working_days_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """How many working days lie after `start` up to and including `end` (0 if end ≤ start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def calendar_label(label: str | None) -> str | None:
    """`label` if it names the calendar a due date was reckoned with ("2027#2", "official"), or
    None for a date given explicitly."""
    if label is not None and (not isinstance(label, str) or not label.strip() or len(label) > 200):  # noqa: PLR2004
        raise InvalidValue(f"a calendar label is short text, got {label!r}")
    return label
