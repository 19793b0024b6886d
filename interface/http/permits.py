"""Route guards drawn from the permission table (`application.permissions`).

A guarded route checks the caller's role before it reads the request's body, so a role that may
not act hears 403 whatever it sends; the services check again for embedded callers.

No `from __future__ import annotations`: FastAPI reads the guard's annotations at runtime.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends

from application.permissions import ACTIONS, require_role
from application.principal import Principal
from application.token_revocations import Credential
from domain.actor import Role
from interface.http.dependencies import CredentialDep


@dataclass(frozen=True)
class Permit:
    """The permission a route needs: an action on a kind (`ACTIONS[kind][action]`)."""

    kind: str
    action: str

    async def __call__(self, token: CredentialDep) -> Principal:
        """The caller, if its role may act. Async: it reads nothing, so it need not wait for a
        worker thread. A route that needs the caller takes it from here (`caller`) rather than
        from `PrincipalDep` too: FastAPI solves a dependency's whole tree at every mention."""
        return self.admit(token)

    def admit(self, token: Credential) -> Principal:
        """The principal of a checked token, if its role may act; `Forbidden` otherwise."""
        require_role(token.principal, self.kind, self.action)
        return token.principal

    @property
    def extra(self) -> dict[str, Any]:
        """What the OpenAPI document says of the route: the permission and the roles."""
        return {"x-permission": {"kind": self.kind, "action": self.action}, "x-roles": self.roles}

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
    return {"dependencies": [Depends(permit)], "openapi_extra": permit.extra}


def caller(permit: Permit) -> Any:
    """The annotation of a route's parameter that is the caller `permit` admits: the route
    is guarded as by `guarded` when it also says `openapi_extra=permit.extra`."""
    return Annotated[Principal, Depends(permit)]
