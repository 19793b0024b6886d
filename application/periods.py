"""Reporting periods: a year (2026), a half-year (2026-H1), a quarter (2026-Q1), a month
(2026-03), or any range of days (2026-01-01~2026-08-31, both days included)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from domain.bounds import FIRST_YEAR, LAST_YEAR  # the years a period may name
from domain.errors import InvalidValue

FORMS = "YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-MM-DD~YYYY-MM-DD"


@dataclass(frozen=True)
class Period:
    """The days from `start` up to, not including, `end`, named as asked (`label`)."""

    label: str
    start: date
    end: date

    @classmethod
    def parse(cls, label: str) -> Period:
        """A period in one of the `FORMS`; anything else is an `InvalidValue`."""
        start, months = named(label) or (None, 0)
        if start is not None:
            return cls(label, start, month_after(start.year, start.month + months - 1))
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})~(\d{4}-\d{2}-\d{2})", label):
            return cls.between(day_of(match[1]), day_of(match[2]))
        raise InvalidValue(f"a period is {FORMS}, got {label!r}")

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        """The days from `first` to `last`, both included."""
        for day in (first, last):
            require_year(day.year)
        if last < first:
            raise InvalidValue(f"a period's last day {last} lies before its first day {first}")
        return cls(f"{first.isoformat()}~{last.isoformat()}", first, last + timedelta(days=1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def named(label: str) -> tuple[date, int] | None:
    """The first day and length in months of a named year, half-year, quarter or month."""
    forms = ((r"(\d{4})", 12, 0), (r"(\d{4})-H([12])", 6, 2), (r"(\d{4})-Q([1-4])", 3, 4),
             (r"(\d{4})-(\d{2})", 1, 12))  # fmt: skip
    for pattern, months, parts in forms:
        if match := re.fullmatch(pattern, label):
            year = require_year(int(match[1]))
            part = int(match[2]) if parts else 1
            if not 1 <= part <= max(parts, 1):
                raise InvalidValue(f"a period is {FORMS}, got {label!r}")
            return date(year, (part - 1) * months + 1, 1), months
    return None


def require_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValue(f"a period lies in the years {FIRST_YEAR} to {LAST_YEAR}, got {year}")
    return year


def day_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"{text!r} is not a calendar day (YYYY-MM-DD)") from None


def month_after(year: int, month: int) -> date:
    """The first day of the month after `month`."""
    return date(year + month // 12, month % 12 + 1, 1)
