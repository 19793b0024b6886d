"""The appeal service on both stores: lifecycle, case numbers, scope, concurrency, the list."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import uuid4

import pytest

from application.appeal_commands import (
    Assign,
    Close,
    FollowUp,
    NoteProgress,
    Receive,
    Resolve,
    Supervise,
)
from application.case_index import CaseFilter
from application.errors import Forbidden, NotFound, PreconditionFailed, VersionConflict
from domain.appeal import Appeal, AppealStatus, HandlingLevel, Outcome, Satisfaction
from domain.clock import CHINA_TZ
from domain.errors import InvalidTransition, InvalidValue
from infrastructure.bootstrap import Services
from tests.builders import (
    AUDITOR,
    COORDINATOR,
    ENTERPRISE,
    FOREIGN_COORDINATOR,
    HANDLER,
    OTHER_COUNTY,
    OTHER_ENTERPRISE,
    OTHER_HANDLER,
    Clock,
    submission,
)
from tests.conftest import open_services

ASSIGN = Assign(department="scjgj", level=HandlingLevel.COUNTY)


def assigned(services: Services) -> Appeal:
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    services.appeals.execute(appeal.id, Receive(), COORDINATOR)
    return services.appeals.execute(appeal.id, ASSIGN, COORDINATOR)


def events_of(services: Services, appeal: Appeal) -> list[Any]:
    return list(services.store.events.get(appeal.id))


def test_an_appeal_from_intake_to_closure(services: Services, clock: Clock) -> None:
    appeal = assigned(services)
    assert appeal.deadline == date(2026, 3, 9)  # approval services, normal: 5 working days
    clock.advance(days=2)
    steps: list[tuple[Any, Any]] = [
        (Resolve(outcome=Outcome.SOLVED, resolution="已办结"), HANDLER),
        (FollowUp(satisfaction=Satisfaction.UNSATISFIED, comment="未实际解决"), COORDINATOR),
        (Supervise(reason="回访不满意", deadline=date(2026, 3, 13)), COORDINATOR),
        (Resolve(outcome=Outcome.SOLVED, resolution="已现场解决"), HANDLER),
        (FollowUp(satisfaction=Satisfaction.SATISFIED), ENTERPRISE),
        (Close(reason="企业满意，销号"), COORDINATOR),
    ]
    for command, principal in steps:
        appeal = services.appeals.execute(appeal.id, command, principal)
    stored = services.appeals.get(appeal.id, AUDITOR)
    assert stored.status is AppealStatus.CLOSED
    assert (stored.version, stored.supervision_orders, stored.follow_ups) == (9, 1, 2)
    recorded = events_of(services, appeal)
    assert [type(e).__name__ for e in recorded][-4:] == [
        "SupervisionOrdered", "Resolved", "FollowedUp", "Closed",
    ]  # fmt: skip
    assert recorded[-1].actor == COORDINATOR.actor
    assert recorded[-1].occurred_at == clock.now


def test_case_numbers_count_per_jurisdiction_and_year(services: Services, clock: Clock) -> None:
    numbers = [services.appeals.submit(submission(), ENTERPRISE).case_number for _ in range(3)]
    assert numbers == [f"SQ-360121-2026-00000{n}" for n in (1, 2, 3)]
    foreign = submission(jurisdiction=OTHER_COUNTY)
    assert services.appeals.submit(foreign, FOREIGN_COORDINATOR).case_number == (
        "SQ-350100-2026-000001"
    )
    clock.now = datetime(2027, 1, 4, 9, 0, tzinfo=CHINA_TZ)
    assert services.appeals.submit(submission(), ENTERPRISE).case_number == (
        "SQ-360121-2027-000001"
    )


def test_the_year_of_a_case_number_is_the_year_in_beijing(services: Services, clock: Clock) -> None:
    clock.now = datetime(2027, 1, 1, 0, 30, tzinfo=CHINA_TZ)  # still 2026 in UTC
    assert services.appeals.submit(submission(), ENTERPRISE).case_number.endswith("2027-000001")


def test_concurrent_intake_gives_every_appeal_its_own_number(
    database_url: str, clock: Clock
) -> None:
    opened = [open_services(database_url, clock) for _ in range(4)]
    numbers = run_together(
        [lambda s=s: s.appeals.submit(submission(), ENTERPRISE).case_number for s in opened] * 2
    )
    for s in opened:
        s.close()
    assert sorted(numbers) == [f"SQ-360121-2026-{n:06d}" for n in range(1, 9)]


def test_two_concurrent_writers_one_wins_and_no_event_is_lost(
    database_url: str, clock: Clock
) -> None:
    first, second = open_services(database_url, clock), open_services(database_url, clock)
    appeal = assigned(first)
    note = NoteProgress(note="跟踪")
    outcomes = run_together(
        [
            lambda s=s: s.appeals.execute(appeal.id, note, HANDLER, expected_version=3)
            for s in (first, second) * 3
        ]
    )
    winners = [o for o in outcomes if isinstance(o, Appeal)]
    losers = [o for o in outcomes if not isinstance(o, Appeal)]
    assert len(winners) == 1
    assert all(isinstance(o, (VersionConflict, PreconditionFailed)) for o in losers)
    versions = [e.originator_version for e in events_of(first, appeal)]
    assert versions == [1, 2, 3, 4]
    assert first.appeals.get(appeal.id, HANDLER).progress_notes == 1
    first.close()
    second.close()


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Start all calls at once in threads; their results, or the exceptions they raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = calls[index]()
        except Exception as error:  # noqa: BLE001 - collected for the assertions
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_stale_expected_version_records_nothing(services: Services) -> None:
    appeal = assigned(services)
    with pytest.raises(PreconditionFailed, match="version 3, not 2"):
        services.appeals.execute(appeal.id, NoteProgress(note="x"), HANDLER, expected_version=2)
    assert len(events_of(services, appeal)) == 3


def test_a_refused_step_records_nothing(services: Services) -> None:
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    with pytest.raises(InvalidTransition, match="'submitted'.*'close'"):
        services.appeals.execute(appeal.id, Close(reason="x"), COORDINATOR)
    assert services.appeals.get(appeal.id, COORDINATOR).version == 1


def test_occurred_at_may_not_lie_in_the_future(services: Services, clock: Clock) -> None:
    ahead = clock.now.replace(hour=12)
    with pytest.raises(InvalidValue, match="future"):
        services.appeals.submit(submission(occurred_at=ahead), ENTERPRISE)


def test_a_backdated_act_keeps_its_occurred_at(services: Services, clock: Clock) -> None:
    earlier = clock.now.replace(hour=8)
    appeal = services.appeals.submit(submission(occurred_at=earlier), COORDINATOR)
    assert appeal.submitted_at == earlier


def test_roles_may_only_take_their_own_steps(services: Services) -> None:
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    with pytest.raises(Forbidden, match="'enterprise' may not receive"):
        services.appeals.execute(appeal.id, Receive(), ENTERPRISE)
    with pytest.raises(Forbidden, match="'auditor' may not assign"):
        services.appeals.execute(appeal.id, ASSIGN, AUDITOR)


def test_cases_outside_the_scope_are_not_found(services: Services) -> None:
    appeal = assigned(services)
    for outsider in (FOREIGN_COORDINATOR, OTHER_HANDLER):
        with pytest.raises(NotFound):
            services.appeals.get(appeal.id, outsider)
    with pytest.raises(Forbidden, match="own credit code"):
        services.appeals.submit(
            submission(enterprise=replace(submission().enterprise, credit_code=OTHER_ENTERPRISE)),
            ENTERPRISE,
        )
    with pytest.raises(Forbidden, match="jurisdiction"):
        services.appeals.submit(submission(jurisdiction=OTHER_COUNTY), COORDINATOR)


def test_unknown_appeals_are_not_found(services: Services) -> None:
    with pytest.raises(NotFound):
        services.appeals.get(uuid4(), COORDINATOR)


def test_the_list_filters_and_scopes(services: Services, clock: Clock) -> None:
    handled = assigned(services)
    waiting = services.appeals.submit(submission(), ENTERPRISE)

    def listed(query: CaseFilter, principal=COORDINATOR) -> list[str]:
        return [row.case_number for _, row in services.appeals.list(query, principal).rows]

    assert listed(CaseFilter()) == [waiting.case_number, handled.case_number]
    assert listed(CaseFilter(status="submitted")) == [waiting.case_number]
    assert listed(CaseFilter(organisation="scjgj")) == [handled.case_number]
    assert listed(CaseFilter(), HANDLER) == [handled.case_number]
    assert listed(CaseFilter(), OTHER_HANDLER) == []
    assert listed(CaseFilter(overdue_on=clock.now.date())) == []
    assert listed(CaseFilter(overdue_on=date(2026, 3, 10))) == [handled.case_number]
    assert listed(CaseFilter(limit=1)) == [waiting.case_number]
    page = services.appeals.list(CaseFilter(limit=1), COORDINATOR)
    assert listed(CaseFilter(limit=1, before=page.next_cursor)) == [handled.case_number]
    with pytest.raises(Forbidden):
        listed(CaseFilter(jurisdiction="350100"))


def test_the_list_follows_every_change(services: Services) -> None:
    appeal = assigned(services)
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.EXPLAINED, resolution="已解释"), HANDLER)
    page = services.appeals.list(CaseFilter(), AUDITOR)
    assert [(row.status, row.version) for _, row in page.rows] == [("resolved", 4)]
    assert page.position == services.store.recorder.max_notification_id()
