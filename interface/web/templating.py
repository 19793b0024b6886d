"""The console's Jinja2 templates and what every page is given: the user, the CSRF token of
its forms, the navigation of the user's role and the Chinese label of any code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from application.principal import Principal
from application.vocabulary import VOCABULARIES
from domain.actor import Role
from interface.web.session_auth import csrf_token

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def label(vocabulary: str, code: object) -> str:
    """The Chinese label of `code` in `vocabulary` (`appeal_status`, `role` …); the code itself
    where there is none."""
    text = "" if code is None else str(getattr(code, "value", code))
    found = VOCABULARIES.get(vocabulary)
    return found.label(text) if found else text


templates.env.globals["label"] = label

# The pages of each role's navigation bar: (path, title).
NAVIGATION: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.ENTERPRISE: (("/inbox", "我的诉求"), ("/cases/appeals/new", "提交诉求")),
    Role.COORDINATOR: (
        ("/inbox", "待办"), ("/cases/appeals", "诉求"), ("/supervision", "督办清单"),
        ("/dashboard", "统计"),
    ),
    Role.HANDLER: (("/inbox", "待办"), ("/cases/appeals", "诉求")),
    Role.INSPECTOR: (("/inbox", "待办"), ("/cases/inspections", "检查")),
    Role.MEDIATOR: (("/inbox", "待办"), ("/cases/mediations", "调解")),
    Role.COURT_CLERK: (("/inbox", "待办"), ("/cases/mediations", "调解")),
    Role.FINANCE: (("/inbox", "待办"), ("/cases/claims", "政策兑现")),
    Role.AUDITOR: (
        ("/audit", "审计"), ("/supervision", "督办清单"), ("/dashboard", "统计"),
    ),
    Role.ADMIN: (("/admin/users", "账号"), ("/audit", "审计")),
}  # fmt: skip


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page `template` for `principal` (None on the sign-in and error pages)."""
    role = principal.actor.role if principal else None
    return templates.TemplateResponse(
        request,
        template,
        {
            "user": principal,
            "navigation": NAVIGATION.get(role, ()) if role else (),
            "csrf_token": csrf_token(request),
            **context,
        },
        status_code=status,
    )
