"""Every step of the three policy-claim flows (免申即享, 即申即享, 承诺兑现) as a callable, and a path
to every state of each flow, for the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from domain.actor import Actor, Role
from domain.clock import local_date
from domain.enterprise import Enterprise
from domain.money import Money
from domain.policy_claim import (
    MissingMaterials,
    Policy,
    PolicyClaim,
    PolicyMode,
    PolicyTerms,
)
from tests.builders import ACME, ENTERPRISE, NANCHANG_COUNTY

Step = Callable[[PolicyClaim, datetime], None]

ADMIN = Actor("sun.hao", Role.ADMIN, "yshb")  # keeps the policy catalogue
MATCHER = Actor("policy-matcher", Role.SYSTEM, "yshb")  # 免申即享 data matching
HANDLER = Actor("zhou.qing", Role.HANDLER, "gxj")  # 工信局, the issuing department
REVIEWER = Actor("wu.min", Role.HANDLER, "kjj")  # 科技局, a reviewing department
FINANCE = Actor("qian.li", Role.FINANCE, "czj")  # 财政局
E = ENTERPRISE.actor

CAP = Money.of("100000.00")
APPROVED = Money.of("80000.00")
PART = Money.of("30000.00")
CLAWBACK = Money.of("20000.00")
RECOVERY_PART = Money.of("5000.00")
FLOWS = {
    "no_application": PolicyMode.NO_APPLICATION,
    "apply_and_receive": PolicyMode.APPLY_AND_RECEIVE,
    "commitment": PolicyMode.COMMITMENT,
}


def in_days(at: datetime, days: int):
    return local_date(at) + timedelta(days=days)


def terms(mode: PolicyMode, **changes: Any) -> PolicyTerms:
    """The terms of a technology-upgrade subsidy (技改补贴) of 工信局 in `mode`; override any."""
    facts: dict[str, Any] = {
        "title": "工业企业技术改造补贴",
        "issuing_department": "gxj",
        "mode": mode,
        "cap": CAP,
        "review_days": 10,
        "disbursement_days": 15,
    }
    return PolicyTerms(**(facts | changes))


def publish(mode: PolicyMode, at: datetime, **changes: Any) -> Policy:
    return Policy.publish(
        case_number="ZC-360121-2026-000001", jurisdiction=NANCHANG_COUNTY,
        terms=terms(mode, **changes), actor=ADMIN, occurred_at=at,
    )  # fmt: skip


def new_claim(mode: PolicyMode, at: datetime, /, amount_due: Money = APPROVED) -> PolicyClaim:
    """A claim of ACME against a freshly published policy in `mode`: matched (免申即享) for
    `amount_due`, or submitted, on a commitment verified in 90 days (承诺兑现).
    """
    basis = publish(mode, at - timedelta(days=30)).claim_basis()
    facts: dict[str, Any] = {
        "case_number": "DX-360121-2026-000001",
        "jurisdiction": NANCHANG_COUNTY,
        "enterprise": Enterprise(ACME, "南昌某某科技有限公司"),
        "basis": basis,
        "occurred_at": at,
    }
    if mode is PolicyMode.NO_APPLICATION:
        return PolicyClaim.match(actor=MATCHER, amount_due=amount_due, **facts)
    if mode is PolicyMode.COMMITMENT:
        facts |= {
            "commitment": "年内新增设备投资不低于500万元",
            "verification_due": in_days(at, 90),
        }
    return PolicyClaim.submit(actor=E, **facts)


def remaining(claim: PolicyClaim) -> Money:
    """What is left to disburse; a fen where nothing is (so the step is still attempted)."""
    if claim.approved_amount is None or claim.approved_amount == claim.disbursed_total:
        return Money.of("0.01")
    return Money(claim.approved_amount.yuan - claim.disbursed_total.yuan)


def unrecovered(claim: PolicyClaim) -> Money:
    """What is left to recover; a fen where nothing is."""
    if claim.clawback_amount is None or claim.clawback_amount == claim.recovered_total:
        return Money.of("0.01")
    return Money(claim.clawback_amount.yuan - claim.recovered_total.yuan)


def route(claim: PolicyClaim, at: datetime) -> None:
    """Route to 科技局, or on to 发改委 if it is there already."""
    claim.route("fgw" if claim.review_department == "kjj" else "kjj", HANDLER, at)


def missing(at: datetime) -> MissingMaterials:
    return MissingMaterials(["2025年度审计报告", "设备购置发票"], in_days(at, 5))  # a list will do


# Steps that take an amount, for random sequences; `STEPS` fixes the amounts.
AMOUNT_STEPS: dict[str, Callable[[PolicyClaim, datetime, Money], None]] = {
    "approve": lambda c, at, m: c.approve(m, in_days(at, 15), REVIEWER, at),
    "disburse": lambda c, at, m: c.disburse(m, FINANCE, at),
    "request-clawback": lambda c, at, m: c.request_clawback(m, FINANCE, at),
    "recover": lambda c, at, m: c.recover(m, FINANCE, at),
}

STEPS: dict[str, Step] = {
    "confirm": lambda c, at: c.confirm(in_days(at, 15), E, at),
    "accept": lambda c, at: c.accept(HANDLER, at, assisted=True, review_due=in_days(at, 10)),
    "accept-with-missing-materials": lambda c, at: c.accept(
        HANDLER, at, missing_materials=missing(at), review_due=in_days(at, 10)
    ),
    "supply-materials": lambda c, at: c.supply_materials(E, at),
    "route": route,
    "approve": lambda c, at: AMOUNT_STEPS["approve"](c, at, APPROVED),
    "reject": lambda c, at: c.reject("申报企业不在政策支持行业范围内", REVIEWER, at),
    "withdraw": lambda c, at: c.withdraw("企业放弃申报", E, at),
    "disburse": lambda c, at: AMOUNT_STEPS["disburse"](c, at, PART),
    "disburse-rest": lambda c, at: c.disburse(remaining(c), FINANCE, at),
    "verify": lambda c, at: c.verify("设备已投产，承诺事项已履行", HANDLER, at),
    "breach": lambda c, at: c.breach("承诺的设备投资未到位", HANDLER, at),
    "request-clawback": lambda c, at: AMOUNT_STEPS["request-clawback"](c, at, CLAWBACK),
    "recover": lambda c, at: AMOUNT_STEPS["recover"](c, at, RECOVERY_PART),
    "recover-rest": lambda c, at: c.recover(unrecovered(c), FINANCE, at),
}

_REVIEWED = ["accept", "route", "approve"]
# The steps that lead from the claim's creation to each state of each flow.
PATHS: dict[str, dict[str, list[str]]] = {
    "no_application": {
        "matched": [],
        "confirmed": ["confirm"],
        "partly_disbursed": ["confirm", "disburse"],
        "disbursed": ["confirm", "disburse", "disburse-rest"],
        "withdrawn": ["withdraw"],
    },
    "apply_and_receive": {
        "submitted": [],
        "accepted": ["accept"],
        "approved": ["accept", "approve"],
        "partly_disbursed": ["accept", "approve", "disburse"],
        "disbursed": ["accept", "approve", "disburse-rest"],
        "rejected": ["reject"],
        "rejected_on_acceptance": ["accept", "reject"],
        "withdrawn": ["accept", "withdraw"],
    },
    "commitment": {
        "submitted": [],
        "accepted": ["accept"],
        "accepted_pending_materials": ["accept-with-missing-materials"],
        "routed": ["accept", "route"],
        "routed_pending_materials": ["accept-with-missing-materials", "route"],
        "routed_materials_supplied": ["accept-with-missing-materials", "supply-materials", "route"],
        "approved": _REVIEWED,
        "partly_disbursed": [*_REVIEWED, "disburse"],
        "disbursed": [*_REVIEWED, "disburse", "disburse-rest"],
        "verified": [*_REVIEWED, "disburse-rest", "verify"],
        "breached": [*_REVIEWED, "disburse", "breach"],
        "clawback_requested": [*_REVIEWED, "disburse", "breach", "request-clawback"],
        "partly_recovered": [*_REVIEWED, "disburse-rest", "breach", "request-clawback", "recover"],
        "recovered": [*_REVIEWED, "disburse", "breach", "request-clawback", "recover-rest"],
        "rejected": ["accept", "route", "reject"],
        "withdrawn": ["accept", "route", "withdraw"],
    },
}

NOTHING: set[str] = set()
_IN_REVIEW = {
    "accepted",
    "accepted_pending_materials",
    "routed",
    "routed_pending_materials",
    "routed_materials_supplied",
}
_ROUTED = {"routed", "routed_pending_materials", "routed_materials_supplied"}

# Where each step is allowed in each flow; everywhere else it must be refused.
ALLOWED: dict[str, dict[str, set[str]]] = {
    "no_application": {
        "confirm": {"matched"},
        "accept": NOTHING,
        "accept-with-missing-materials": NOTHING,
        "supply-materials": NOTHING,
        "route": NOTHING,
        "approve": NOTHING,
        "reject": NOTHING,
        "withdraw": {"matched"},
        "disburse": {"confirmed", "partly_disbursed"},
        "disburse-rest": {"confirmed", "partly_disbursed"},
        "verify": NOTHING,
        "breach": NOTHING,
        "request-clawback": NOTHING,
        "recover": NOTHING,
        "recover-rest": NOTHING,
    },
    "apply_and_receive": {
        "confirm": NOTHING,
        "accept": {"submitted"},
        "accept-with-missing-materials": NOTHING,
        "supply-materials": NOTHING,
        "route": NOTHING,
        "approve": {"accepted"},
        "reject": {"submitted", "accepted"},
        "withdraw": {"submitted", "accepted"},
        "disburse": {"approved", "partly_disbursed"},
        "disburse-rest": {"approved", "partly_disbursed"},
        "verify": NOTHING,
        "breach": NOTHING,
        "request-clawback": NOTHING,
        "recover": NOTHING,
        "recover-rest": NOTHING,
    },
    "commitment": {
        "confirm": NOTHING,
        "accept": {"submitted"},
        "accept-with-missing-materials": {"submitted"},
        "supply-materials": {"accepted_pending_materials", "routed_pending_materials"},
        "route": _IN_REVIEW,
        "approve": {"routed", "routed_materials_supplied"},
        "reject": {"submitted", *_ROUTED},
        "withdraw": {"submitted", *_IN_REVIEW},
        "disburse": {"approved", "partly_disbursed"},
        "disburse-rest": {"approved", "partly_disbursed"},
        "verify": {"disbursed"},
        "breach": {"partly_disbursed", "disbursed"},
        "request-clawback": {"breached"},
        "recover": {"clawback_requested", "partly_recovered"},
        "recover-rest": {"clawback_requested", "partly_recovered"},
    },
}


def claim_in(flow: str, state: str, at: datetime) -> PolicyClaim:
    """A fresh claim of `flow` brought to `state` through its path, one hour per step."""
    claim = new_claim(FLOWS[flow], at)
    for number, step in enumerate(PATHS[flow][state], start=1):
        STEPS[step](claim, at + timedelta(hours=number))
    return claim
