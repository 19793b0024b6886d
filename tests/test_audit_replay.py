"""Audit replays on both stores: every event with who and when, the state at any version or
recorded moment equal to a rebuild by hand, readable changes, backdating flags, activity across
cases, and the audit read log. Only auditors read them, in their own jurisdiction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest

from application.activity import ActivityQuery
from application.appeal_commands import Assign, Receive, Resolve
from application.errors import Forbidden, NotFound
from application.replay import state_of
from domain.actor import Actor, Role
from domain.appeal import Appeal, HandlingLevel, Outcome
from domain.clock import CHINA_TZ
from domain.errors import InvalidValue
from infrastructure.bootstrap import Services
from application.principal import Principal
from tests.builders import (
    AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, OTHER_COUNTY, Clock, submission,
)  # fmt: skip
from tests.conftest import open_services

ADMIN = Principal(Actor("sun.li", Role.ADMIN, "zwfw"), COORDINATOR.jurisdiction)
FOREIGN_AUDITOR = Principal(Actor("qian.bo", Role.AUDITOR, "jw"), OTHER_COUNTY)


def handled_appeal(services: Services, clock: Clock) -> Appeal:
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    clock.advance(hours=2)
    services.appeals.execute(appeal.id, Receive(), COORDINATOR)
    clock.advance(hours=1)
    assign = Assign(department="scjgj", level=HandlingLevel.COUNTY, deadline=date(2026, 3, 20))
    services.appeals.execute(appeal.id, assign, COORDINATOR)
    clock.advance(days=2)
    return services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="已办结"), HANDLER)


def test_a_replay_shows_every_event_with_who_when_what_and_its_seal(services: Services, clock: Clock) -> None:
    appeal = handled_appeal(services, clock)
    replay = services.audit.events(AUDITOR, Appeal, appeal.id)
    assert replay.case_number == appeal.case_number
    assert [e.version for e in replay.events] == [1, 2, 3, 4]
    assert [e.event for e in replay.events] == ["Submitted", "Received", "Assigned", "Resolved"]
    assert [(e.actor_id, e.actor_role, e.actor_org) for e in replay.events] == [
        ("acme", "enterprise", "acme"), ("zhang.wei", "coordinator", "yshb"),
        ("zhang.wei", "coordinator", "yshb"), ("li.na", "handler", "scjgj"),
    ]  # fmt: skip
    assert replay.events[1].occurred_at == datetime(2026, 3, 2, 11, 0, tzinfo=CHINA_TZ)
    positions = [e.position for e in replay.events]
    assert positions == sorted(positions) and all(e.case_digest for e in replay.events)
    assigned = {change.field: (change.before, change.after) for change in replay.events[2].changes}
    assert assigned["status"] == ("received", "assigned")
    assert assigned["department"] == (None, "scjgj")
    assert replay.events[3].payload["resolution"] == "已办结"


def test_events_recorded_long_after_they_say_they_occurred_are_flagged(database_url: str) -> None:
    now = datetime.now(CHINA_TZ)
    services = open_services(database_url, Clock(now - timedelta(days=5)))
    backdated = services.appeals.submit(submission(), ENTERPRISE)
    services.close()
    services = open_services(database_url, Clock(now))
    timely = services.appeals.submit(submission(), ENTERPRISE)
    assert [e.backdated for e in services.audit.events(AUDITOR, Appeal, backdated.id).events] == [True]
    assert [e.backdated for e in services.audit.events(AUDITOR, Appeal, timely.id).events] == [False]
    acts, _ = services.audit.activity(AUDITOR, ActivityQuery(jurisdiction="", actor="acme"))
    assert sorted(act.backdated for act in acts) == [False, True]
    services.close()


def test_the_state_at_each_version_equals_a_rebuild_by_hand(services: Services, clock: Clock) -> None:
    appeal = handled_appeal(services, clock)
    for version in range(1, appeal.version + 1):
        by_hand = services.store.repository.get(appeal.id, version=version)
        found = services.audit.state(AUDITOR, Appeal, appeal.id, version=version)
        assert (found.version, found.state) == (version, state_of(by_hand))
    assert services.audit.state(AUDITOR, Appeal, appeal.id).state["status"] == "resolved"


def test_the_state_as_of_a_recorded_moment_equals_a_rebuild_by_hand(services: Services, clock: Clock) -> None:
    appeal = handled_appeal(services, clock)
    events = services.audit.events(AUDITOR, Appeal, appeal.id).events
    for index, event in enumerate(events):
        found = services.audit.state(AUDITOR, Appeal, appeal.id, as_of=event.recorded_at)
        recorded_by_then = [e for e in events if e.recorded_at <= event.recorded_at]
        by_hand = services.store.repository.get(appeal.id, version=len(recorded_by_then))
        assert found.state == state_of(by_hand) and found.version >= index + 1
    with pytest.raises(NotFound):
        services.audit.state(AUDITOR, Appeal, appeal.id, as_of=events[0].recorded_at - timedelta(seconds=1))


@pytest.mark.parametrize(
    ("version", "as_of", "error"),
    [(0, None, InvalidValue), (9, None, NotFound), (2, datetime(2026, 3, 2, tzinfo=CHINA_TZ), InvalidValue),
     (None, datetime(2026, 3, 2), InvalidValue)],  # fmt: skip
)
def test_an_impossible_state_question_is_refused(
    services: Services, clock: Clock, version: int | None, as_of: datetime | None, error: type[Exception]
) -> None:
    appeal = handled_appeal(services, clock)
    with pytest.raises(error):
        services.audit.state(AUDITOR, Appeal, appeal.id, version=version, as_of=as_of)


def test_only_auditors_of_the_jurisdiction_replay(services: Services, clock: Clock) -> None:
    appeal = handled_appeal(services, clock)
    for reader in (COORDINATOR, HANDLER, ENTERPRISE, ADMIN):
        with pytest.raises(Forbidden):
            services.audit.events(reader, Appeal, appeal.id)
    with pytest.raises(NotFound):
        services.audit.events(FOREIGN_AUDITOR, Appeal, appeal.id)
    with pytest.raises(NotFound):
        services.audit.state(AUDITOR, Appeal, uuid4())
    assert services.audit.verify(ADMIN).holds  # the administrator checks the log's integrity too
    with pytest.raises(Forbidden):
        services.audit.verify(COORDINATOR)


def test_activity_lists_what_an_actor_or_office_did_across_cases(services: Services, clock: Clock) -> None:
    first = handled_appeal(services, clock)
    second = handled_appeal(services, clock)
    acts, position = services.audit.activity(AUDITOR, ActivityQuery(jurisdiction="", actor="zhang.wei"))
    assert {(act.case_id, act.event) for act in acts} == {
        (case.id, event) for case in (first, second) for event in ("Received", "Assigned")
    }
    assert position == services.store.recorder.max_notification_id()
    by_office, _ = services.audit.activity(AUDITOR, ActivityQuery(jurisdiction="", org="scjgj"))
    assert [(act.case_id, act.event) for act in by_office] == [(first.id, "Resolved"), (second.id, "Resolved")]
    opened = second.submitted_at  # the moment the first appeal was resolved
    window = ActivityQuery(jurisdiction="", kind="appeal", start=opened, end=opened + timedelta(hours=3))
    in_window, _ = services.audit.activity(AUDITOR, window)
    assert {(act.case_id, act.event) for act in in_window} == {
        (first.id, "Resolved"), (second.id, "Submitted"), (second.id, "Received"),
    }  # [from, to): the assignment at exactly three hours falls outside
    foreign, _ = services.audit.activity(FOREIGN_AUDITOR, ActivityQuery(jurisdiction="", kind="appeal"))
    assert foreign == []


def test_activity_pages_with_a_cursor(services: Services, clock: Clock) -> None:
    handled_appeal(services, clock)
    handled_appeal(services, clock)
    query = ActivityQuery(jurisdiction="", kind="appeal", limit=3)
    seen, after = [], None
    while True:
        page, _ = services.audit.activity(AUDITOR, ActivityQuery(**vars(query) | {"after": after}))
        seen += [(act.case_id, act.version) for act in page]
        if len(page) < query.limit:
            break
        after = (page[-1].occurred_at, page[-1].case_id, page[-1].version)
    assert len(seen) == len(set(seen)) == 8


def test_every_audit_read_is_recorded_and_can_be_queried(services: Services, clock: Clock) -> None:
    appeal = handled_appeal(services, clock)
    for read in (
        lambda: services.audit.events(AUDITOR, Appeal, appeal.id),
        lambda: services.audit.state(AUDITOR, Appeal, appeal.id, version=2),
        lambda: services.audit.verify(AUDITOR),
        lambda: services.audit.checkpoint(ADMIN),
    ):
        read()
        clock.advance(minutes=1)
    reads, _ = services.audit.activity(AUDITOR, ActivityQuery(jurisdiction="", kind="audit_read"))
    assert [(read.actor_id, read.detail.split()[0]) for read in reads] == [
        ("zhao.lei", "events"), ("zhao.lei", "state"), ("zhao.lei", "verify"),
        ("sun.li", "checkpoint"), ("zhao.lei", "reads"),
    ]  # fmt: skip
    assert f"appeal/{appeal.id}?version=2" in reads[1].detail
    with pytest.raises(Forbidden):
        services.audit.activity(COORDINATOR, ActivityQuery(jurisdiction="", kind="audit_read"))
