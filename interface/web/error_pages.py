"""Errors on console pages as Chinese pages; the API keeps answering problem+json.

Each problem handler of the API is wrapped: on a console path its answer (status, code, detail)
is shown as a page with the code's Chinese explanation; a page that needs a signed-in user
redirects to the sign-in page.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from application.principal import Principal
from interface.web.session_auth import SignInRequired, console_session
from interface.web.templating import render

Handler = Callable[[Request, Any], Awaitable[Response]]
API_PATHS = ("/api/", "/openapi.json", "/healthz", "/docs", "/redoc", "/static/")

# What each stable problem code means to the person at the screen.
CHINESE: dict[str, str] = {
    "not_found": "未找到：页面或案件不存在，或不在您的管辖范围内。",
    "method_not_allowed": "不支持此操作方式。",
    "forbidden": "无权操作：您的角色或管辖范围不允许此操作。",
    "unauthenticated": "请先登录。",
    "token_expired": "登录已过期，请重新登录。",
    "token_revoked": "登录已失效，请重新登录。",
    "invalid_transition": "案件当前状态不允许此操作。",
    "version_conflict": "案件刚被他人更新，您的操作未生效，请刷新页面后重试。",
    "precondition_failed": "页面已过期：案件已有更新的步骤，请刷新页面后重试。",
    "validation_error": "输入有误，请检查后重试。",
    "unit_unavailable": "所选单位未在机构名录中登记、类型不符或已停用。",
    "calendar_unavailable": "该年度工作日历尚未录入，无法推算期限，请直接填写日期。",
    "views_behind": "数据正在更新，请稍后刷新。",
    "log_not_intact": "事件日志校验未通过，已停止写入，请联系管理员。",
    "idempotency_key_reused": "重复提交的请求内容不一致。",
    "internal_error": "系统内部错误，已记录，请稍后再试。",
}
TITLES = {401: "请先登录", 403: "无权操作", 404: "未找到", 409: "无法办理", 422: "输入有误"}


def explained(code: str) -> str:
    """The Chinese explanation of a problem code (a generic one for a code it does not know)."""
    return CHINESE.get(code, "操作未能完成。")


def is_console(request: Request) -> bool:
    return not request.url.path.startswith(API_PATHS)


def as_page(handler: Handler) -> Handler:
    """`handler` for the API; on a console path, its problem shown as a page."""

    async def handle(request: Request, error: Any) -> Response:
        answer = await handler(request, error)
        if not is_console(request):
            return answer
        problem = json.loads(bytes(answer.body))
        status = answer.status_code
        return render(
            request, "error.html", await signed_in_user(request), status,
            title=TITLES.get(status, "出错了"), message=explained(problem.get("code", "")),
            detail=problem.get("detail", ""),
        )  # fmt: skip

    return handle


async def sign_in_first(request: Request, error: SignInRequired) -> Response:
    return RedirectResponse(f"/login?next={quote(error.next)}", status_code=303)


async def signed_in_user(request: Request) -> Principal | None:
    """Who is signed in, for the error page's menu; None where that cannot be told (the error
    may be the store's own)."""
    try:
        session = await run_in_threadpool(console_session, request)
    except Exception:  # noqa: BLE001 - an error page never fails for want of its menu
        return None
    return session.principal if session else None


def install_error_pages(app: FastAPI) -> None:
    """Wrap the problem handlers already installed; add the redirect to the sign-in page."""
    for kind, handler in list(app.exception_handlers.items()):
        app.exception_handlers[kind] = as_page(handler)
    app.add_exception_handler(SignInRequired, sign_in_first)  # type: ignore[arg-type]
