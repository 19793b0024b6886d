"""The ranges every date, time, version, cursor and count of the service lies in (取值范围).

A value outside them is refused where it enters (`InvalidValue`, 422 over HTTP), so no event the
store records carries one and no view or report has to guess what it means:

- a moment (an act's `occurred_at`, a query's `as_of`, `from`, `to`) and a day (a deadline, a
  planned date) lie in the years `FIRST_YEAR` to `LAST_YEAR`;
- an act lies on or after the service's earliest act date (`EARLIEST_ACT` unless configured)
  and not in the future;
- a date an act sets (a deadline, a due date, a planned date) lies on or after the act's own day
  and at most `DUE_YEARS` years after it;
- a time limit in working days (a policy's review or disbursement limit) is 1 to
  `MAX_WORKING_DAYS`;
- versions, log positions and cursors are whole numbers from 1 (0 for a position) up to
  `MAX_SERIAL`, the largest a signed 64-bit integer (PostgreSQL `bigint`) holds.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from domain.clock import CHINA_TZ, local_date, require_aware
from domain.errors import InvalidValue

FIRST_YEAR, LAST_YEAR = 1949, 2999  # the years any date or moment may name
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
# The first and (excluded) last moment: a moment written with a day of those years lies between
# them whatever its offset (UTC−14:00 … UTC+14:00), and stays in range converted to any zone.
FIRST_MOMENT = datetime.combine(FIRST_DAY, time(), timezone(timedelta(hours=14)))
END_OF_TIME = datetime.combine(LAST_DAY + timedelta(days=1), time(), timezone(timedelta(hours=-14)))
EARLIEST_ACT = date(2000, 1, 1)  # the default of the service's earliest act date
DUE_YEARS = 5  # a date an act sets lies at most this many years after the act's day
MAX_SERIAL = 2**63 - 1  # versions, positions, cursors (a signed 64-bit integer)
MAX_WORKING_DAYS = 365  # a time limit in working days (about a year and a half)


def require_moment(moment: datetime, what: str = "occurred_at") -> datetime:
    """Return `moment` if it carries a UTC offset and lies in the years `FIRST_YEAR` to
    `LAST_YEAR` (`FIRST_MOMENT` up to `END_OF_TIME`)."""
    require_aware(moment, what)
    if FIRST_YEAR < moment.year < LAST_YEAR:  # in range whatever its offset: no comparing
        return moment
    if not FIRST_MOMENT <= moment < END_OF_TIME:
        raise InvalidValue(
            f"{what} lies in the years {FIRST_YEAR} to {LAST_YEAR}, "
            f"got {moment.isoformat()}"
        )
    return moment


def require_act_time(moment: datetime, earliest: date = EARLIEST_ACT) -> datetime:
    """Return `moment` if an act can have happened then: with an offset, not before the day
    `earliest` begins in Beijing (nor before `FIRST_YEAR`)."""
    require_moment(moment)
    if moment < _start_of(earliest):
        raise InvalidValue(
            f"occurred_at {moment.isoformat()} lies before the earliest act date the service "
            f"records ({earliest.isoformat()})"
        )
    return moment


@lru_cache(maxsize=16)
def _start_of(day: date) -> datetime:
    """The moment `day` begins in Beijing."""
    return datetime.combine(day, time(), CHINA_TZ)


def require_day(day: date, what: str) -> date:
    """Return `day` if it is a calendar date (not a date-time) in `FIRST_YEAR` … `LAST_YEAR`."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise InvalidValue(f"{what} is a calendar date, got {day!r}")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidValue(f"{what} lies in the years {FIRST_YEAR} to {LAST_YEAR}, got {day}")
    return day


def latest_due(act_day: date) -> date:
    """The last day a date set on `act_day` may name: `DUE_YEARS` years later (28 February
    for a 29 February)."""
    year = act_day.year + DUE_YEARS
    try:
        return act_day.replace(year=year)
    except ValueError:  # 29 February, into a common year
        return date(year, 2, 28)


def require_due(
    due: date, occurred_at: datetime, what: str, set_on: str = "the day it is set"
) -> date:
    """Return `due` if it is a calendar date from the act's own day (Beijing) up to
    `DUE_YEARS` years after it."""
    require_day(due, what)
    act_day = local_date(require_moment(occurred_at))
    if due < act_day:
        raise InvalidValue(f"{what} {due} lies before {set_on}")
    if due > latest_due(act_day):
        raise InvalidValue(
            f"{what} {due} lies more than {DUE_YEARS} years after {set_on} "
            f"(the latest is {latest_due(act_day)})"
        )
    return due


def require_serial(value: int, what: str, least: int = 1) -> int:
    """Return `value` if it is a whole number (not a bool) from `least` to `MAX_SERIAL`."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValue(f"{what} is a whole number, got {value!r}")
    if not least <= value <= MAX_SERIAL:
        raise InvalidValue(f"{what} lies between {least} and {MAX_SERIAL}, got {value}")
    return value
