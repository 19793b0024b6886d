"""What the property tests of every case kind share: random timed step sequences, the rule that a
refused step records nothing, replay, and the round trip through the store's transcoder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, TypeVar

from hypothesis import strategies as st

from application.case_store import CaseStore
from domain.case import Case
from domain.clock import CHINA_TZ
from domain.errors import InvalidTransition

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ)
C = TypeVar("C", bound=Case)
Sequence_ = list[tuple[str, int]]


def timed_steps(names: Iterable[str], max_size: int = 25) -> st.SearchStrategy[Sequence_]:
    """Lists of (step name, minutes since the step before, up to three days)."""
    return st.lists(
        st.tuples(st.sampled_from(sorted(names)), st.integers(min_value=0, max_value=72 * 60)),
        max_size=max_size,
    )


def walks(
    steps: Iterable[str], paths: Mapping[str, list[str]], max_gap_days: int = 15
) -> st.SearchStrategy[Sequence_]:
    """Sequences that walk towards a random state along its path, with a few random steps (any
    of which may be refused) before each step of the path and after it; gaps of up to
    `max_gap_days`, so deadlines are sometimes missed."""
    names = sorted(steps)
    gap = st.integers(min_value=0, max_value=max_gap_days * 24 * 60)
    noise = st.lists(st.tuples(st.sampled_from(names), gap), max_size=2)

    @st.composite
    def walk(draw: st.DrawFn) -> Sequence_:
        sequence: Sequence_ = []
        for step in paths[draw(st.sampled_from(sorted(paths)))]:
            sequence += draw(noise) + [(step, draw(gap))]
        return sequence + draw(st.lists(st.tuples(st.sampled_from(names), gap), max_size=6))

    return walk()


def run_steps(
    case: C,
    steps: dict[str, Callable[[Any, datetime], None]],
    sequence: Sequence_,
    check: Callable[[C, int], None],
) -> C:
    """Apply the sequence from `T0` on; a refused step must change nothing, and `check(case,
    events so far)` holds after every step.
    """
    at = T0
    for name, minutes in sequence:
        at += timedelta(minutes=minutes)
        before = (case.version, case.status, len(case.pending_events))
        try:
            steps[name](case, at)
        except InvalidTransition:
            assert (case.version, case.status, len(case.pending_events)) == before
        check(case, len(case.pending_events))
    return case


def assert_replay_rebuilds(case: Case) -> None:
    """Replaying the case's events from nothing gives exactly its state."""
    replayed = None
    for event in case.collect_events():
        replayed = event.mutate(replayed)
    assert vars(replayed) == vars(case)


def reloaded(*cases: C) -> list[C]:
    """The cases after a trip through the store's mapper and JSON transcoder; each must load
    the same again from a snapshot of it (as a case with a long history loads)."""
    store = CaseStore(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    store.save(*cases)
    from_events = [store.repository.get(case.id) for case in cases]
    for case in cases:
        store.take_snapshot(case.id)
    from_snapshots = [store.repository.get(case.id) for case in cases]
    assert [vars(case) for case in from_snapshots] == [vars(case) for case in from_events]
    return from_events
