"""The steps the console offers on a case are exactly those its state admits: checked against
the lifecycle tables of every state (appeals, inspections and service visits) and, for random
histories, against applying each step for real."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings

from application.case_commands import Step
from application.principal import Principal
from application.step_offers import offered_steps, state_admits
from domain.case import Case
from domain.errors import InvalidTransition
from domain.inspection import VisitKind
from interface.http import appeal_routes, inspection_routes
from tests import appeal_steps, inspection_steps
from tests.builders import COORDINATOR, ENTERPRISE, FOREIGN_COORDINATOR, HANDLER
from tests.lifecycle import T0, run_steps, timed_steps

APPEAL_COMMANDS = {command.action: command for command in appeal_routes.STEPS}
INSPECTION_COMMANDS = {command.action: command for command in inspection_routes.STEPS}
LATER = timedelta(days=1)


def admits(case: Case, command: type[Step], at: datetime) -> bool:
    return state_admits(case, command, COORDINATOR, at)


@pytest.mark.parametrize("state", sorted(appeal_steps.PATHS))
def test_an_appeal_is_offered_the_steps_its_lifecycle_allows(state: str) -> None:
    appeal = appeal_steps.appeal_in(state, T0)
    at = appeal.last_occurred_at + LATER
    for name, states in appeal_steps.ALLOWED.items():
        command = APPEAL_COMMANDS[name.removesuffix("-unsatisfied")]
        assert admits(appeal, command, at) == (state in states), (state, name)


@pytest.mark.parametrize("kind", [VisitKind.ADMINISTRATIVE_INSPECTION, VisitKind.SERVICE_VISIT])
def test_an_inspection_is_offered_the_steps_its_lifecycle_allows(kind: VisitKind) -> None:
    flavour = inspection_steps.flavour(kind)
    for state in inspection_steps.PATHS[flavour]:
        visit = inspection_steps.visit_in(kind, state, T0)
        at = visit.last_occurred_at + LATER
        for name, states in inspection_steps.ALLOWED[flavour].items():
            assert admits(visit, INSPECTION_COMMANDS[name], at) == (state in states), (state, name)


@settings(max_examples=200, deadline=None)
@given(timed_steps(appeal_steps.STEPS))
def test_after_any_history_an_offered_step_is_one_the_domain_takes(
    sequence: list[tuple[str, int]],
) -> None:
    appeal = run_steps(appeal_steps.new_appeal(T0), appeal_steps.STEPS, sequence, lambda *_: None)
    at = appeal.last_occurred_at + LATER
    before = (appeal.version, appeal.status)
    for name, step in appeal_steps.STEPS.items():
        trial = copy.deepcopy(appeal)
        try:
            step(trial, at)
            taken = True
        except InvalidTransition:
            taken = False
        assert admits(appeal, APPEAL_COMMANDS[name.removesuffix("-unsatisfied")], at) == taken, name
    assert (appeal.version, appeal.status) == before  # asking changed nothing


def test_offers_keep_to_the_role_and_the_scope() -> None:
    assigned = appeal_steps.appeal_in("assigned", T0)
    at = assigned.last_occurred_at + LATER

    def actions(principal: Principal) -> list[str]:
        return [step.action for step in offered_steps(assigned, appeal_routes.STEPS, principal, at)]

    assert actions(HANDLER) == ["return", "progress", "resolve"]
    assert "resolve" not in actions(COORDINATOR) and "reassign" in actions(COORDINATOR)
    assert actions(ENTERPRISE) == ["withdraw"]
    assert actions(FOREIGN_COORDINATOR) == []  # another county's case
