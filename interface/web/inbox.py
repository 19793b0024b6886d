"""Each role's inbox (待办): the queues of cases waiting for it, with their counts and the
newest cases of each; a department officer sees the working days left on each of its cases."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from application.case_index import CaseFilter
from application.principal import Principal
from domain.actor import Role
from domain.working_days import CalendarUnavailable, working_days_between
from infrastructure.bootstrap import Services
from interface.http.dependencies import services_of
from interface.web.collections import SHOWN
from interface.web.session_auth import WebPrincipalDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)
SHOWN_ROWS = 10  # the newest cases listed under a queue
DUE_SOON_DAYS = 3  # calendar days ahead that count as 临期


@dataclass(frozen=True)
class Queue:
    """Cases of one collection waiting for a role: those matching any of `filters`."""

    key: str
    title: str
    path: str
    filters: tuple[CaseFilter, ...]

    def link(self) -> str:
        """The collection's list filtered as the queue's first filter is."""
        first = self.filters[0]
        query = f"?status={first.status}" if first.status else "?overdue=true"
        return f"/cases/{self.path}{query}"


def by_status(*statuses: str, **more: Any) -> tuple[CaseFilter, ...]:
    return tuple(CaseFilter(status=status, **more) for status in statuses)


def queues_of(role: Role, today: date) -> tuple[Queue, ...]:
    """The queues of a role, as of `today`."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    handling = ("assigned", "supervised")
    return {
        Role.COORDINATOR: (
            Queue("to_receive", "待受理", "appeals", by_status("submitted")),
            Queue("to_assign", "待交办", "appeals", by_status("received", "returned")),
            Queue("due_soon", "临期（3 日内到期）", "appeals",
                  by_status(*handling, due_from=today, due_by=soon)),
            Queue("overdue", "逾期", "appeals", (CaseFilter(overdue_on=today),)),
            Queue("unsatisfied", "回访不满意待督办", "appeals",
                  by_status("followed_up", satisfaction="unsatisfied")),
            Queue("to_close", "待销号", "appeals", (
                CaseFilter(status="followed_up", satisfaction="satisfied"),
                CaseFilter(status="followed_up", satisfaction="basically_satisfied"))),
            Queue("to_follow_up", "待回访", "appeals", by_status("resolved")),
        ),
        Role.HANDLER: (
            Queue("handling", "本单位在办诉求", "appeals", by_status(*handling)),
            Queue("overdue", "逾期", "appeals", (CaseFilter(overdue_on=today),)),
            Queue("claims", "待审核的政策兑现", "policy-claims", by_status("routed")),
        ),
        Role.INSPECTOR: (
            Queue("registered", "已扫码待入企", "inspections", by_status("registered")),
            Queue("entered", "已入企待记录结果", "inspections", by_status("entered")),
            Queue("to_publish", "待公开结果", "inspections", by_status("findings_recorded")),
        ),
        Role.MEDIATOR: (
            Queue("to_assign", "待委派", "mediations", by_status("registered")),
            Queue("mediating", "诉前调解中", "mediations", by_status("mediating")),
            Queue("in_suit", "诉中调解中", "mediations", by_status("in_suit_mediating")),
        ),
        Role.COURT_CLERK: (
            Queue("succeeded", "调解成功待司法确认", "mediations", by_status("succeeded")),
            Queue("failed", "调解不成待立案", "mediations", by_status("failed")),
            Queue("filed", "已立案", "mediations", by_status("filed", "in_suit_mediating")),
        ),
        Role.FINANCE: (
            Queue("to_disburse", "待拨付", "policy-claims", by_status("approved", "partly_disbursed")),
            Queue("to_review", "待受理的申报", "policy-claims", by_status("submitted")),
        ),
        Role.ENTERPRISE: (
            Queue("appeals", "我的诉求（办理中）", "appeals",
                  by_status("submitted", "received", "assigned", "returned", "supervised")),
            Queue("to_rate", "办结待评价的诉求", "appeals", by_status("resolved")),
            Queue("inspections", "入企检查（待评价）", "inspections", by_status("published", "closed")),
            Queue("claims", "待确认的惠企政策", "policy-claims", by_status("matched")),
        ),
    }.get(role, ())  # fmt: skip


def counted(services: Services, principal: Principal, queue: Queue) -> dict[str, Any]:
    """A queue's count and its newest cases within the principal's scope."""
    service = SHOWN[queue.path].collection.service(services)
    count = sum(service.count(query, principal) for query in queue.filters)
    rows = [row for query in queue.filters
            for _, row in service.list(replace(query, limit=SHOWN_ROWS), principal).rows]
    rows.sort(key=lambda row: row.opened_at, reverse=True)
    return {"queue": queue, "count": count, "rows": rows[:SHOWN_ROWS],
            "statuses": SHOWN[queue.path].statuses}  # fmt: skip


def working_days_left(services: Services, today: date, deadline: date | None) -> int | None:
    """Working days from today to the deadline (negative once past); None without a calendar."""
    if deadline is None:
        return None
    calendar = services.calendars.context.in_force()
    try:
        if deadline >= today:
            return working_days_between(calendar, today, deadline)
        return -working_days_between(calendar, deadline, today)
    except CalendarUnavailable:
        return None


@router.get("/inbox")
def inbox(request: Request, principal: WebPrincipalDep) -> Response:
    services = services_of(request)
    today = services.appeals.today()
    queues = [counted(services, principal, queue) for queue in queues_of(principal.actor.role, today)]
    left = {row.id: working_days_left(services, today, row.deadline)
            for entry in queues for row in entry["rows"] if row.deadline_running}  # fmt: skip
    return render(request, "inbox.html", principal, queues=queues, today=today, left=left)
