"""Random command sequences never leave an appeal inconsistent, and replaying its events (also
through the store's transcoder) rebuilds exactly the same state.
"""

from __future__ import annotations

from hypothesis import given, settings

from domain.appeal import Appeal, AppealStatus, Satisfaction
from domain.appeal.aggregate import IN_HANDLING
from tests.appeal_steps import STEPS, new_appeal
from tests.lifecycle import T0, assert_replay_rebuilds, reloaded, run_steps, timed_steps

S = AppealStatus

steps = timed_steps(STEPS)


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
    return run_steps(new_appeal(T0), STEPS, sequence, check_invariants)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_random_sequences_keep_the_appeal_consistent(sequence: list[tuple[str, int]]) -> None:
    run(sequence)


@settings(max_examples=150, deadline=None)
@given(steps)
def test_replaying_the_events_rebuilds_the_same_state(sequence: list[tuple[str, int]]) -> None:
    assert_replay_rebuilds(run(sequence))


@settings(max_examples=60, deadline=None)
@given(steps)
def test_stored_and_reloaded_appeal_equals_the_original(sequence: list[tuple[str, int]]) -> None:
    appeal = run(sequence)
    assert vars(reloaded(appeal)[0]) == vars(appeal)
