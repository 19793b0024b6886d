"""`GET /api/v1/enterprises/{credit_code}/timeline`: everything that happened to an enterprise."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from application.timeline_service import TimelineEntry
from interface.http.consistency import ReadAtDep
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import CreditCodeText
from interface.http.permits import guarded
from interface.http.problems import BEHIND_RESPONSES, ERROR_RESPONSES

router = APIRouter(tags=["enterprises 企业"], responses=ERROR_RESPONSES)


class TimelineView(BaseModel):
    """Every event of the cases concerning the enterprise that the caller may see, oldest first."""

    credit_code: str
    log_position: int = Field(description="the event-log position the case list reflected")
    entries: list[TimelineEntry]


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
) -> TimelineView:
    entries, position = services.timelines.enterprise(principal, credit_code, read.min_position)
    read.reflects(position)
    return TimelineView(
        credit_code=credit_code,
        log_position=position,
        entries=entries,
    )
