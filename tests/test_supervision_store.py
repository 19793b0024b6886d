"""The stored supervision list: a page read from the entries table, with the rules that compare
visits judged as it is asked for, gives exactly the list judged in memory from every case's row,
under any filter, any past moment and any page size; on both stores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.appeal_commands import Resolve, Supervise
from application.supervision_list import SupervisionQuery, supervision_list
from application.supervision_rules import RULES
from domain.appeal import Appeal, Category, Channel, HandlingLevel, Outcome, Urgency
from domain.case import Case
from domain.clock import CHINA_TZ
from domain.enterprise import Enterprise
from domain.errors import InvalidValue
from infrastructure.bootstrap import Services
from tests.builders import ACME, AUDITOR, COORDINATOR, HANDLER, NANCHANG_COUNTY, Clock
from tests.conftest import STORES, open_services, schema_of_its_own
from tests.legacy import legacy_assigned_appeal
from tests.test_report_properties import cases
from tests.test_supervision_list import assigned_appeal, at, unsatisfied

NOW = datetime(2030, 1, 1, 9, tzinfo=CHINA_TZ)  # after every case drawn
EN_US = "yingshang_test_en_us"  # a database of the test server that collates text as ICU's en-US


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mix=st.lists(cases(), min_size=1, max_size=8), data=st.data())
def test_every_page_of_the_stored_list_is_the_list_judged_in_memory(
    services: Services, mix: list[Case], data: st.DataObject
) -> None:
    services.supervision.clock = lambda: NOW
    services.store.save(*mix)  # the cases pile up from one example to the next
    services.supervision.updater.catch_up()
    rows = list(services.supervision.updater.view.all_rows().values())
    departments = sorted({d for row in rows for entry in row.entries for d in entry.departments})
    as_of = data.draw(st.none() | st.datetimes(datetime(2004, 1, 1), datetime(2029, 12, 31),
                                               timezones=st.just(CHINA_TZ)))  # fmt: skip
    criteria = {
        "rule": data.draw(st.none() | st.sampled_from(sorted(RULES))),
        "status": data.draw(st.none() | st.sampled_from(["open", "cleared"])),
        "kind": data.draw(st.none() | st.sampled_from(["appeal", "inspection", "mediation"])),
        "department": data.draw(st.none() | st.sampled_from(departments or ["scjgj"])),
        "since_from": data.draw(st.none() | st.just(datetime(2026, 1, 1, tzinfo=CHINA_TZ))),
        "since_before": data.draw(st.none() | st.just(datetime(2026, 7, 1, tzinfo=CHINA_TZ))),
    }
    query = SupervisionQuery(as_of or NOW, **criteria)
    expected = supervision_list(
        [row for row in rows if row.jurisdiction == "360121"], query, services.supervision.rules
    )
    limit, cursor, pages = data.draw(st.integers(1, 5)), None, []
    for _ in range(len(expected) + 1):
        page = services.supervision.entries(
            AUDITOR, None, as_of, limit=limit, cursor=cursor, **criteria
        )
        pages += page.entries
        if (cursor := page.next_cursor) is None:
            break
    assert pages == expected
    counted = services.supervision.counted(AUDITOR, None, as_of, **criteria).counts
    assert counted == Counter((entry.rule, entry.departments) for entry in expected)


@pytest.fixture(params=STORES)
def collated_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store: a SQLite file (text compared as bytes), or a schema of its own in a
    PostgreSQL database whose default collation is ICU's en-US, which sorts letters case by case
    ("sq-1" before "SQ-2"), not in code point order ("SQ-2" before "sq-1") as Python does."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'yingshang.db'}"
        return
    base = request.getfixturevalue("postgres")
    with psycopg.connect(base, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [EN_US]).fetchone():
            try:
                connection.execute(f"CREATE DATABASE {EN_US} TEMPLATE template0 "
                                   "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'")  # fmt: skip
            except psycopg.errors.DuplicateDatabase:
                pass  # another test process made it first
    yield from schema_of_its_own(f"{base.rsplit('/', 1)[0]}/{EN_US}")


def overdue_appeal(case_number: str, assigned: datetime) -> Appeal:
    """An appeal assigned at `assigned`, due a day later, never resolved."""
    appeal = Appeal.submit(
        case_number=case_number, jurisdiction=NANCHANG_COUNTY, enterprise=Enterprise(ACME, "acme"),
        channel=Channel.HOTLINE_12345, category=Category.FINANCING, urgency=Urgency.NORMAL,
        summary="逾期", actor=COORDINATOR.actor, occurred_at=assigned,
    )  # fmt: skip
    appeal.receive(COORDINATOR.actor, assigned)
    appeal.assign("scjgj", HandlingLevel.COUNTY, (assigned + timedelta(days=1)).date(),
                  COORDINATOR.actor, assigned)  # fmt: skip
    return appeal


def test_pages_follow_code_point_order_whatever_the_database_collates(
    collated_url: str, clock: Clock
) -> None:
    """Entries with the same start are ordered by case number as Python orders text, so a page
    read from the database and the entries judged in memory interleave without a gap: paging
    one by one lists every entry once."""
    services = open_services(collated_url, clock)
    try:
        numbers = ["sq-1", "SQ-2", "Sq-3", "sQ-4"]
        services.store.save(*(overdue_appeal(number, at(2)) for number in numbers))
        services.supervision.clock = lambda: NOW
        services.supervision.updater.catch_up()
        listed, cursor = [], None
        for _ in range(len(numbers) + 1):
            page = services.supervision.entries(AUDITOR, None, NOW, limit=1, cursor=cursor)
            listed += [entry.case_number for entry in page.entries]
            if (cursor := page.next_cursor) is None:
                break
        assert listed == sorted(numbers) == ["SQ-2", "Sq-3", "sQ-4", "sq-1"]
    finally:
        services.close()


def test_entries_alike_in_every_ordered_field_are_each_listed_once_across_pages(
    services: Services, clock: Clock
) -> None:
    """Two supervision orders issued in the same second give two entries with the same start,
    case number, rule and case: the second is no repeat of the first, and no page leaves it out."""
    appeal = unsatisfied(services, clock)
    clock.now = at(6)
    for reason in ("企业不满意", "再次督办"):
        services.appeals.execute(
            appeal.id, Supervise(reason=reason, deadline=date(2026, 3, 13)), COORDINATOR
        )
    whole = services.supervision.entries(AUDITOR, rule="supervision_order").entries
    assert [entry.reason for entry in whole] == ["企业不满意", "再次督办"]
    for limit in (1, 2):
        listed, cursor = [], None
        for _ in range(len(whole) + 1):
            page = services.supervision.entries(
                AUDITOR, rule="supervision_order", limit=limit, cursor=cursor
            )
            listed += page.entries
            if (cursor := page.next_cursor) is None:
                break
        assert listed == whole


def test_verify_names_an_entry_the_store_lost(services: Services) -> None:
    assigned_appeal(services, date(2026, 3, 10))
    services.supervision.clock = lambda: NOW
    updater = services.supervision.updater
    updater.catch_up()
    assert services.supervision.entries(AUDITOR).entries
    with updater.view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DELETE FROM {updater.view.entries_table}")
    assert any(line.startswith("entry ") for line in updater.differences())
    assert services.supervision.entries(AUDITOR).entries == []
    updater.rebuild()
    assert updater.differences() == [] and services.supervision.entries(AUDITOR).entries


def test_a_past_moment_sees_open_what_was_cleared_later(services: Services, clock: Clock) -> None:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(12, 15)
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="办结"), HANDLER)

    def listed(as_of: datetime | None, status: str) -> list[tuple[str, str]]:
        entries = services.supervision.entries(AUDITOR, as_of=as_of, status=status).entries
        return [(entry.rule, entry.status) for entry in entries]

    assert listed(at(11), "open") == [("appeal_overdue", "open")]
    assert listed(at(11), "cleared") == []
    assert listed(None, "open") == []
    assert listed(None, "cleared") == [("appeal_overdue", "cleared")]
    assert listed(at(10, 23), "open") == []  # not yet overdue


def test_a_store_made_before_the_entries_table_lists_its_entries_after_the_upgrade(
    database_url: str, clock: Clock
) -> None:
    services = open_services(database_url, clock)
    assigned_appeal(services, date(2026, 3, 10))
    services.supervision.updater.catch_up()
    view = services.supervision.updater.view
    with view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP TABLE {view.entries_table}")  # as a store made before it existed
    services.close()

    clock.now = at(12)
    upgraded = open_services(database_url, clock)
    assert upgraded.supervision.updater.view.position() == 0  # emptied, to be made again
    assert [e.rule for e in upgraded.supervision.entries(AUDITOR).entries] == ["appeal_overdue"]
    assert upgraded.supervision.updater.differences() == []
    upgraded.close()


def test_a_deadline_on_the_last_day_there_is_breaks_no_view(services: Services) -> None:
    """The commands once accepted any date as a deadline (they refuse one more than five years
    ahead now): the views keep a case recorded so, and the list and the ranking answer (the
    entry would fall due after the last moment there is)."""
    with pytest.raises(InvalidValue, match="more than 5 years"):
        assigned_appeal(services, date.max.replace(year=2999))
    legacy_assigned_appeal(services, date.max)
    for updater in services.views.values():
        updater.catch_up()
        assert updater.differences() == []
    assert services.supervision.entries(AUDITOR).entries == []
    ranking = services.reports.department_ranking(AUDITOR, "2026")
    assert [standing.department for standing in ranking.standings] == ["scjgj"]
