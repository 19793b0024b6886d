"""Who is signed in to the console, and the CSRF token of their forms.

The contract every page relies on:
- `web_principal(request)` gives the signed-in `Principal`, or raises `SignInRequired` (a page
  answers with a redirect to `/login?next=…`);
- `csrf_token(request)` is the token each form carries in its hidden `csrf_token` field;
- `checked_form(request)` reads a posted form and refuses it (403) unless its token (the
  `csrf_token` field, or an `X-CSRF-Token` header as htmx can send) is the session's.

The session cookie holds a random 256-bit key of a server-side session (`application.sign_ins`);
the CSRF token is an HMAC under the session's own secret, compared in constant time. The sign-in
form, which comes before any session, is guarded by the cookie's SameSite=Lax and a check that
the form was posted from this site (`same_origin`).
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from application.errors import Forbidden
from application.principal import Principal
from application.sign_ins import Session, csrf_token_of
from interface.http.dependencies import services_of

SESSION_COOKIE = "yingshang_session"
NO_SESSION = object()  # request.state's mark of a request looked up and found without one


class SignInRequired(Exception):
    """The page needs a signed-in user; `next` is where to come back after signing in."""

    def __init__(self, next_path: str) -> None:
        super().__init__("请先登录")
        self.next = next_path


def console_session(request: Request) -> Session | None:
    """The live session of the request's cookie, looked up once per request."""
    found = getattr(request.state, "console_session", None)
    if found is None:
        key = request.cookies.get(SESSION_COOKIE, "")
        found = (services_of(request).sign_ins.session(key) if key else None) or NO_SESSION
        request.state.console_session = found
    return None if found is NO_SESSION else found  # type: ignore[return-value]


def here(request: Request) -> str:
    """The path (and query) of this request, to come back to after signing in."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def web_principal(request: Request) -> Principal:
    """The signed-in user of this request; `SignInRequired` otherwise."""
    session = console_session(request)
    if session is None:
        raise SignInRequired(here(request))
    return session.principal


def csrf_token(request: Request) -> str:
    """The token the session's forms carry ("" before signing in)."""
    session = console_session(request)
    return csrf_token_of(session) if session else ""


async def checked_form(request: Request) -> FormData:
    """The posted form, if it carries the session's CSRF token; `Forbidden` otherwise (and
    `SignInRequired` where there is no session any more)."""
    form = await request.form()
    session = await run_in_threadpool(console_session, request)  # it may read the store
    if session is None:
        raise SignInRequired("/")
    given = form.get("csrf_token") or request.headers.get("x-csrf-token")
    expected = csrf_token_of(session).encode()
    if not isinstance(given, str) or not hmac.compare_digest(given.encode(), expected):
        raise Forbidden("表单已过期或来源不明，请刷新页面后重试（CSRF 校验未通过）")
    return form


def same_origin(request: Request) -> bool:
    """Whether a form was posted from this site: its `Origin` (else `Referer`) names this
    host; a request with neither passes (browsers send `Origin` with every cross-site POST)."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return True
    return urlsplit(source).netloc == request.url.netloc


WebPrincipalDep = Annotated[Principal, Depends(web_principal)]
CheckedFormDep = Annotated[FormData, Depends(checked_form)]
