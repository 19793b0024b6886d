"""Who may do what (role × action × scope), in one place for embedded callers and HTTP alike."""

from __future__ import annotations

from domain.actor import Role
from domain.appeal import Appeal

from application.errors import Forbidden, NotFound
from application.principal import Principal

R = Role
EVERY_READER = frozenset(Role) - {R.SYSTEM}

APPEAL_ACTIONS: dict[str, frozenset[Role]] = {
    "read": EVERY_READER,
    "submit": frozenset({R.ENTERPRISE, R.COORDINATOR}),
    "receive": frozenset({R.COORDINATOR}),
    "reject": frozenset({R.COORDINATOR}),
    "assign": frozenset({R.COORDINATOR}),
    "reassign": frozenset({R.COORDINATOR}),
    "return": frozenset({R.HANDLER}),
    "progress": frozenset({R.HANDLER, R.COORDINATOR}),
    "extend": frozenset({R.COORDINATOR}),
    "resolve": frozenset({R.HANDLER}),
    "follow-up": frozenset({R.COORDINATOR, R.ENTERPRISE}),
    "supervise": frozenset({R.COORDINATOR}),
    "close": frozenset({R.COORDINATOR}),
    "withdraw": frozenset({R.ENTERPRISE, R.COORDINATOR}),
    "merge": frozenset({R.COORDINATOR}),
}


def require_role(principal: Principal, action: str) -> None:
    """Raise `Forbidden` unless the principal's role may perform `action` on appeals at all."""
    role = principal.actor.role
    if role not in APPEAL_ACTIONS[action]:
        raise Forbidden(f"role '{role.value}' may not {action} appeals")


def may_see(principal: Principal, appeal: Appeal) -> bool:
    """Whether the appeal lies within the principal's scope."""
    role = principal.actor.role
    if role is R.ENTERPRISE:
        return appeal.enterprise.credit_code == principal.credit_code
    if appeal.jurisdiction != principal.jurisdiction:
        return False
    if role is R.HANDLER:
        return appeal.department == principal.actor.org
    return True


def require_scope(principal: Principal, appeal: Appeal) -> None:
    """Raise `NotFound` for an appeal outside the principal's scope: its existence is not told."""
    if not may_see(principal, appeal):
        raise NotFound(f"no appeal {appeal.id}")
