"""Which lifecycle steps a person may take on a case now: what the console offers as forms.

A step is offered when the principal's role may take it (`ACTIONS`), the case lies in the scope
it acts in, and the case's state admits it. The state is asked by running the step's method on a
copy of the case, with the actor, the time and empty facts: the domain refuses a step its state
forbids with `InvalidTransition` before it looks at the facts, so that refusal, and only it,
means "not now". Whatever else the empty facts provoke is left for the real step to say.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from domain.case import Case
from domain.errors import InvalidTransition

from application.case_commands import Step
from application.permissions import ACTIONS, may_act
from application.principal import Principal


def offered_steps(
    case: Case, steps: Iterable[type[Step]], principal: Principal, at: datetime
) -> list[type[Step]]:
    """The steps of `steps` the principal may take on `case` at `at`, in their given order."""
    if not may_act(principal, case):
        return []
    allowed = ACTIONS[case.kind]
    return [
        step for step in steps
        if principal.actor.role in allowed.get(step.action, frozenset())
        and state_admits(case, step, principal, at)
    ]  # fmt: skip


def state_admits(case: Case, step: type[Step], principal: Principal, at: datetime) -> bool:
    """Whether the case's state admits `step` (see the module's docstring)."""
    trial = copy.deepcopy(case)
    method = getattr(trial, step.method)
    facts = {name: None for name in _fact_names(method)}
    try:
        method(**facts, actor=principal.actor, occurred_at=at)
    except InvalidTransition:
        return False
    except Exception:  # noqa: BLE001 - empty facts refused: the state itself admitted the step
        return True
    return True


def _fact_names(method: Any) -> list[str]:
    parameters = inspect.signature(method).parameters
    return [name for name in parameters if name not in ("actor", "occurred_at", "self")]
