"""The auditor's view (审计): the log's verification with its head digest, the activity search,
and a case replayed event by event (who, when it happened and when it was recorded, what it
changed, its seal). Every one of these reads is itself recorded in the sealed log."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from application.activity import ActivityQuery
from application.supervision_days import start_of
from interface.http.dependencies import services_of
from application.errors import NotFound
from interface.http.audit_routes import SERVICES
from interface.web.collections import PATH_OF_KIND
from interface.web.event_titles import EVENT_TITLES
from interface.web.forms import day_or_none
from interface.web.session_auth import WebPrincipalDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)
# Where a kind of record is replayed: the API's collection path of each.
REPLAYED = PATH_OF_KIND | {"unit": "units", "calendar": "calendars"}


def day_start(text: str | None, what: str) -> datetime | None:
    """The first moment (Beijing time) of the day `text` names; None when none is given."""
    day = day_or_none(text, what)
    return start_of(day) if day else None


@router.get("/audit")
def audit(  # noqa: PLR0913 - the activity search's fields
    request: Request,
    principal: WebPrincipalDep,
    actor: str | None = None,
    org: str | None = None,
    start: str | None = None,
    end: str | None = None,
    imported: str | None = None,
    verify: bool = False,
) -> Response:
    services = services_of(request)
    verdict = services.audit.verify(principal) if verify else None
    query = ActivityQuery(
        principal.jurisdiction.value, actor=actor or None, org=org or None,
        start=day_start(start, "from"), end=day_start(end, "to"), limit=200,
        imported={"true": True, "false": False}.get(imported or ""),
    )  # fmt: skip
    entries, position = services.audit.activity(principal, query)
    return render(
        request, "audit.html", principal, verdict=verdict, entries=entries, position=position,
        filters={"actor": actor or "", "org": org or "", "start": start or "", "end": end or "",
                 "imported": imported if imported in ("true", "false") else ""},  # fmt: skip
        collections=REPLAYED, titles=EVENT_TITLES,
    )  # fmt: skip


@router.get("/audit/{path}/{case_id}")
def replay(request: Request, path: str, case_id: UUID, principal: WebPrincipalDep) -> Response:
    services = services_of(request)
    if path not in SERVICES:
        raise NotFound(f"no collection {path!r}")
    replayed = services.audit.events(principal, SERVICES[path](services).case_class, case_id)
    return render(
        request, "audit_replay.html", principal, replay=replayed, path=path, titles=EVENT_TITLES
    )
