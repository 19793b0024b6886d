"""Reporting periods: a year (2026), a quarter (2026-Q1) or a month (2026-03)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidValue


@dataclass(frozen=True)
class Period:
    """The days from `start` up to, not including, `end`, named as asked (`label`)."""

    label: str
    start: date
    end: date

    @classmethod
    def parse(cls, label: str) -> Period:
        """`YYYY`, `YYYY-Qn` or `YYYY-MM`."""
        if match := re.fullmatch(r"(\d{4})", label):
            year = int(match[1])
            return cls(label, date(year, 1, 1), date(year + 1, 1, 1))
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", label):
            year, quarter = int(match[1]), int(match[2])
            return cls(label, date(year, 3 * quarter - 2, 1), month_after(year, 3 * quarter))
        if (match := re.fullmatch(r"(\d{4})-(\d{2})", label)) and 1 <= int(match[2]) <= 12:
            year, month = int(match[1]), int(match[2])
            return cls(label, date(year, month, 1), month_after(year, month))
        raise InvalidValue(f"a period is YYYY, YYYY-Qn or YYYY-MM, got {label!r}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def month_after(year: int, month: int) -> date:
    """The first day of the month after `month`."""
    return date(year + month // 12, month % 12 + 1, 1)
