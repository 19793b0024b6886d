"""The working calendar: a year's days checked, read from TOML or CSV, entered by the CLI, seen by
another process over the same store without a restart, and deadlines counted over it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from application.errors import VersionConflict
from application.working_calendars import CalendarInForce, Revision
from domain.calendar_year import CalendarYear, YearDays
from domain.clock import CHINA_TZ
from domain.errors import InvalidValue
from domain.working_days import CalendarUnavailable, add_working_days, working_days_between
from infrastructure.calendar_files import read_year_file
from infrastructure.working_calendar import ChineseWorkingCalendar
from interface.cli import app
from tests.builders import Clock
from tests.conftest import open_services
from tests.test_cli import ENV
from tests.test_policy_claim_service import ADMIN

EXAMPLE_FILE = Path(__file__).parent.parent / "docs" / "calendar-2027.example.toml"
EXAMPLE = read_year_file(EXAMPLE_FILE, 2027).days
runner = CliRunner()


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ([date(2028, 1, 1)], [], "outside 2027"),
        ([date(2027, 1, 1)], [date(2027, 1, 1)], "both"),
        ([date(2027, 1, 1)], [date(2027, 1, 4)], "weekend"),
        ([date(2027, 1, 1), date(2027, 1, 1)], [], "twice"),
        ([], [], "names its holidays"),
        (["2027-01-01"], [], "calendar date"),
    ],
)
def test_a_year_is_refused_unless_its_days_make_sense(
    holidays: list, workdays: list, message: str
) -> None:
    with pytest.raises(InvalidValue, match=message):
        YearDays.of(2027, holidays, workdays)


def test_the_same_days_from_csv_as_from_toml(tmp_path: Path) -> None:
    lines = ["date,kind,name"] + [f"{d},放假,假日" for d in EXAMPLE.holidays]
    lines += [f"{d},workday," for d in EXAMPLE.workdays]
    path = tmp_path / "2027.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert read_year_file(path, 2027).days == EXAMPLE
    with pytest.raises(InvalidValue, match="not 2028"):
        read_year_file(EXAMPLE_FILE, 2028)


def test_a_revision_changes_something_and_keeps_its_year() -> None:
    at = datetime(2026, 12, 1, 9, tzinfo=CHINA_TZ)
    year = CalendarYear.enter(EXAMPLE, "通知", ADMIN.actor, at)
    assert (year.id, year.label()) == (CalendarYear.id_of(2027), "2027#1")
    with pytest.raises(InvalidValue, match="changes"):
        year.revise(EXAMPLE, "通知", "无变化", ADMIN.actor, at)
    with pytest.raises(InvalidValue, match="2028"):
        year.revise(YearDays.of(2028, [date(2028, 1, 1)], []), "通知", "错年", ADMIN.actor, at)
    year.revise(EXAMPLE, "更正后的通知", "文号更正", ADMIN.actor, at)
    assert (year.label(), year.reason) == ("2027#2", "文号更正")


def test_another_process_sees_an_entered_year_without_a_restart(
    database_url: str, clock: Clock
) -> None:
    clock.now = datetime(2026, 12, 28, 9, tzinfo=CHINA_TZ)
    one, other = open_services(database_url, clock), open_services(database_url, clock)
    try:
        with pytest.raises(CalendarUnavailable):
            other.calendars.context.in_force().is_working_day(date(2027, 1, 4))
        before_entry = datetime.now(UTC)  # as the store stamps what it records
        one.calendars.set(EXAMPLE, "通知", ADMIN)
        in_force = other.calendars.context.in_force()
        assert not in_force.is_working_day(date(2027, 1, 1)) and in_force.is_working_day(date(2027, 1, 31))
        assert in_force.label_of(date(2026, 12, 28), date(2027, 1, 5)) == "2026 2027#1"
        before = other.calendars.context.as_of(before_entry)
        with pytest.raises(CalendarUnavailable):
            before.is_working_day(date(2027, 1, 4))
        # a second entry of the year, made without seeing the first: one record, the other refused
        stale = CalendarYear.enter(EXAMPLE, "另一份", ADMIN.actor, clock.now)
        with pytest.raises(Exception):  # noqa: B017, PT011 - the store's own integrity error
            other.store.save(stale)
        assert other.calendars.set(EXAMPLE, "通知", ADMIN).version == 1
    finally:
        one.close()
        other.close()


def test_a_process_started_after_a_year_was_entered_reads_it_by_id_not_from_the_log(
    database_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.now = datetime(2026, 12, 28, 9, tzinfo=CHINA_TZ)
    one = open_services(database_url, clock)
    one.calendars.set(EXAMPLE, "通知", ADMIN)
    revised = YearDays.of(2027, [*EXAMPLE.holidays, date(2027, 12, 31)], EXAMPLE.workdays)
    one.calendars.set(revised, "更正", ADMIN, reason="补充")
    later = open_services(database_url, clock)
    try:
        scanned = []
        select = later.store.recorder.select_notifications
        monkeypatch.setattr(later.store.recorder, "select_notifications",
                            lambda *a, **k: scanned.append(k) or select(*a, **k))  # fmt: skip
        in_force = later.calendars.context.in_force()
        assert in_force.label_of(date(2027, 1, 1), date(2027, 1, 5)) == "2027#2"
        assert not in_force.is_working_day(date(2027, 12, 31))
        assert scanned == []  # the log is not read for calendars from its start
        first = later.calendars.context.as_of(datetime.now(UTC))
        assert first.entered[2027].label == "2027#2"
        assert [r.label for r in later.calendars.context.revisions[2027]] == ["2027#1", "2027#2"]
    finally:
        one.close()
        later.close()


def test_two_entries_of_one_year_leave_one_record(database_url: str, clock: Clock) -> None:
    services = open_services(database_url, clock)
    try:
        first = CalendarYear.enter(EXAMPLE, "通知", ADMIN.actor, clock.now)
        services.store.save(first)
        original = services.store.find

        def not_yet_seen(*args: object) -> None:  # the second admin read before the first saved
            return None

        services.store.find = not_yet_seen  # type: ignore[method-assign]
        with pytest.raises(VersionConflict):
            services.calendars.set(EXAMPLE, "另一份通知", ADMIN)
        services.store.find = original  # type: ignore[method-assign]
        assert services.calendars.year(2027, ADMIN).document == "通知"
    finally:
        services.close()


def test_the_cli_enters_revises_and_shows_a_year(database_url: str, tmp_path: Path) -> None:
    env = ENV | {"YINGSHANG_DATABASE_URL": database_url}
    entered = runner.invoke(
        app, ["calendar", "set", "2027", "--file", str(EXAMPLE_FILE), "--jurisdiction", "360121",
              "--actor", "sun.hao"], env=env,
    )  # fmt: skip
    assert entered.exit_code == 0, entered.output
    assert "2027#1" in entered.stdout
    revised_file = tmp_path / "2027.toml"
    revised_file.write_text(
        EXAMPLE_FILE.read_text(encoding="utf-8").replace("2027-06-09,", "2027-06-09, 2027-06-10,"),
        encoding="utf-8",
    )
    no_reason = runner.invoke(
        app, ["calendar", "set", "2027", "--file", str(revised_file), "--jurisdiction", "360121"], env=env
    )
    assert no_reason.exit_code == 1 and "reason" in no_reason.output
    revised = runner.invoke(
        app, ["calendar", "set", "2027", "--file", str(revised_file), "--jurisdiction", "360121",
              "--reason", "端午调整", "--actor", "sun.hao"], env=env,
    )  # fmt: skip
    assert revised.exit_code == 0 and "2027#2" in revised.stdout, revised.output
    shown = runner.invoke(app, ["calendar", "show", "2027"], env=env)
    assert shown.exit_code == 0 and "2027-06-10" in shown.stdout and "端午调整" in shown.stdout
    unknown = runner.invoke(app, ["calendar", "show", "2031"], env=env)
    assert unknown.exit_code == 1 and "not entered" in unknown.output


ENTERED = CalendarInForce(
    {2027: Revision(datetime(2026, 12, 1, tzinfo=CHINA_TZ), "2027#1", EXAMPLE)},
    ChineseWorkingCalendar(),
)


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 11, 30)),
    days=st.integers(min_value=1, max_value=20),
)
def test_a_deadline_over_an_entered_year_is_the_nth_working_day(start: date, days: int) -> None:
    due = add_working_days(ENTERED, start, days)
    assert ENTERED.is_working_day(due)
    assert working_days_between(ENTERED, start, due) == days
    assert due not in EXAMPLE.holidays
    label = ENTERED.label_of(start, due)
    assert label.split() == [str(y) if y != 2027 else "2027#1" for y in range(start.year, due.year + 1)]
