"""Signing in to the console with a login name and password, and out (`POST /logout`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from application.sign_ins import SignInRefused
from domain.sign_in import SignInOutcome
from interface.http.dependencies import services_of
from interface.web.session_auth import (
    SESSION_COOKIE,
    CheckedFormDep,
    console_session,
    same_origin,
)
from interface.web.templating import render

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):  # noqa: PLR2004 - control characters
        return "/"
    parts = urlsplit(path)
    return "/" if parts.scheme or parts.netloc else path


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:  # noqa: A002 - the parameter's name
    if console_session(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", None, next=safe_next(next))


@router.post("/login")
def login(
    request: Request, login: Field = "", password: Field = "", next: Field = "/"  # noqa: A002
) -> Response:
    if not same_origin(request):
        return render(request, "login.html", None, 403, next=safe_next(next),
                      error="登录表单来源不明，请从本系统的登录页登录")  # fmt: skip
    address = request.client.host if request.client else "unknown"
    try:
        key, _ = services_of(request).sign_ins.sign_in(login, password, address)
    except SignInRefused as refused:
        status = 429 if refused.outcome is SignInOutcome.THROTTLED else 401
        return render(request, "login.html", None, status, next=safe_next(next),
                      login=login[:64], error=str(refused))  # fmt: skip
    if request.cookies.get(SESSION_COOKIE):  # signing in again: the session before ends
        services_of(request).sign_ins.sign_out(request.cookies[SESSION_COOKIE])
    answer = RedirectResponse(safe_next(next), status_code=303)
    secure = services_of(request).settings.session_cookie_secure
    answer.set_cookie(
        SESSION_COOKIE, key, httponly=True, samesite="lax", path="/",
        secure=request.url.scheme == "https" if secure is None else secure,
    )  # fmt: skip
    return answer


@router.post("/logout")
def logout(request: Request, form: CheckedFormDep) -> Response:
    services_of(request).sign_ins.sign_out(request.cookies.get(SESSION_COOKIE, ""))
    answer = RedirectResponse("/login", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer
