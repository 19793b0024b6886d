"""Every step of the appeal lifecycle in every state: allowed where `domain.md` allows it,
refused everywhere else with an error naming state and step, recording nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.appeal import AppealStatus, Satisfaction
from domain.clock import CHINA_TZ
from domain.errors import InvalidTransition, InvalidValue
from tests.appeal_steps import ALLOWED, PATHS, STEPS, appeal_in, new_appeal
from tests.builders import COORDINATOR

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ)
LATER = T0 + timedelta(days=1)
CASES = [(state, step) for state in PATHS for step in STEPS]


def test_a_new_appeal_waits_to_be_received() -> None:
    appeal = new_appeal(T0)
    assert appeal.status is AppealStatus.SUBMITTED
    assert appeal.version == 1
    assert appeal.case_number == "SQ-360121-2026-000001"


@pytest.mark.parametrize(("state", "step"), [c for c in CASES if c[0] in ALLOWED[c[1]]])
def test_allowed_step_records_one_event(state: str, step: str) -> None:
    appeal = appeal_in(state, T0)
    before = len(appeal.pending_events)
    STEPS[step](appeal, LATER)
    assert len(appeal.pending_events) == before + 1
    event = appeal.pending_events[-1]
    assert event.actor is not None and event.occurred_at == LATER


@pytest.mark.parametrize(("state", "step"), [c for c in CASES if c[0] not in ALLOWED[c[1]]])
def test_forbidden_step_is_refused_and_records_nothing(state: str, step: str) -> None:
    appeal = appeal_in(state, T0)
    version, status = appeal.version, appeal.status
    with pytest.raises(InvalidTransition) as refused:
        STEPS[step](appeal, LATER)
    assert refused.value.code == "invalid_transition"
    assert f"'{status.value}'" in str(refused.value)
    assert (appeal.version, appeal.status) == (version, status)


def test_the_error_names_the_state_and_the_step() -> None:
    with pytest.raises(InvalidTransition, match="appeal in state 'assigned' does not allow 'close'"):
        STEPS["close"](appeal_in("assigned", T0), LATER)


def test_supervision_order_brings_an_unsatisfied_appeal_back_to_handling() -> None:
    appeal = appeal_in("supervised", T0)
    assert appeal.status is AppealStatus.SUPERVISED
    assert appeal.supervision_orders == 1
    STEPS["resolve"](appeal, LATER)
    STEPS["follow-up"](appeal, LATER)
    STEPS["close"](appeal, LATER)
    assert appeal.status is AppealStatus.CLOSED
    assert (appeal.follow_ups, appeal.satisfaction) == (2, Satisfaction.SATISFIED)


def test_a_supervision_order_remembers_its_issuer_from_the_event_s_actor() -> None:
    assert new_appeal(T0).supervision_issuer is None
    events = appeal_in("supervised", T0).collect_events()
    order = events[-1]
    assert sorted(vars(order)) == ["actor", "deadline", "occurred_at", "originator_id",
                                   "originator_version", "reason", "timestamp"]  # fmt: skip
    replayed = None
    for stored in events:
        replayed = stored.mutate(replayed)
    assert replayed is not None and replayed.supervision_issuer == COORDINATOR.actor


def test_an_act_cannot_precede_the_acts_already_recorded() -> None:
    appeal = appeal_in("received", T0)
    with pytest.raises(InvalidValue, match="precedes"):
        STEPS["assign"](appeal, T0 - timedelta(minutes=1))
    assert appeal.status is AppealStatus.RECEIVED


@pytest.mark.parametrize("step", ["reject", "withdraw"])
def test_reasons_are_required(step: str) -> None:
    appeal = appeal_in("submitted", T0)
    with pytest.raises(InvalidValue, match="must not be empty"):
        if step == "reject":
            appeal.reject(" ", "reply", False, COORDINATOR.actor, LATER)
        else:
            appeal.withdraw("", COORDINATOR.actor, LATER)
    assert appeal.version == 1


def test_an_extension_must_move_the_deadline_later() -> None:
    appeal = appeal_in("assigned", T0)
    assert appeal.deadline is not None
    with pytest.raises(InvalidValue, match="later than the current one"):
        appeal.extend(appeal.deadline, "理由", "王局长", COORDINATOR.actor, LATER)
    assert appeal.extensions == 0


def test_resolution_after_the_deadline_is_not_on_time() -> None:
    appeal = appeal_in("assigned", T0)
    STEPS["resolve"](appeal, T0 + timedelta(days=30))
    assert appeal.resolved_on_time is False
    assert appeal_in("resolved", T0).resolved_on_time is True


def test_overdue_only_while_in_handling() -> None:
    appeal = appeal_in("assigned", T0)
    assert appeal.deadline is not None
    after = appeal.deadline + timedelta(days=1)
    assert not appeal.is_overdue(appeal.deadline)
    assert appeal.is_overdue(after)
    assert not appeal_in("resolved", T0).is_overdue(after)
