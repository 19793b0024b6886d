"""The mediation lifecycle: every step in every state, value checks, random sequences, replay and
the store's round trip.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest
from hypothesis import given, settings

from domain.errors import InvalidTransition, InvalidValue
from domain.mediation import (
    Confirmation,
    DisputeSource,
    MediationCase,
    MediationStatus,
    Party,
    PartyRole,
    Performance,
)
from tests.lifecycle import T0, assert_replay_rebuilds, reloaded, run_steps, timed_steps
from tests.mediation_paths import ALLOWED, PARTIES, PATHS, STEPS, case_in, new_case

LATER = T0 + timedelta(days=1)
CASES = [(state, step) for state in PATHS for step in STEPS]
S = MediationStatus


@pytest.mark.parametrize(("state", "step"), [c for c in CASES if c[0] in ALLOWED[c[1]]])
def test_allowed_step_records_one_event(state: str, step: str) -> None:
    case = case_in(state, T0)
    before = len(case.pending_events)
    STEPS[step](case, LATER)
    assert len(case.pending_events) == before + 1
    assert case.pending_events[-1].occurred_at == LATER


@pytest.mark.parametrize(("state", "step"), [c for c in CASES if c[0] not in ALLOWED[c[1]]])
def test_forbidden_step_is_refused_and_records_nothing(state: str, step: str) -> None:
    case = case_in(state, T0)
    version, status = case.version, case.status
    with pytest.raises(InvalidTransition) as refused:
        STEPS[step](case, LATER)
    assert f"'{status.value}'" in str(refused.value)
    assert (case.version, case.status) == (version, status)


def test_a_pre_suit_agreement_is_confirmed_then_defaulted_and_enforced() -> None:
    case = case_in("succeeded", T0)
    for step in ("apply-confirmation", "grant-confirmation", "default", "apply-enforcement"):
        STEPS[step](case, LATER)
    assert case.confirmation is Confirmation.GRANTED
    assert case.performance is Performance.ENFORCEMENT_APPLIED and case.is_terminal
    assert case.agreement is not None and str(case.agreement.amount) == "860000.00"
    assert case.organisations() == {"gsl-tjwyh", "ncxfy"}


def test_an_unconfirmed_pre_suit_agreement_is_not_enforced() -> None:
    case = case_in("defaulted", T0)
    with pytest.raises(InvalidTransition, match="司法确认"):
        STEPS["apply-enforcement"](case, LATER)


def test_a_failed_mediation_goes_to_court() -> None:
    case = case_in("in_suit_mediating", T0)  # assigned, failed, filed, court mediation
    STEPS["fail-in-suit"](case, LATER)
    STEPS["judge"](case, LATER)
    assert case.status is S.JUDGED and case.is_terminal
    assert case.pre_suit_concluded and case.litigation_concluded
    assert case.court_case_number == "(2026)赣0121民初123号"
    assert (case.mediator, case.court_mediator) == ("胡军", "法官助理王某")


@pytest.mark.parametrize(
    "changes",
    [
        {"parties": PARTIES[:1]},
        {"parties": tuple(Party(p.name, p.role) for p in PARTIES)},
        {"source": DisputeSource.REFERRED_APPEAL},
        {"appeal_id": uuid4()},
        {"amount": 100},
        {"jurisdiction": "360121"},
        {"appeal_id": "x", "source": DisputeSource.REFERRED_APPEAL},
        {"parties": (*PARTIES, PARTIES[0])},
        {"actor": None},
    ],
)
def test_registrations_that_make_no_sense_are_refused(changes: dict) -> None:
    with pytest.raises(InvalidValue):
        new_case(T0, **changes)


def test_deadlines_and_overdue() -> None:
    case = case_in("mediating", T0)
    assert case.deadline == (T0 + timedelta(hours=1)).date() + timedelta(days=30)
    assert case.is_overdue(case.deadline + timedelta(days=1)) and not case.is_overdue(case.deadline)
    with pytest.raises(InvalidValue, match="later"):
        case.extend(case.deadline, "x", "y", case_in("registered", T0).pending_events[0].actor, LATER)
    STEPS["succeed"](case, LATER)
    assert not case.is_overdue(case.deadline + timedelta(days=1))


def test_a_party_without_a_name_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Party(" ", PartyRole.APPLICANT)


def check(case: MediationCase, events: int) -> None:
    assert case.version == events
    if case.status is S.MEDIATING:
        assert case.organisation and case.mediator and case.deadline
    if case.status in (S.SUCCEEDED, S.MEDIATED):
        assert case.agreement is not None
    if case.performance is not None:
        assert case.status in (S.SUCCEEDED, S.MEDIATED)
    if case.status in (S.FILED, S.IN_SUIT_MEDIATING, S.IN_SUIT_FAILED) or case.litigation_concluded:
        assert case.court_case_number and case.filed_at
    if case.litigation_concluded:
        assert case.litigation_concluded_at is not None


steps = timed_steps(STEPS)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_random_sequences_keep_the_case_consistent_and_replay(sequence) -> None:
    case = run_steps(new_case(T0), STEPS, sequence, check)
    assert_replay_rebuilds(case)


@settings(max_examples=50, deadline=None)
@given(steps)
def test_stored_and_reloaded_case_equals_the_original(sequence) -> None:
    case = run_steps(new_case(T0), STEPS, sequence, check)
    [again] = reloaded(case)
    assert vars(again) == vars(case)
