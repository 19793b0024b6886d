"""The built-in working calendar of mainland China: chinese-calendar, plus an override file.

Years an admin enters over HTTP or the CLI (`application.working_calendars`) take precedence;
this calendar answers for the others.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import chinese_calendar

from domain.working_days import CalendarUnavailable


@functools.cache
def official_workday(day: date) -> bool | None:
    """chinese-calendar's word on a day, None for a year it does not know. Kept once asked: it
    scans its tables on every call, and reports ask about the same few hundred days again and
    again."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


OFFICIAL_YEARS = frozenset(day.year for day in chinese_calendar.holidays)


def unknown_year(year: int) -> str:
    return (
        f"工作日历没有 {year} 年的节假日安排 (the working calendar has no holidays for {year}); "
        f"an admin may enter the year (PUT /api/v1/calendars/{year}, "
        f"or `yingshang calendar set {year}`)"
    )


@dataclass(frozen=True)
class ChineseWorkingCalendar:
    """Weekends and official holidays are off, make-up workdays (调休) are on.

    `holidays` and `workdays` override chinese-calendar; for a year listed in `covered_years`
    the overrides are the whole truth, so a year chinese-calendar does not know yet can be given
    in full. A year known to neither raises, rather than guessing a deadline.
    """

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    covered_years: frozenset[int] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        if day.year in self.covered_years:
            return day.weekday() < 5
        official = official_workday(day)
        if official is None:
            raise CalendarUnavailable(unknown_year(day.year))
        return official

    def years(self) -> tuple[int, ...]:
        """The years this calendar knows: chinese-calendar's and the override file's."""
        return tuple(sorted(OFFICIAL_YEARS | self.covered_years))

    @classmethod
    def from_file(cls, path: Path | None) -> ChineseWorkingCalendar:
        """Read overrides: one table per year with `holidays` and `workdays` lists of dates.

        ```toml
        [2027]
        holidays = [2027-01-01, 2027-02-06]
        workdays = [2027-02-14]
        ```
        """
        if path is None:
            return cls()
        years = tomllib.loads(path.read_text(encoding="utf-8"))
        return cls(
            holidays=frozenset(d for year in years.values() for d in year.get("holidays", [])),
            workdays=frozenset(d for year in years.values() for d in year.get("workdays", [])),
            covered_years=frozenset(int(year) for year in years),
        )
