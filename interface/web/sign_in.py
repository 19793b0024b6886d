"""Signing in and out of the console."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from infrastructure.tokens import InvalidToken
from interface.http.dependencies import services_of
from interface.web.session_auth import SESSION_COOKIE, CheckedFormDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site)."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return "/"
    return path


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", None, next=safe_next(next))


@router.post("/login")
def login(
    request: Request, token: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    try:
        services_of(request).tokens.check(token.strip())
    except InvalidToken:
        return render(request, "login.html", None, 401, next=safe_next(next), error="登录凭据无效")
    answer = RedirectResponse(safe_next(next), status_code=303)
    secure = request.url.scheme == "https"
    answer.set_cookie(SESSION_COOKIE, token.strip(), httponly=True, samesite="strict", secure=secure)
    return answer


@router.post("/logout")
def logout(form: CheckedFormDep) -> Response:
    answer = RedirectResponse("/login", status_code=303)
    answer.delete_cookie(SESSION_COOKIE)
    return answer
