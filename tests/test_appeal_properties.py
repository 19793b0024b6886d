"""Random command sequences never leave an appeal inconsistent, and replaying its events (also
through the store's transcoder) rebuilds exactly the same state.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from application.case_store import CaseStore
from domain.appeal import Appeal, AppealStatus, Satisfaction
from domain.appeal.aggregate import IN_HANDLING
from domain.clock import CHINA_TZ
from domain.errors import InvalidTransition
from tests.appeal_steps import STEPS, new_appeal

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ)
S = AppealStatus

steps = st.lists(
    st.tuples(st.sampled_from(sorted(STEPS)), st.integers(min_value=0, max_value=72 * 60)),
    max_size=25,
)


def check_invariants(appeal: Appeal, events: int) -> None:
    assert appeal.version == events
    if appeal.status in IN_HANDLING:
        assert appeal.department and appeal.level and appeal.deadline
    if appeal.status in (S.RESOLVED, S.FOLLOWED_UP, S.CLOSED):
        assert appeal.outcome and appeal.resolved_at and appeal.resolved_on_time is not None
    if appeal.status in (S.FOLLOWED_UP, S.CLOSED):
        assert appeal.satisfaction is not None and appeal.follow_ups >= 1
    if appeal.status is S.CLOSED:
        assert appeal.satisfaction is not Satisfaction.UNSATISFIED and appeal.closed_at
    if appeal.status is S.SUPERVISED:
        assert appeal.supervision_orders >= 1
    assert (appeal.status is S.MERGED) == (appeal.merged_into is not None)
    assert appeal.last_occurred_at >= appeal.submitted_at


def run(sequence: list[tuple[str, int]]) -> Appeal:
    appeal = new_appeal(T0)
    at = T0
    for step, minutes in sequence:
        at += timedelta(minutes=minutes)
        before = (appeal.version, appeal.status, len(appeal.pending_events))
        try:
            STEPS[step](appeal, at)
        except InvalidTransition:
            assert (appeal.version, appeal.status, len(appeal.pending_events)) == before
        check_invariants(appeal, len(appeal.pending_events))
    return appeal


@settings(max_examples=300, deadline=None)
@given(steps)
def test_random_sequences_keep_the_appeal_consistent(sequence: list[tuple[str, int]]) -> None:
    run(sequence)


@settings(max_examples=150, deadline=None)
@given(steps)
def test_replaying_the_events_rebuilds_the_same_state(sequence: list[tuple[str, int]]) -> None:
    appeal = run(sequence)
    events = appeal.collect_events()
    replayed = None
    for event in events:
        replayed = event.mutate(replayed)
    assert vars(replayed) == vars(appeal)


@settings(max_examples=60, deadline=None)
@given(steps)
def test_stored_and_reloaded_appeal_equals_the_original(sequence: list[tuple[str, int]]) -> None:
    store = CaseStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    appeal = run(sequence)
    store.save(appeal)
    assert vars(store.repository.get(appeal.id)) == vars(appeal)
