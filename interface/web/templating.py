"""The console's Jinja2 templates and what every page is given: the user, the CSRF token of
its forms, the navigation of the user's role and the Chinese label of any code."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import HTMLResponse

from application.principal import Principal
from application.vocabulary import VOCABULARIES
from domain.actor import Role
from interface.web.field_labels import field_label
from interface.web.session_auth import csrf_token

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def label(vocabulary: str, code: object) -> str:
    """The Chinese label of `code` in `vocabulary` (`appeal_status`, `role` …); the code itself
    where there is none."""
    text = "" if code is None else str(getattr(code, "value", code))
    found = VOCABULARIES.get(vocabulary)
    return found.label(text) if found else text


MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00")
# The vocabulary of a fact whose name differs from its vocabulary's.
FACT_VOCABULARIES = {
    "level": "handling_level", "source": "dispute_source", "mode": "policy_mode",
    "role": "party_role", "confirmation": "confirmation", "performance": "performance",
}


def fact(key: str, value: Any, statuses: str = "") -> str:
    """A fact of a case as a person reads it: codes labelled, yes/no, lists joined."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "；".join(fact(key, item, statuses) for item in value)
    if isinstance(value, dict):
        return "，".join(f"{field_label(k)}：{fact(k, v)}" for k, v in value.items() if k != "id")
    if isinstance(value, str) and MOMENT.fullmatch(value):
        return value[:16].replace("T", " ")  # Beijing time, to the minute
    vocabulary = statuses if key == "status" and statuses else FACT_VOCABULARIES.get(key, key)
    return label(vocabulary, value)


def label_options(vocabulary: str) -> list[tuple[str, str]]:
    """A vocabulary's codes and labels, in its order, for a list to pick from."""
    found = VOCABULARIES.get(vocabulary)
    return list(found.labels.items()) if found else []


def script_json(data: Any) -> Markup:
    """`data` as JSON safe inside a `<script>` element: no `<`, `>` or `&` that could end it."""
    text = json.dumps(data, ensure_ascii=False)
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped


def percent(value: str | None) -> str:
    """A ratio's decimal text as a percentage to one place (`0.8333` → `83.3%`)."""
    return "—" if value is None else f"{float(value) * 100:.1f}%"


templates.env.globals.update(
    label=label, label_options=label_options, fact=fact, field_label=field_label, percent=percent
)

# The pages of each role's navigation bar: (path, title).
NAVIGATION: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.ENTERPRISE: (("/inbox", "我的诉求"), ("/cases/appeals/new", "提交诉求")),
    Role.COORDINATOR: (
        ("/inbox", "待办"), ("/cases/appeals", "诉求"), ("/cases/mediations", "调解"),
        ("/supervision", "督办清单"), ("/dashboard", "统计"),
    ),
    Role.HANDLER: (("/inbox", "待办"), ("/cases/appeals", "诉求")),
    Role.INSPECTOR: (("/inbox", "待办"), ("/cases/inspections", "检查")),
    Role.MEDIATOR: (("/inbox", "待办"), ("/cases/mediations", "调解")),
    Role.COURT_CLERK: (("/inbox", "待办"), ("/cases/mediations", "调解")),
    Role.FINANCE: (("/inbox", "待办"), ("/cases/policy-claims", "政策兑现")),
    Role.AUDITOR: (
        ("/audit", "审计"), ("/supervision", "督办清单"), ("/dashboard", "统计"),
    ),
    Role.ADMIN: (("/admin/users", "账号"), ("/cases/policies", "惠企政策"), ("/audit", "审计")),
}  # fmt: skip


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    status_code: int = 200,
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
        status_code=status_code,
    )
