"""Every step of the mediation lifecycle as a callable, and a path to every state, for the tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from domain.actor import Actor, Role
from domain.clock import local_date
from domain.mediation import (
    DisputeSource,
    DisputeType,
    MediationCase,
    MediationStatus,
    OrganisationKind,
    Party,
    PartyRole,
)
from domain.money import Money
from tests.builders import ACME, NANCHANG_COUNTY, OTHER_ENTERPRISE

Step = Callable[[MediationCase, datetime], None]
MEDIATOR = Actor("hu.jun", Role.MEDIATOR, "gsl-tjwyh")  # 工商联商会调解委员会
CLERK = Actor("ma.li", Role.COURT_CLERK, "ncxfy")  # 南昌县人民法院
PARTIES = (
    Party("南昌某某科技有限公司", PartyRole.APPLICANT, ACME),
    Party("福州某某贸易有限公司", PartyRole.RESPONDENT, OTHER_ENTERPRISE),
)
S = MediationStatus


def in_days(at: datetime, days: int):
    return local_date(at) + timedelta(days=days)


STEPS: dict[str, Step] = {
    "assign": lambda c, at: c.assign(
        OrganisationKind.FEDERATION_OF_COMMERCE, "gsl-tjwyh", "胡军", in_days(at, 30), CLERK, at
    ),
    "extend": lambda c, at: c.extend(
        max(c.deadline or local_date(at), local_date(at)) + timedelta(days=15), "当事人申请", "李庭长", CLERK, at
    ),
    "session": lambda c, at: c.hold_session("背对背调解", MEDIATOR, at),
    "succeed": lambda c, at: c.succeed("分三期支付货款", Money.of("860000.00"), MEDIATOR, at),
    "fail": lambda c, at: c.fail("被申请人拒绝调解", MEDIATOR, at),
    "withdraw": lambda c, at: c.withdraw("已自行和解", MEDIATOR, at),
    "apply-confirmation": lambda c, at: c.apply_for_confirmation("ncxfy", MEDIATOR, at),
    "grant-confirmation": lambda c, at: c.decide_confirmation(True, CLERK, at),
    "file": lambda c, at: c.file_lawsuit("ncxfy", "(2026)赣0121民初123号", CLERK, at),
    "start-court-mediation": lambda c, at: c.start_court_mediation("法官助理王某", CLERK, at),
    "mediate": lambda c, at: c.mediate_in_suit("一次性支付80万元", Money.of("800000.00"), CLERK, at),
    "fail-in-suit": lambda c, at: c.fail_in_suit("原告坚持判决", CLERK, at),
    "judge": lambda c, at: c.conclude(S.JUDGED, "判决被告支付货款", CLERK, at),
    "withdraw-suit": lambda c, at: c.conclude(S.SUIT_WITHDRAWN, "原告撤诉", CLERK, at),
    "conclude-otherwise": lambda c, at: c.conclude(S.CONCLUDED_OTHERWISE, "移送管辖", CLERK, at),
    "perform": lambda c, at: c.record_performance(True, MEDIATOR, at),
    "default": lambda c, at: c.record_performance(False, MEDIATOR, at),
    "apply-enforcement": lambda c, at: c.apply_for_enforcement(CLERK, at),
}

PATHS: dict[str, list[str]] = {
    "registered": [],
    "mediating": ["assign"],
    "succeeded": ["assign", "succeed"],
    "confirmation_applied": ["assign", "succeed", "apply-confirmation"],
    "defaulted": ["assign", "succeed", "default"],
    "performed": ["assign", "succeed", "perform"],
    "confirmed": ["assign", "succeed", "apply-confirmation", "grant-confirmation"],
    "confirmed_defaulted": ["assign", "succeed", "apply-confirmation", "grant-confirmation", "default"],
    "mediated_defaulted": ["file", "start-court-mediation", "mediate", "default"],
    "failed": ["assign", "fail"],
    "withdrawn": ["withdraw"],
    "filed": ["file"],
    "in_suit_mediating": ["assign", "fail", "file", "start-court-mediation"],
    "mediated": ["file", "start-court-mediation", "mediate"],
    "in_suit_failed": ["file", "start-court-mediation", "fail-in-suit"],
    "judged": ["file", "judge"],
    "suit_withdrawn": ["file", "withdraw-suit"],
    "concluded_otherwise": ["file", "conclude-otherwise"],
}

ALLOWED: dict[str, set[str]] = {
    "assign": {"registered"},
    "extend": {"mediating"},
    "session": {"mediating", "in_suit_mediating"},
    "succeed": {"mediating"},
    "fail": {"mediating"},
    "withdraw": {"registered", "mediating"},
    "apply-confirmation": {"succeeded", "defaulted"},
    "grant-confirmation": {"confirmation_applied"},
    "file": {"registered", "failed"},
    "start-court-mediation": {"filed"},
    "mediate": {"in_suit_mediating"},
    "fail-in-suit": {"in_suit_mediating"},
    "judge": {"filed", "in_suit_failed"},
    "withdraw-suit": {"filed", "in_suit_mediating", "in_suit_failed"},
    "conclude-otherwise": {"filed", "in_suit_mediating", "in_suit_failed"},
    "perform": {"succeeded", "confirmation_applied", "confirmed", "mediated"},
    "default": {"succeeded", "confirmation_applied", "confirmed", "mediated"},
    "apply-enforcement": {"confirmed_defaulted", "mediated_defaulted"},
}


def new_case(at: datetime, **changes: object) -> MediationCase:
    facts: dict[str, object] = {
        "case_number": "TJ-360121-2026-000001",
        "jurisdiction": NANCHANG_COUNTY,
        "parties": PARTIES,
        "dispute_type": DisputeType.CONTRACT,
        "amount": Money.of("860000.00"),
        "source": DisputeSource.FEDERATION_OF_COMMERCE,
        "actor": MEDIATOR,
        "occurred_at": at,
    }
    return MediationCase.register(**(facts | changes))  # type: ignore[arg-type]


def case_in(state: str, at: datetime) -> MediationCase:
    case = new_case(at)
    for number, step in enumerate(PATHS[state], start=1):
        STEPS[step](case, at + timedelta(hours=number))
    return case
