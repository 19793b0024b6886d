"""Events as a store recorded them before the bounds of `domain.bounds` existed: made by the
aggregates' event methods themselves, past the checks the commands now make, and saved as they
were. No view, list or report may fail on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from domain.appeal import Appeal, Category, Channel, HandlingLevel, Urgency
from domain.enterprise import Enterprise
from infrastructure.bootstrap import Services
from tests.builders import ACME, COORDINATOR, NANCHANG_COUNTY, submission

T = TypeVar("T")


def legacy_assigned_appeal(services: Services, deadline: date, department: str = "scjgj") -> Any:
    """An appeal submitted and received by the commands, then assigned with a `deadline` no
    command accepts now (e.g. 9999-12-31), as it was once recorded."""
    appeal = services.appeals.submit(submission(), COORDINATOR)
    appeal.receive(COORDINATOR.actor, services.appeals.clock())
    appeal._assigned(  # noqa: SLF001 - the event as recorded, past today's checks
        department=department, level=HandlingLevel.COUNTY, deadline=deadline,
        actor=COORDINATOR.actor, occurred_at=services.appeals.clock(),
    )  # fmt: skip
    services.store.save(appeal)
    return appeal


TEXT_REFUSED_NOW = "南昌\u202e某某\x85科技"  # a bidi override and a C1 control, once accepted


def as_recorded(cls: type[T], **fields: Any) -> T:
    """A value object as it was once recorded, past the checks its type makes now."""
    value = object.__new__(cls)
    for name, held in fields.items():
        object.__setattr__(value, name, held)
    return value


def legacy_appeal_in_year_one(services: Services, moment: datetime) -> Appeal:
    """An appeal whose every act happened at `moment` (e.g. in year 1, as case number
    SQ-360121-1-000001 was issued), assigned with a deadline on its own day; its enterprise's
    name and its summary hold characters free text refuses now."""
    enterprise = as_recorded(Enterprise, credit_code=ACME, name=TEXT_REFUSED_NOW)
    appeal = Appeal(
        case_number=f"SQ-360121-{moment.year}-000001", jurisdiction=NANCHANG_COUNTY,
        enterprise=enterprise, channel=Channel.HOTLINE_12345,
        category=Category.APPROVAL_SERVICES, urgency=Urgency.NORMAL, summary=TEXT_REFUSED_NOW,
        contact=None, amount_involved=None, actor=COORDINATOR.actor, occurred_at=moment,
    )  # fmt: skip
    appeal._received(actor=COORDINATOR.actor, occurred_at=moment)  # noqa: SLF001
    appeal._assigned(  # noqa: SLF001
        department="scjgj", level=HandlingLevel.COUNTY, deadline=moment.date(),
        actor=COORDINATOR.actor, occurred_at=moment,
    )  # fmt: skip
    services.store.save(appeal)
    return appeal
