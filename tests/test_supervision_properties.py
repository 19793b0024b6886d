"""Properties of the supervision list over random lifecycles of every kind of case: a past moment
gets the same answer whatever happened after it, and every entry is well formed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from application.supervision_list import SupervisionQuery, supervision_list
from application.supervision_rules import RULES, SupervisionRules, supervision_of
from domain.appeal import Appeal
from domain.errors import InvalidTransition
from domain.inspection import VisitKind
from domain.policy_claim import PolicyMode
from tests import appeal_steps, inspection_steps, mediation_paths, policy_claim_steps
from tests.lifecycle import T0, timed_steps

RULES_CONFIG = SupervisionRules()
KINDS: dict[str, tuple[Callable[[datetime], Any], dict[str, Any]]] = {
    "appeal": (appeal_steps.new_appeal, appeal_steps.STEPS),
    "inspection": (lambda at: inspection_steps.new_visit(VisitKind.RANDOM_SPOT_CHECK, at),
                   inspection_steps.STEPS),
    "mediation": (mediation_paths.new_case, mediation_paths.STEPS),
    "policy_claim": (lambda at: policy_claim_steps.new_claim(PolicyMode.COMMITMENT, at),
                     policy_claim_steps.STEPS),
}  # fmt: skip


def stepped(kind: str, sequence: list[tuple[str, int]], start: datetime = T0) -> Any:
    """A case of `kind` opened at `start`, after the sequence of steps (refused steps leave
    nothing), its events still pending."""
    new, steps = KINDS[kind]
    case, at = new(start), start
    for name, minutes in sequence:
        at += timedelta(minutes=minutes)
        try:
            steps[name](case, at)
        except InvalidTransition:
            pass
    return case


def history(kind: str, sequence: list[tuple[str, int]]) -> list[Any]:
    """The events of a case after the sequence of steps."""
    return stepped(kind, sequence).collect_events()


def answer(events: list[Any], as_of: Any) -> list[Any]:
    return supervision_list([supervision_of(events, RULES_CONFIG)], SupervisionQuery(as_of), RULES_CONFIG)


def past_moment(events: list[Any], data: st.DataObject) -> tuple[list[Any], Any]:
    """The events known at a drawn moment, and that moment (before the next event)."""
    cut = data.draw(st.integers(min_value=1, max_value=len(events)))
    while cut < len(events) and events[cut].occurred_at == events[cut - 1].occurred_at:
        cut += 1  # a moment falls between events only where time passed
    known = events[:cut]
    later = events[cut].occurred_at if cut < len(events) else known[-1].occurred_at + timedelta(days=90)
    # In whole microseconds, as times are kept: a float just under the gap could round up to it.
    gap = (later - known[-1].occurred_at) // timedelta(microseconds=1)
    return known, known[-1].occurred_at + timedelta(microseconds=data.draw(st.integers(0, gap - 1)))


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_past_moment_gets_the_answer_it_got_then(kind: str, data: st.DataObject) -> None:
    events = history(kind, data.draw(timed_steps(KINDS[kind][1], max_size=20)))
    known, as_of = past_moment(events, data)
    assert answer(known, as_of) == answer(events, as_of)


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_entry_is_well_formed(kind: str, data: st.DataObject) -> None:
    events = history(kind, data.draw(timed_steps(KINDS[kind][1], max_size=20)))
    case = supervision_of(events, RULES_CONFIG)
    assert case.version == len(events)
    for entry in case.entries:
        assert entry.rule in RULES and entry.departments
        assert entry.counts()  # listed only if it fell due before it was cleared
        if entry.cleared_by is not None:
            assert entry.cleared_at is not None and entry.cleared_at >= entry.opened_at
            version = int(entry.cleared_by.rsplit(" v", 1)[1])
            assert events[version - 1].occurred_at == entry.cleared_at


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_supervision_order_is_one_entry_from_its_issue(data: st.DataObject) -> None:
    """Each order is listed from its issue with its issuer, reason and deadline, and a past
    moment gets the answer it got then (from a state an order may follow: random steps rarely
    get there)."""
    start = data.draw(st.sampled_from(["assigned", "followed_up_unsatisfied", "supervised"]))
    path = [(name, 60) for name in appeal_steps.PATHS[start]]
    events = history("appeal", path + data.draw(timed_steps(KINDS["appeal"][1], max_size=20)))
    issued = [(event.occurred_at, event.actor.id, event.actor.org, event.reason, event.deadline)
              for event in events if isinstance(event, Appeal.SupervisionOrdered)]  # fmt: skip
    entries = supervision_of(events, RULES_CONFIG).entries
    orders = [entry for entry in entries if entry.rule == "supervision_order"]
    assert [(e.since, e.issuer, e.issuer_org, e.reason, e.due) for e in orders] == issued
    assert sum(order.cleared_at is None for order in orders) <= 1
    assert all(e.issuer is e.issuer_org is e.reason is None for e in entries if e not in orders)
    known, as_of = past_moment(events, data)
    assert answer(known, as_of) == answer(events, as_of)
