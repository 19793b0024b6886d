"""Each role's inbox (待办): the queues of cases waiting for it, with their counts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from interface.web.session_auth import WebPrincipalDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/inbox")
def inbox(request: Request, principal: WebPrincipalDep) -> Response:
    return render(request, "inbox.html", principal, queues=[])
