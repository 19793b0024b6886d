"""Route guards drawn from the permission table (`application.permissions`).

A guarded route checks the caller's role before it reads the request's body, so a role that may
not act hears 403 whatever it sends; the services check again for embedded callers.

No `from __future__ import annotations`: FastAPI reads the guard's annotations at runtime.
"""

from dataclasses import dataclass
from typing import Any

from fastapi import Depends

from application.permissions import ACTIONS, require_role
from domain.actor import Role
from interface.http.dependencies import PrincipalDep


@dataclass(frozen=True)
class Permit:
    """The permission a route needs: an action on a kind (`ACTIONS[kind][action]`)."""

    kind: str
    action: str

    async def __call__(self, principal: PrincipalDep) -> None:
        """Async: it reads nothing, so it need not wait for a worker thread."""
        require_role(principal, self.kind, self.action)

    @property
    def roles(self) -> list[str]:
        """The roles it admits, as tokens name them."""
        return [
            role.value for role in Role if role in ACTIONS[self.kind][self.action] - {Role.SYSTEM}
        ]


def guarded(kind: str, action: str) -> dict[str, Any]:
    """Keyword arguments for a route the table guards: the guard, and in the OpenAPI document
    the permission it checks (`x-permission`) and the roles it admits (`x-roles`)."""
    permit = Permit(kind, action)
    extra = {"x-permission": {"kind": kind, "action": action}, "x-roles": permit.roles}
    return {"dependencies": [Depends(permit)], "openapi_extra": extra}
