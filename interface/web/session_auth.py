"""Who is signed in to the console, and the CSRF token of their forms.

The contract every page relies on:
- `web_principal(request)` gives the signed-in `Principal`, or raises `SignInRequired` (a page
  answers with a redirect to `/login?next=…`);
- `csrf_token(request)` is the token each form carries in its hidden `csrf_token` field;
- `checked_form(request)` reads a posted form and refuses it (403) unless its token is the
  session's.

This first version signs in with a bearer token from `yingshang token` kept in an HttpOnly
cookie; accounts with passwords replace it.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from application.errors import Forbidden
from application.principal import Principal
from infrastructure.tokens import InvalidToken
from interface.http.dependencies import services_of

SESSION_COOKIE = "yingshang_session"


class SignInRequired(Exception):
    """The page needs a signed-in user; `next` is where to come back after signing in."""

    def __init__(self, next_path: str) -> None:
        super().__init__("请先登录")
        self.next = next_path


def web_principal(request: Request) -> Principal:
    """The signed-in user of this request; `SignInRequired` otherwise."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequired(request.url.path)
    try:
        return services_of(request).tokens.check(token).principal
    except InvalidToken:
        raise SignInRequired(request.url.path) from None


def csrf_token(request: Request) -> str:
    """The token the session's forms carry: bound to the session, unknown to other sites."""
    session = request.cookies.get(SESSION_COOKIE, "")
    return hashlib.sha256(f"csrf:{session}".encode()).hexdigest()[:32]


async def checked_form(request: Request) -> FormData:
    """The posted form, if it carries the session's CSRF token; `Forbidden` otherwise."""
    form = await request.form()
    given = form.get("csrf_token")
    if not isinstance(given, str) or not hmac.compare_digest(given, csrf_token(request)):
        raise Forbidden("表单已过期或来源不明，请刷新页面后重试（CSRF 校验未通过）")
    return form


WebPrincipalDep = Annotated[Principal, Depends(web_principal)]
CheckedFormDep = Annotated[FormData, Depends(checked_form)]
