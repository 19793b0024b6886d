"""Test data: principals, a controllable clock and ready-made commands."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from application.appeal_commands import SubmitAppeal
from application.principal import Principal
from domain.actor import Actor, Role
from domain.appeal import Category, Channel, Urgency
from domain.clock import CHINA_TZ
from domain.enterprise import Contact, CreditCode, Enterprise
from domain.jurisdiction import JurisdictionCode

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
NANCHANG_COUNTY = JurisdictionCode("360121")
OTHER_COUNTY = JurisdictionCode("350100")
ACME = CreditCode("91360121MA35ABCD04")
OTHER_ENTERPRISE = CreditCode("91350100M000100Y43")

COORDINATOR = Principal(Actor("zhang.wei", Role.COORDINATOR, "yshb"), NANCHANG_COUNTY)
HANDLER = Principal(Actor("li.na", Role.HANDLER, "scjgj"), NANCHANG_COUNTY)
OTHER_HANDLER = Principal(Actor("wang.fang", Role.HANDLER, "zrzyj"), NANCHANG_COUNTY)
ENTERPRISE = Principal(Actor("acme", Role.ENTERPRISE, "acme"), NANCHANG_COUNTY, ACME)
AUDITOR = Principal(Actor("zhao.lei", Role.AUDITOR, "jw"), NANCHANG_COUNTY)
FOREIGN_COORDINATOR = Principal(Actor("chen.jie", Role.COORDINATOR, "yshb"), OTHER_COUNTY)


@dataclass
class Clock:
    """A clock the test moves; starts on Monday 2026-03-02 09:00 in Beijing."""

    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def submission(**changes: object) -> SubmitAppeal:
    """An appeal of ACME in 南昌县 about an approval; override any field."""
    command = SubmitAppeal(
        jurisdiction=NANCHANG_COUNTY,
        enterprise=Enterprise(ACME, "南昌某某科技有限公司"),
        channel=Channel.HOTLINE_12345,
        category=Category.APPROVAL_SERVICES,
        urgency=Urgency.NORMAL,
        summary="施工许可审批超期未办",
        contact=Contact("刘先生", "13800000000"),
    )
    return replace(command, **changes)  # type: ignore[arg-type]
