"""`GET /api/v1/enterprises/{credit_code}/timeline`: everything that happened to an enterprise."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from application.timeline_service import TimelineEntry
from interface.http.consistency import ReadAtDep
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import CreditCodeText
from interface.http.permits import guarded
from interface.http.problems import BEHIND_RESPONSES, ERROR_RESPONSES

router = APIRouter(tags=["enterprises 企业"], responses=ERROR_RESPONSES)


class TimelineView(BaseModel):
    """The events of the cases concerning the enterprise that the caller may see, oldest first,
    a page at a time."""

    credit_code: str
    log_position: int = Field(description="the event-log position the case list reflected")
    entries: list[TimelineEntry]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last")


@router.get(
    "/enterprises/{credit_code}/timeline",
    responses=BEHIND_RESPONSES,
    **guarded("timeline", "read"),
    response_model=TimelineView,
    summary="企业时间线",
)
def enterprise_timeline(
    credit_code: Annotated[CreditCodeText, Path()],
    services: ServicesDep,
    principal: PrincipalDep,
    read: ReadAtDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="events per page")] = 200,
    cursor: Annotated[
        str | None, Query(max_length=200, description="`next_cursor` of the page before")
    ] = None,
) -> TimelineView:
    """The events oldest first (by moment, then case id and version), `limit` at a time."""
    page = services.timelines.enterprise(principal, credit_code, read.min_position, cursor, limit)
    read.reflects(page.log_position)
    return TimelineView(
        credit_code=credit_code,
        log_position=page.log_position,
        entries=page.entries,
        next_cursor=page.next_cursor,
    )
