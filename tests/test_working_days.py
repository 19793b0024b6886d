"""Deadlines in working days over the official calendar, its make-up workdays and overrides."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.appeal import Category, Urgency
from domain.errors import InvalidValue
from domain.working_days import CalendarUnavailable, add_working_days, working_days_between
from infrastructure.deadline_rules import load_deadline_rules
from infrastructure.working_calendar import ChineseWorkingCalendar

CALENDAR = ChineseWorkingCalendar()


def test_a_deadline_across_the_spring_festival_lands_on_the_make_up_saturday() -> None:
    # 2026: Friday 13 Feb is the last working day; 14 Feb (Sat) is a make-up workday, 15–23 Feb
    # are off, and 28 Feb (Sat) is a make-up workday.
    assert add_working_days(CALENDAR, date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(CALENDAR, date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert add_working_days(CALENDAR, date(2026, 2, 13), 6) == date(2026, 2, 28)
    assert add_working_days(CALENDAR, date(2026, 2, 13), 7) == date(2026, 3, 2)


def test_national_day_week_is_not_counted_and_its_make_up_saturday_is() -> None:
    # 2026: 1–7 October off, 10 October (Sat) a make-up workday.
    assert working_days_between(CALENDAR, date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert add_working_days(CALENDAR, date(2026, 9, 30), 1) == date(2026, 10, 8)


def test_a_year_the_calendar_lacks_is_refused_rather_than_guessed() -> None:
    with pytest.raises(CalendarUnavailable, match="2099"):
        add_working_days(CALENDAR, date(2099, 1, 5), 3)


def test_the_override_file_supplies_a_year_in_full(tmp_path: Path) -> None:
    overrides = tmp_path / "calendar.toml"
    overrides.write_text(
        "[2099]\nholidays = [2099-01-01, 2099-01-02]\nworkdays = [2099-01-03]\n", encoding="utf-8"
    )
    calendar = ChineseWorkingCalendar.from_file(overrides)
    # Wed 31 Dec 2098 is unknown to chinese-calendar, but 1 Jan 2099 onwards is overridden.
    assert add_working_days(calendar, date(2098, 12, 31), 1) == date(2099, 1, 3)  # make-up Sat
    assert add_working_days(calendar, date(2098, 12, 31), 2) == date(2099, 1, 5)


def test_the_bundled_rules_give_time_limits_by_category_and_urgency() -> None:
    rules = load_deadline_rules()
    assert rules.working_days(Category.APPROVAL_SERVICES, Urgency.NORMAL) == 5
    assert rules.working_days(Category.FINANCING, Urgency.NORMAL) == 10  # the default
    assert rules.working_days(Category.APPROVAL_SERVICES, Urgency.CRITICAL) == 2
    deadline = rules.deadline(CALENDAR, Category.APPROVAL_SERVICES, Urgency.NORMAL, date(2026, 2, 13))
    assert deadline == date(2026, 2, 27)


def test_rules_are_read_from_the_configured_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[default]\nnormal = 20\nurgent = 8\ncritical = 3\n", encoding="utf-8")
    rules = load_deadline_rules(path)
    assert rules.working_days(Category.APPROVAL_SERVICES, Urgency.NORMAL) == 20


def test_rules_without_a_default_for_every_urgency_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[default]\nnormal = 20\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match="urgent"):
        load_deadline_rules(path)
