"""The supervision list's entries counted by day: a window's whole days and its edges cover each
moment of it exactly once, and counting the stored entries from the day counts gives exactly what
counting them one by one gives, for any history, window and moment, on both stores.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.supervision_days import split_by_days, start_of
from application.supervision_list import SupervisionQuery
from application.supervision_rules import RULES
from domain.clock import CHINA_TZ, local_date
from domain.errors import InvalidTransition
from infrastructure.bootstrap import Services
from tests.builders import Clock
from tests.conftest import open_services
from tests.lifecycle import walks
from tests.test_report_properties import OTHER_KINDS, PATHS
from tests.test_supervision_list import assigned_appeal, at
from tests.test_supervision_properties import KINDS, stepped

T = datetime(2026, 3, 2, 9, tzinfo=CHINA_TZ)


def moments(days: int = 200) -> st.SearchStrategy[datetime]:
    """Moments within `days` of `T`, at any microsecond, in Beijing time or in UTC."""
    return st.builds(
        lambda offset, zone: (T + timedelta(microseconds=offset)).astimezone(zone),
        st.integers(-days * 86_400_000_000, days * 86_400_000_000),
        st.sampled_from([CHINA_TZ, UTC]),
    )


def near(sinces: list[datetime]) -> st.SearchStrategy[datetime]:
    """Moments at, just before or just after the `since` of an entry, or any moment."""
    offsets = st.sampled_from([timedelta(microseconds=n) for n in (-1, 0, 1)] + [timedelta(hours=n) for n in (-5, 5)])
    if not sinces:
        return moments()
    return moments() | st.builds(lambda since, offset: since + offset, st.sampled_from(sinces), offsets)


def windows(sinces: list[datetime] | None = None) -> st.SearchStrategy[SupervisionQuery]:
    """Windows of time around `T`, their bounds and moment often near the `sinces`."""
    midnights = st.integers(-200, 200).map(lambda n: start_of(T.date() + timedelta(days=n)))
    bound = st.none() | near(sinces or []) | midnights
    return st.builds(SupervisionQuery, near(sinces or []), since_from=bound, since_before=bound)


def in_window(moment: datetime, query: SupervisionQuery) -> bool:
    return (
        moment <= query.as_of
        and (query.since_from is None or moment >= query.since_from)
        and (query.since_before is None or moment < query.since_before)
    )


@settings(max_examples=300, deadline=None)
@given(query=windows(), moment=moments())
def test_whole_days_and_edges_hold_each_moment_of_the_window_once(
    query: SupervisionQuery, moment: datetime
) -> None:
    split = split_by_days(query)
    if split is None:
        return
    whole = (split.first is None or local_date(moment) >= split.first) and local_date(moment) < split.end
    edges = sum(in_window(moment, edge) for edge in split.edges)
    assert whole + edges == in_window(moment, query)
    assert not whole or in_window(moment, query)


def test_a_past_month_is_whole_days_and_today_an_edge() -> None:
    month = SupervisionQuery(
        start_of(date(2026, 4, 1)), since_from=start_of(date(2026, 3, 1)), since_before=start_of(date(2026, 4, 1))
    )
    split = split_by_days(month)
    assert split is not None and (split.first, split.end) == (date(2026, 3, 1), date(2026, 4, 1))
    now = SupervisionQuery(datetime(2026, 3, 20, 15, tzinfo=CHINA_TZ), since_from=month.since_from,
                           since_before=month.since_before)  # fmt: skip
    split = split_by_days(now)
    assert split is not None and (split.first, split.end) == (date(2026, 3, 1), date(2026, 3, 20))
    assert [edge.since_from for edge in split.edges] == [start_of(date(2026, 3, 20))]


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, datetime, list[tuple[str, int]], int]]:
    """Cases as kind, opening, walk of steps and where the walk is cut in two."""
    found = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(OTHER_KINDS))
        walk = draw(walks(KINDS[kind][1], PATHS[kind]))
        opened = T + timedelta(days=draw(st.integers(-120, 120)), minutes=draw(st.integers(0, 1440)))
        found.append((kind, opened, walk, draw(st.integers(0, len(walk)))))
    return found


def save_in_two_parts(
    services: Services, history: list[tuple[str, datetime, list[tuple[str, int]], int]]
) -> set[UUID]:
    """Each case saved and caught up after the first part of its walk, then after the rest, so
    the view replaces entries it kept; their ids."""
    cases = [(kind, stepped(kind, walk[:cut], opened), walk[cut:], opened + timedelta(
        minutes=sum(minutes for _, minutes in walk[:cut]))) for kind, opened, walk, cut in history]  # fmt: skip
    services.store.save(*(case for _, case, _, _ in cases))
    services.supervision.updater.catch_up()
    for kind, case, rest, moment in cases:
        for name, minutes in rest:
            moment += timedelta(minutes=minutes)
            try:
                KINDS[kind][1][name](case, moment)
            except InvalidTransition:
                pass
    services.store.save(*(case for _, case, _, _ in cases))
    services.supervision.updater.catch_up()
    return {case.id for _, case, _, _ in cases}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=histories(), data=st.data())
def test_counting_by_days_gives_the_entries_counted_one_by_one(
    services: Services, history: list[tuple[str, datetime, list[tuple[str, int]], int]], data: st.DataObject
) -> None:
    ids = save_in_two_parts(services, history)  # the cases pile up from one example to the next
    view = services.supervision.updater.view
    assert services.supervision.updater.differences() == []
    entries = [entry for row in view.all_rows().values() if row.id in ids for entry in row.entries]
    departments = sorted({department for entry in entries for department in entry.departments})
    sinces = sorted(entry.since for entry in entries if entry.since.year < 9999)
    for _ in range(5):
        query = data.draw(windows(sinces))
        query = SupervisionQuery(
            query.as_of, since_from=query.since_from, since_before=query.since_before,
            rule=data.draw(st.none() | st.sampled_from(sorted(RULES))),
            kind=data.draw(st.none() | st.sampled_from(OTHER_KINDS)),
            department=data.draw(st.none() | st.sampled_from(departments or ["scjgj"])),
        )  # fmt: skip
        one_by_one = Counter((e.rule, e.departments) for e in view.entries("360121", query, None, None))
        assert view.counts("360121", query) == one_by_one


def test_verify_names_a_day_count_the_store_lost(services: Services) -> None:
    assigned_appeal(services, date(2026, 3, 10))
    services.supervision.clock = lambda: at(20)
    updater = services.supervision.updater
    updater.catch_up()
    with updater.view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DELETE FROM {updater.view.days_table}")
    assert any(line.startswith("entries of ") for line in updater.differences())
    updater.rebuild()
    assert updater.differences() == []


def test_a_store_made_before_the_day_counts_counts_its_entries_after_the_upgrade(
    database_url: str, clock: Clock
) -> None:
    services = open_services(database_url, clock)
    assigned_appeal(services, date(2026, 3, 10))
    services.supervision.updater.catch_up()
    view = services.supervision.updater.view
    with view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP TABLE {view.days_table}")  # as a store made before it existed
    services.close()

    clock.now = at(20)
    upgraded = open_services(database_url, clock)
    assert upgraded.supervision.updater.view.position() == 0  # emptied, to be made again
    since = SupervisionQuery(at(20), since_from=start_of(date(2026, 3, 1)))
    upgraded.supervision.updater.catch_up()
    assert sum(upgraded.supervision.updater.view.counts("360121", since).values()) == 1
    assert upgraded.supervision.updater.differences() == []
    upgraded.close()


def test_the_days_and_the_edges_are_counted_in_one_snapshot_of_the_view(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view update committed between reading the whole days and reading the edges does not
    show in the edges: the counts are of one moment (on PostgreSQL, READ COMMITTED would give
    each statement its own)."""
    assigned_appeal(services, date(2026, 3, 9))  # overdue from 2026-03-10 00:00, today's edge
    services.supervision.clock = lambda: at(10, 15)
    updater = services.supervision.updater
    updater.catch_up()
    view = updater.view
    query = SupervisionQuery(at(10, 15), since_from=start_of(date(2026, 3, 1)))
    whole_days = view._whole_days

    def meanwhile(*args: object) -> Counter[tuple[str, tuple[str, ...]]]:
        counted = whole_days(*args)
        with view.datastore.transaction(commit=True) as cursor:  # another writer commits
            cursor.execute(f"DELETE FROM {view.entries_table}")
        return counted

    monkeypatch.setattr(view, "_whole_days", meanwhile)
    assert view.counts("360121", query) == Counter({("appeal_overdue", ("scjgj",)): 1})
