"""A year of the working calendar read from a small file an admin keeps: TOML or CSV.

TOML (see docs/calendar-2027.example.toml), dates bare or quoted:

```toml
year = 2027
document = "国务院办公厅关于2027年部分节假日安排的通知"
holidays = [2027-01-01, 2027-02-06]
workdays = [2027-02-14]
```

The override file's form (`[2027]` tables of `holidays` and `workdays`) is read too. CSV: one
day a line, `date,kind[,name]`, kind `holiday` / `放假` or `workday` / `上班`, a header line allowed.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from domain.calendar_year import YearDays
from domain.errors import InvalidValue

HOLIDAY = frozenset({"holiday", "放假", "休"})
WORKDAY = frozenset({"workday", "上班", "班"})


@dataclass(frozen=True)
class YearFile:
    """What a file says of a year: its days, and the document if it names one."""

    days: YearDays
    document: str | None


def read_year_file(path: Path, year: int) -> YearFile:
    """The days of `year` in the TOML or CSV file at `path` (by its suffix)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return _from_csv(text, year)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidValue(f"{path.name} is not TOML: {error}") from None
    return _from_toml(data, year)


def _from_toml(data: dict[str, Any], year: int) -> YearFile:
    table = data.get(str(year), data)  # the override file's `[2027]`, or the year file itself
    named = table.get("year", year)
    if named != year:
        raise InvalidValue(f"the file is the calendar of {named!r}, not {year}")
    days = YearDays.of(
        year, _dates(table.get("holidays", []), "holidays"), _dates(table.get("workdays", []), "workdays")
    )
    document = table.get("document", data.get("document"))
    return YearFile(days, str(document) if document is not None else None)


def _dates(values: Any, what: str) -> list[date]:
    if not isinstance(values, list):
        raise InvalidValue(f"`{what}` is a list of dates")
    return [_date(value, what) for value in values]


def _date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidValue(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None


def _from_csv(text: str, year: int) -> YearFile:
    holidays: list[date] = []
    workdays: list[date] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not row[0].strip() or row[0].strip().lower() == "date":
            continue
        kind = row[1].strip().lower() if len(row) > 1 else ""
        day = _date(row[0], f"line {number}")
        if kind in HOLIDAY:
            holidays.append(day)
        elif kind in WORKDAY:
            workdays.append(day)
        else:
            raise InvalidValue(f"line {number}: the kind is holiday (放假) or workday (上班), got {kind!r}")
    return YearFile(YearDays.of(year, holidays, workdays), None)
