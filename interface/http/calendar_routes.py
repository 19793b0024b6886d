"""`/api/v1/calendars`: the working calendar (工作日历), one year at a time, kept by the admins."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from domain.actor import Actor
from domain.bounds import FIRST_YEAR, LAST_YEAR
from domain.calendar_year import CalendarYear, YearDays
from interface.http.case_routes import ETAG, STEPPED, IfMatch, expected_version
from interface.http.consistency import written
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import ActTime, Day, StrictBody, Text
from interface.http.permits import guarded
from interface.http.problems import ERROR_RESPONSES

router = APIRouter(prefix="/calendars", tags=["calendar 工作日历"], responses=ERROR_RESPONSES)

Year = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="a calendar year, e.g. 2027")]
Days = Annotated[list[Day], Field(max_length=366)]


class CalendarBody(StrictBody):
    """The year's whole set of days: holidays (放假, including those on weekends) and make-up
    workdays (调休上班, on weekends), the document they come from, and for a revision why."""

    holidays: Days = Field(min_length=1)
    workdays: Days = []
    document: Text = Field(description="the notice, e.g. 国办发明电〔2026〕N号")
    reason: Text | None = Field(default=None, description="why the year is revised (修订理由)")
    occurred_at: ActTime | None = None


class ActorView(BaseModel):
    id: str
    role: str
    org: str

    @classmethod
    def of(cls, actor: Actor | None) -> ActorView | None:
        return cls(id=actor.id, role=actor.role.value, org=actor.org) if actor else None


class CalendarView(BaseModel):
    """An entered year: its days, its revision and who entered and last revised it."""

    id: UUID
    year: int
    case_number: str
    revision: int = Field(description="the year's version: 1 as entered, 2 … after revisions")
    calendar: str = Field(description="how deadlines reckoned with it name it, e.g. 2027#2")
    holidays: list[date]
    workdays: list[date]
    document: str
    entered_by: ActorView
    entered_at: datetime
    revised_by: ActorView | None
    revised_at: datetime | None
    reason: str | None

    @classmethod
    def of(cls, year: CalendarYear) -> CalendarView:
        return cls(
            id=year.id, year=year.year, case_number=year.case_number, revision=year.version,
            calendar=year.label(), holidays=list(year.holidays), workdays=list(year.workdays),
            document=year.document, entered_by=ActorView.of(year.entered_by),
            entered_at=year.entered_at, revised_by=ActorView.of(year.revised_by),
            revised_at=year.revised_at, reason=year.reason,
        )  # fmt: skip


class KnownYear(BaseModel):
    year: int
    source: Literal["entered", "official"] = Field(
        description="entered by an admin, or built in (chinese-calendar and the override file)"
    )
    calendar: str | None = Field(description="an entered year's revision, e.g. 2027#2")


class KnownYears(BaseModel):
    years: list[KnownYear]


def _shown(year: CalendarYear) -> JSONResponse:
    body = CalendarView.of(year).model_dump(mode="json")
    return JSONResponse(body, headers={"ETag": f'"{year.version}"'})


@router.put(
    "/{year}",
    **guarded("calendar", "set"),
    response_model=CalendarView,
    responses={200: {"description": "The year as entered or revised", "headers": STEPPED[200]["headers"]}},
    summary="录入/修订工作日历 Enter or revise a year",
)
def set_year(  # noqa: PLR0913 - the route's documented parameters
    year: Year,
    body: CalendarBody,
    services: ServicesDep,
    principal: PrincipalDep,
    if_match: IfMatch = None,
) -> Response:
    """Enter the year, or revise it (then `reason` is required); `If-Match` honoured. The same
    days and document again change nothing."""
    days = YearDays.of(year, body.holidays, body.workdays)
    entered = services.calendars.set(
        days, body.document, principal, body.reason, expected_version(if_match), body.occurred_at
    )
    return written(_shown(entered), services.store)


@router.get(
    "/{year}",
    **guarded("calendar", "read"),
    response_model=CalendarView,
    responses={200: {"description": "The year", "headers": ETAG}},
    summary="某年工作日历 A year's calendar",
)
def get_year(year: Year, services: ServicesDep, principal: PrincipalDep) -> JSONResponse:
    """An entered year (404 for a year no admin entered: `GET /calendars` lists the built-in)."""
    return _shown(services.calendars.year(year, principal))


@router.get(
    "",
    **guarded("calendar", "read"),
    response_model=KnownYears,
    summary="已知年份 The years the calendar knows",
)
def known_years(services: ServicesDep, principal: PrincipalDep) -> KnownYears:
    known = services.calendars.known(principal)
    return KnownYears(
        years=[KnownYear(year=k.year, source=k.source, calendar=k.revision) for k in known]  # type: ignore[arg-type]
    )
