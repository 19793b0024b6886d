"""Case pages: a collection's list, the form that opens a case, and a case with its facts, its
timeline and a form for each step this person may take in its state.

Every step is posted with the version the page showed, so a page gone stale cannot overwrite a
newer step (the API's `If-Match`); what the domain refuses is shown beside the form, in Chinese.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from application.case_index import CaseFilter
from application.errors import ApplicationError
from application.permissions import ACTIONS
from application.principal import Principal
from application.step_offers import offered_steps
from domain.case import Case
from domain.errors import DomainError
from infrastructure.bootstrap import Services
from interface.http.dependencies import services_of
from interface.http.case_routes import unit_names
from interface.http.problems import status_of
from interface.web.collections import Shown, shown, step_title
from interface.web.documents import documents_of
from interface.web.error_pages import explained
from interface.web.event_titles import EVENT_TITLES, SHOWN_FACTS
from interface.web.forms import day_or_none, fields_of, read_form
from interface.web.session_auth import CheckedFormDep, WebPrincipalDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/cases/{path}")
def case_list(
    request: Request,
    path: str,
    principal: WebPrincipalDep,
    status: str | None = None,
    organisation: str | None = None,
    mode: str | None = None,
    received_from: str | None = None,
    received_before: str | None = None,
    overdue: bool = False,
    cursor: int | None = None,
) -> Response:
    collection, services = shown(path), services_of(request)
    service = collection.collection.service(services)
    today = service.today()
    query = CaseFilter(status=status or None, organisation=organisation or None, mode=mode or None,
                       received_from=day_or_none(received_from, "received_from"),
                       received_before=day_or_none(received_before, "received_before"),
                       overdue_on=today if overdue else None, before=cursor, limit=PAGE)  # fmt: skip
    page = service.list(query, principal)
    rows = [row for _, row in page.rows]
    names = unit_names(services, rows)
    more = page.rows[-1][0] if len(page.rows) == PAGE else None
    return render(
        request, "case_list.html", principal, shown=collection, rows=rows, names=names,
        today=today, status=status or "", organisation=organisation or "", mode=mode or "",
        received=(received_from or "", received_before or ""), overdue=overdue,
        next_cursor=more,
        may_open=may_open(collection, principal),
    )  # fmt: skip


def may_open(collection: Shown, principal: Principal) -> bool:
    """Whether the principal's role may open a case of this collection."""
    return principal.actor.role in ACTIONS[collection.collection.kind].get("submit", frozenset())


@router.get("/cases/{path}/new")
def new_case_form(request: Request, path: str, principal: WebPrincipalDep) -> Response:
    collection = shown(path)
    values = {"jurisdiction": principal.jurisdiction.value} | dict(request.query_params)
    if principal.credit_code is not None:
        values["enterprise.credit_code"] = principal.credit_code.value
    if "credit_code" in request.query_params:
        values["enterprise.credit_code"] = request.query_params["credit_code"]
    return new_case_page(request, collection, principal, values, {})


def new_case_page(
    request: Request,
    collection: Shown,
    principal: Principal,
    values: dict[str, Any],
    errors: dict[str, str],
    alert: str = "",
    status: int = 200,
) -> Response:
    body = collection.collection.intake["body"]
    names = services_of(request).units.names(principal.jurisdiction.value)
    return render(
        request, "case_new.html", principal, status, shown=collection, fields=fields_of(body),
        values=values, errors=errors, alert=alert, names=names,
    )  # fmt: skip


@router.post("/cases/{path}/new")
def open_case(
    request: Request, path: str, principal: WebPrincipalDep, form: CheckedFormDep
) -> Response:
    collection, services = shown(path), services_of(request)
    body, errors = read_form(collection.collection.intake["body"], form)
    values = dict(form)
    if body is None:
        return new_case_page(request, collection, principal, values, errors, status=422)
    try:
        case = collection.collection.intake["create"](services, body, principal)
    except (DomainError, ApplicationError) as error:
        alert = f"{explained(error.code)}（{error}）"
        return new_case_page(request, collection, principal, values, {}, alert, status_of(error))
    return RedirectResponse(f"/cases/{path}/{case.id}?done=new", status_code=303)


@router.get("/cases/{path}/{case_id}")
def case_page(
    request: Request, path: str, case_id: UUID, principal: WebPrincipalDep, done: str = ""
) -> Response:
    collection, services = shown(path), services_of(request)
    case = collection.collection.service(services).get(case_id, principal)
    return show_case(request, collection, services, case, principal, done=done)


def show_case(  # noqa: PLR0913 - a case page and what a refused step adds to it
    request: Request,
    collection: Shown,
    services: Services,
    case: Case,
    principal: Principal,
    done: str = "",
    failed: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The case page; `failed` holds a refused step's action, values, errors and alert."""
    service = collection.collection.service(services)
    view = collection.collection.view(case, service.today())
    steps = offered_steps(case, collection.steps(), principal, service.clock())
    forms = [
        {"action": command.action, "title": step_title(command),
         "help": (command.__doc__ or "").split(":", 1)[-1].strip(),
         "fields": fields_of(collection.step(command.action)[1])}
        for command in steps
    ]  # fmt: skip
    return render(
        request, "case.html", principal, status, shown=collection, case=case,
        facts=view.model_dump(mode="json"), timeline=timeline_of(services, case), forms=forms,
        failed=failed or {}, done=step_done(collection, done),
        documents=documents_of(case) + qr_links(case, principal),
        names=services.units.names(case.jurisdiction.value) if case.jurisdiction else {},
    )  # fmt: skip


def qr_links(case: Case, principal: Principal) -> list[tuple[str, str]]:
    """The QR code of each enterprise of the case (扫码入企), for those who may print one."""
    if principal.actor.role not in ACTIONS["enterprise_qr"]["read"]:
        return []
    return [(f"企业二维码（扫码入企）{code}", f"/enterprises/{code}/qr")
            for code in sorted(case.credit_codes())]  # fmt: skip


def step_done(collection: Shown, action: str) -> str:
    if action == "new":
        return "已登记"
    if action in collection.collection.steps:
        return f"已办理：{step_title(collection.step(action)[0])}"
    return ""


def timeline_of(services: Services, case: Case) -> list[dict[str, Any]]:
    """The case's events, oldest first: when, what, who, and the facts a timeline shows."""
    entries = []
    for event in services.store.repository.event_store.get(case.id):
        name = type(event).__name__
        facts = {key: getattr(event, key) for key in SHOWN_FACTS if getattr(event, key, None)}
        actor = getattr(event, "actor", None)
        entries.append({
            "version": event.originator_version, "title": EVENT_TITLES.get(name, name),
            "occurred_at": getattr(event, "occurred_at", event.timestamp),
            "actor": actor, "facts": facts,
        })  # fmt: skip
    return entries


@router.post("/cases/{path}/{case_id}/{action}")
def take_step(  # noqa: PLR0913 - the case, the step and the form
    request: Request,
    path: str,
    case_id: UUID,
    action: str,
    principal: WebPrincipalDep,
    form: CheckedFormDep,
) -> Response:
    collection, services = shown(path), services_of(request)
    service = collection.collection.service(services)
    command, body_type = collection.step(action)
    case = service.acting_on(case_id, principal)
    body, errors = read_form(body_type, form)
    if body is None:
        failed = {"action": action, "values": dict(form), "errors": errors}
        return show_case(request, collection, services, service.shown(case, principal),
                         principal, failed=failed, status=422)  # fmt: skip
    try:
        service.execute_on(case, body.command(), principal, version_of(form))
    except (DomainError, ApplicationError) as error:
        fresh = service.get(case_id, principal)
        failed = {"action": action, "values": dict(form), "errors": {},
                  "alert": f"{explained(error.code)}（{error}）"}  # fmt: skip
        return show_case(request, collection, services, fresh, principal, failed=failed,
                         status=status_of(error))  # fmt: skip
    return RedirectResponse(f"/cases/{path}/{case_id}?done={action}", status_code=303)


def version_of(form: FormData) -> int | None:
    """The version the page showed, which the step must still find (None if not posted)."""
    text = str(form.get("version", ""))
    return int(text) if text.isdigit() else None
