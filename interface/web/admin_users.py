"""`/admin/users`: the admin's list of the jurisdiction's accounts, with forms to add one,
disable or enable it, and give it a new password."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from application.account_service import DisableAccount, EnableAccount, OpenAccount
from application.errors import VersionConflict
from application.principal import Principal
from domain.account import AccountProfile, WeakPassword, account_id, require_login
from domain.actor import Role
from domain.enterprise import CreditCode
from domain.errors import DomainError
from interface.http.dependencies import services_of
from interface.web.session_auth import CheckedFormDep, WebPrincipalDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)
ROLES = [role for role in Role if role is not Role.SYSTEM]
NOTICES = {
    "added": "账号已开设。",
    "disabled": "账号已停用，其登录会话已结束。",
    "enabled": "账号已启用。",
    "reset": "密码已重置，该账号的登录会话已结束。",
}


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def page(
    request: Request,
    principal: Principal,
    status: int = 200,
    errors: dict[str, str] | None = None,
    given: dict[str, str] | None = None,
) -> Response:
    """The list and its forms; `errors` by field, `given` what the add form held."""
    accounts = services_of(request).accounts.rows(principal)
    notice = NOTICES.get(request.query_params.get("done", ""))
    return render(request, "admin_users.html", principal, status, accounts=accounts, roles=ROLES,
                  notice=notice, errors=errors or {}, given=given or {})  # fmt: skip


@router.get("/admin/users")
def users(request: Request, principal: WebPrincipalDep) -> Response:
    return page(request, principal)


def profile_of(form: FormData, errors: dict[str, str]) -> AccountProfile | None:
    """The profile the form describes; each wrong field's Chinese message in `errors`."""
    role = next((role for role in ROLES if role.value == text(form, "role")), None)
    credit_code = None
    if role is None:
        errors["role"] = "请选择角色"
    for field, label in (("name", "姓名"), ("org", "单位代码")):
        if not text(form, field):
            errors[field] = f"请填写{label}"
    if text(form, "credit_code"):
        try:
            credit_code = CreditCode(text(form, "credit_code").upper())
        except DomainError:
            errors["credit_code"] = "统一社会信用代码无效（18 位，校验位须正确）"
    if role is not None and (role is Role.ENTERPRISE) != bool(text(form, "credit_code")):
        errors.setdefault("credit_code", "企业用户须填写统一社会信用代码，其他角色不填")
    if errors or role is None:
        return None
    try:
        return AccountProfile(text(form, "name"), role, text(form, "org"), credit_code)
    except DomainError:
        errors["name"] = "姓名或单位代码含有不允许的字符"
        return None


@router.post("/admin/users")
def add_user(request: Request, principal: WebPrincipalDep, form: CheckedFormDep) -> Response:
    errors: dict[str, str] = {}
    login = text(form, "login")
    try:
        require_login(login)
    except DomainError:
        errors["login"] = "登录名须为 1–64 位小写字母、数字或 . - _"
    profile = profile_of(form, errors)
    if profile is not None and not errors:
        command = OpenAccount(jurisdiction=principal.jurisdiction, login=login, profile=profile)
        try:
            services_of(request).accounts.open_account(command, str(form.get("password", "")), principal)
            return RedirectResponse("/admin/users?done=added", status_code=303)
        except WeakPassword as weak:
            errors["password"] = str(weak)
        except VersionConflict:
            errors["login"] = "该登录名已被使用"
    given = {name: text(form, name) for name in ("login", "name", "role", "org", "credit_code")}
    return page(request, principal, 422, errors=errors, given=given)


@router.post("/admin/users/{login}/{action}")
def change_user(
    request: Request, login: str, action: str, principal: WebPrincipalDep, form: CheckedFormDep
) -> Response:
    accounts = services_of(request).accounts
    reason = text(form, "reason") or "管理员操作"
    if action == "reset-password":
        try:
            accounts.reset_password(login, str(form.get("password", "")), principal, reason)
        except WeakPassword as weak:
            return page(request, principal, 422, errors={f"reset:{login}": str(weak)})
        return RedirectResponse("/admin/users?done=reset", status_code=303)
    steps = {"disable": (DisableAccount, "disabled"), "enable": (EnableAccount, "enabled")}
    if action not in steps:
        return render(request, "error.html", principal, 404, title="未找到", message="没有这项操作。")
    step, done = steps[action]
    accounts.execute(account_id(require_login(login)), step(reason=reason), principal)
    return RedirectResponse(f"/admin/users?done={done}", status_code=303)
