"""FastAPI dependencies: the services and the authenticated principal.

A dependency that reads nothing from a store is `async`: FastAPI runs a plain function in a
worker thread, a hand-over that costs more than such a dependency's own work; one that reads a
store (`credential`) stays a plain function, off the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from application.principal import Principal
from application.token_revocations import Credential
from infrastructure.bootstrap import Services
from infrastructure.tokens import InvalidToken

bearer = HTTPBearer(auto_error=False, description="a token from `yingshang token`")


def services_of(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


async def services(request: Request) -> Services:
    return services_of(request)


BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def credential(request: Request, credentials: BearerDep) -> Credential:
    """The caller's valid, unrevoked bearer token; 401 otherwise."""
    if credentials is None:
        raise InvalidToken("this route needs an 'Authorization: Bearer <token>' header")
    return services_of(request).tokens.check(credentials.credentials)


async def principal(token: Annotated[Credential, Depends(credential)]) -> Principal:
    """The caller named by a valid bearer token; 401 otherwise."""
    return token.principal


ServicesDep = Annotated[Services, Depends(services)]
CredentialDep = Annotated[Credential, Depends(credential)]
PrincipalDep = Annotated[Principal, Depends(principal)]
