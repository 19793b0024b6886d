"""`GET /api/v1/supervision-list`: what is overdue or against the rules (督办清单)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from application.supervision_list import ListedEntry
from application.supervision_rules import RULES
from application.vocabulary import CASE_KIND, SUPERVISION_RULE, SUPERVISION_STATUS
from interface.http.consistency import ReadAtDep
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import Code, Moment
from interface.http.permits import guarded
from interface.http.problems import BEHIND_RESPONSES, ERROR_RESPONSES
from interface.http.tables import TABLE_RESPONSES, Column, TableFormat, table_response

router = APIRouter(tags=["supervision 督办"], responses=ERROR_RESPONSES)

RuleCode = Literal[tuple(RULES)]  # type: ignore[valid-type]
COLUMNS: list[Column] = [
    ("case_number", "案件编号"),
    ("kind", "案件类型", CASE_KIND),
    ("rule", "督办事由", SUPERVISION_RULE),
    ("rule_name", "事由说明"),
    ("departments", "责任单位"),
    ("department_names", "责任单位名称"),
    ("jurisdiction", "行政区划"),
    ("credit_codes", "统一社会信用代码"),
    ("since", "起始时间"),
    ("due", "期限"),
    ("issuer", "督办人"),
    ("issuer_org", "督办单位"),
    ("reason", "督办理由"),
    ("status", "状态", SUPERVISION_STATUS),
    ("cleared_at", "销号时间"),
    ("cleared_by", "销号事件"),
    ("calendar", "期限所用工作日历"),
    ("calendar_changed", "工作日历变更"),
]


class SupervisionListView(BaseModel):
    """The entries as they stood at `as_of`, oldest first, and the rules they name."""

    jurisdiction: str
    as_of: datetime
    log_position: int = Field(description="the event-log position the list reflects")
    rules: dict[str, str] = Field(description="every rule code and what it means")
    entries: list[ListedEntry]
    units: dict[str, str] = Field(
        description="the registry's name of each unit the entries name, by code (机构名录)"
    )
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last")


@router.get(
    "/supervision-list",
    responses=BEHIND_RESPONSES | TABLE_RESPONSES,
    **guarded("supervision", "read"),
    response_model=SupervisionListView,
    response_model_exclude={"entries": {"__all__": {"entry_index"}}},  # the cursor's, not said
    summary="督办清单",
)
def supervision_list(  # noqa: PLR0913 - the list's documented filters
    services: ServicesDep,
    principal: PrincipalDep,
    read: ReadAtDep,
    jurisdiction: Code | None = None,
    rule: RuleCode | None = None,
    department: Code | None = None,
    status: Literal["open", "cleared"] | None = None,
    kind: Literal["appeal", "inspection", "mediation", "policy_claim"] | None = None,
    as_of: Annotated[
        Moment | None,
        Query(
            description="a past moment with its offset, e.g. 2026-03-31T18:00:00+08:00; now if unset"
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="entries per page (JSON)")] = 200,
    cursor: Annotated[
        str | None, Query(max_length=200, description="`next_cursor` of the page before")
    ] = None,
    format: TableFormat = "json",  # noqa: A002 - the query parameter's documented name
) -> Any:
    """The entries oldest first, a page at a time; CSV and XLSX carry the whole list."""
    page = {"limit": limit, "cursor": cursor} if format == "json" else {}
    listing = services.supervision.entries(
        principal, jurisdiction, as_of, rule=rule, department=department, status=status,
        kind=kind, min_position=read.min_position, **page,
    )  # fmt: skip
    read.reflects(listing.log_position)
    names = services.units.names(listing.jurisdiction)
    if format != "json":
        rows = [
            vars(entry) | {"rule_name": RULES[entry.rule],
                           "department_names": [names.get(d, d) for d in entry.departments]}
            for entry in listing.entries
        ]  # fmt: skip
        name = f"督办清单-{listing.jurisdiction}-{listing.as_of:%Y%m%d%H%M}"
        return read.answer(table_response(COLUMNS, rows, format, name), listing.log_position)
    return SupervisionListView(
        jurisdiction=listing.jurisdiction,
        as_of=listing.as_of,
        log_position=listing.log_position,
        rules=RULES,
        entries=listing.entries,
        units={d: names[d] for entry in listing.entries for d in entry.departments if d in names},
        next_cursor=listing.next_cursor,
    )
