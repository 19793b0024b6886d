"""The supervision list (督办清单) page: filtered, a page at a time, each entry linked to its case;
the whole filtered list as the API's spreadsheet."""

from __future__ import annotations

from typing import Literal, get_args

from fastapi import APIRouter, Request
from starlette.responses import Response

from application.supervision_rules import RULES
from interface.http.consistency import ReadAt
from interface.http.dependencies import services_of
from interface.http.supervision_routes import RuleCode, supervision_list
from interface.web.collections import PATH_OF_KIND
from interface.web.session_auth import WebPrincipalDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 100
Kind = Literal["appeal", "inspection", "mediation", "policy_claim"]
Status = Literal["open", "cleared"]


@router.get("/supervision")
def supervision(  # noqa: PLR0913 - the list's filters
    request: Request,
    principal: WebPrincipalDep,
    rule: RuleCode | None = None,
    department: str | None = None,
    status: Status | None = "open",
    kind: Kind | None = None,
    cursor: str | None = None,
) -> Response:
    services = services_of(request)
    criteria = {"rule": rule or None, "department": department or None, "status": status,
                "kind": kind}  # fmt: skip
    listing = services.supervision.entries(principal, limit=PAGE, cursor=cursor, **criteria)
    return render(
        request, "supervision.html", principal, listing=listing, rules=RULES,
        names=services.units.names(listing.jurisdiction), collections=PATH_OF_KIND, kinds=get_args(Kind),
        filters={key: value or "" for key, value in criteria.items()},
    )  # fmt: skip


@router.get("/supervision/export")
def supervision_export(  # noqa: PLR0913 - the list's filters
    request: Request,
    principal: WebPrincipalDep,
    rule: RuleCode | None = None,
    department: str | None = None,
    status: Status | None = None,
    kind: Kind | None = None,
    format: Literal["xlsx", "csv"] = "xlsx",  # noqa: A002 - as the API names it
) -> Response:
    """The whole filtered list as the API's spreadsheet of it."""
    return supervision_list(  # type: ignore[no-any-return]
        services_of(request), principal, ReadAt(None, Response()), rule=rule or None,
        department=department or None, status=status, kind=kind, format=format,
    )  # fmt: skip
