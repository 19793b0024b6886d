"""Time in the offices' zone (Asia/Shanghai)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.errors import InvalidValue

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def require_aware(moment: datetime, what: str = "occurred_at") -> datetime:
    """Return `moment` if it carries a UTC offset; naive times are ambiguous and refused."""
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise InvalidValue(f"{what} must be a date-time with a UTC offset, got {moment!r}")
    return moment


def local_date(moment: datetime) -> date:
    """The calendar date of `moment` in Asia/Shanghai."""
    return require_aware(moment).astimezone(CHINA_TZ).date()
