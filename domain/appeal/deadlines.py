"""Time limits (限时办结) for appeals by category and urgency: configuration, not code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from domain.appeal.vocabulary import Category, Urgency
from domain.errors import InvalidValue
from domain.working_days import WorkingCalendar, add_working_days


@dataclass(frozen=True)
class DeadlineRules:
    """Working days allowed per (category, urgency), with a per-urgency default.

    `by_category` maps a category to its own urgency table; categories without one use `default`.
    """

    default: Mapping[Urgency, int]
    by_category: Mapping[Category, Mapping[Urgency, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [u.value for u in Urgency if u not in self.default]
        if missing:
            raise InvalidValue(f"deadline rules need a default for every urgency; missing {missing}")
        tables = [self.default, *self.by_category.values()]
        if any(days < 1 for table in tables for days in table.values()):
            raise InvalidValue("every time limit in the deadline rules is at least one working day")

    def working_days(self, category: Category, urgency: Urgency) -> int:
        """The time limit, in working days, for an appeal of this category and urgency."""
        table = self.by_category.get(category, {})
        return table.get(urgency, self.default[urgency])

    def deadline(
        self, calendar: WorkingCalendar, category: Category, urgency: Urgency, start: date
    ) -> date:
        """The deadline of an appeal of this category and urgency assigned on `start`."""
        return add_working_days(calendar, start, self.working_days(category, urgency))
