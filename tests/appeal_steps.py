"""Every step of the appeal lifecycle as a callable, and a path to every state, for the tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import uuid4

from domain.appeal import Appeal, HandlingLevel, Outcome, Satisfaction
from domain.clock import local_date
from tests.builders import COORDINATOR, ENTERPRISE, HANDLER, submission

Step = Callable[[Appeal, datetime], None]
C, H, E = COORDINATOR.actor, HANDLER.actor, ENTERPRISE.actor


def in_days(at: datetime, days: int):
    return local_date(at) + timedelta(days=days)


def extend(appeal: Appeal, at: datetime) -> None:
    later = max(appeal.deadline or local_date(at), local_date(at)) + timedelta(days=5)
    appeal.extend(later, "需补充现场勘验", "王局长", C, at)


def follow_up(satisfaction: Satisfaction) -> Step:
    return lambda a, at: a.follow_up(satisfaction, "回访意见", C, at)


STEPS: dict[str, Step] = {
    "receive": lambda a, at: a.receive(C, at),
    "reject": lambda a, at: a.reject("属民事纠纷", "建议申请调解", True, C, at),
    "assign": lambda a, at: a.assign("scjgj", HandlingLevel.COUNTY, in_days(at, 10), C, at),
    "reassign": lambda a, at: a.reassign("fgw" if a.department == "zrzyj" else "zrzyj", HandlingLevel.COUNTY,
                                         in_days(at, 10), "职责调整", C, at),  # always to another department
    "return": lambda a, at: a.hand_back("不属本单位职责", H, at),
    "progress": lambda a, at: a.note_progress("已约谈企业", H, at),
    "extend": extend,
    "resolve": lambda a, at: a.resolve(Outcome.SOLVED, "已办理施工许可", H, at),
    "follow-up": follow_up(Satisfaction.SATISFIED),
    "follow-up-unsatisfied": follow_up(Satisfaction.UNSATISFIED),
    "supervise": lambda a, at: a.supervise("企业不满意", in_days(at, 5), C, at),
    "close": lambda a, at: a.close("企业满意，予以销号", C, at),
    "withdraw": lambda a, at: a.withdraw("问题已自行解决", E, at),
    "merge": lambda a, at: a.merge_into(uuid4(), "与另一诉求重复", C, at),
}

# The steps that lead from intake to each state (the follow-up states in two flavours).
PATHS: dict[str, list[str]] = {
    "submitted": [],
    "received": ["receive"],
    "rejected": ["reject"],
    "assigned": ["receive", "assign"],
    "returned": ["receive", "assign", "return"],
    "resolved": ["receive", "assign", "resolve"],
    "followed_up": ["receive", "assign", "resolve", "follow-up"],
    "followed_up_unsatisfied": ["receive", "assign", "resolve", "follow-up-unsatisfied"],
    "supervised": ["receive", "assign", "resolve", "follow-up-unsatisfied", "supervise"],
    "closed": ["receive", "assign", "resolve", "follow-up", "close"],
    "withdrawn": ["withdraw"],
    "merged": ["merge"],
}

# Where each step is allowed; everywhere else it must be refused.
ALLOWED: dict[str, set[str]] = {
    "receive": {"submitted"},
    "reject": {"submitted"},
    "assign": {"received", "returned"},
    "reassign": {"assigned"},
    "return": {"assigned"},
    "progress": {"assigned", "supervised"},
    "extend": {"assigned"},
    "resolve": {"assigned", "supervised"},
    "follow-up": {"resolved"},
    "follow-up-unsatisfied": {"resolved"},
    "supervise": {"assigned", "supervised", "followed_up_unsatisfied"},
    "close": {"followed_up"},
    "withdraw": {"submitted", "received", "assigned", "returned", "supervised"},
    "merge": {"submitted", "received", "assigned", "returned"},
}


def new_appeal(at: datetime) -> Appeal:
    return Appeal.submit(
        case_number="SQ-360121-2026-000001", actor=E, occurred_at=at, **submission().facts()
    )


def appeal_in(state: str, at: datetime) -> Appeal:
    """A fresh appeal brought to `state` through its path, one hour per step."""
    appeal = new_appeal(at)
    for number, step in enumerate(PATHS[state], start=1):
        STEPS[step](appeal, at + timedelta(hours=number))
    return appeal
