"""Events as a store recorded them before the bounds of `domain.bounds` existed: made by the
aggregates' event methods themselves, past the checks the commands now make, and saved as they
were. No view, list or report may fail on them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.appeal import Appeal, Category, Channel, HandlingLevel, Urgency
from domain.enterprise import Enterprise
from infrastructure.bootstrap import Services
from tests.builders import ACME, COORDINATOR, NANCHANG_COUNTY, submission


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


def legacy_appeal_in_year_one(services: Services, moment: datetime) -> Appeal:
    """An appeal whose every act happened at `moment` (e.g. in year 1, as case number
    SQ-360121-1-000001 was issued), assigned with a deadline on its own day."""
    appeal = Appeal(
        case_number=f"SQ-360121-{moment.year}-000001", jurisdiction=NANCHANG_COUNTY,
        enterprise=Enterprise(ACME, "南昌某某科技有限公司"), channel=Channel.HOTLINE_12345,
        category=Category.APPROVAL_SERVICES, urgency=Urgency.NORMAL, summary="旧诉求",
        contact=None, amount_involved=None, actor=COORDINATOR.actor, occurred_at=moment,
    )  # fmt: skip
    appeal._received(actor=COORDINATOR.actor, occurred_at=moment)  # noqa: SLF001
    appeal._assigned(  # noqa: SLF001
        department="scjgj", level=HandlingLevel.COUNTY, deadline=moment.date(),
        actor=COORDINATOR.actor, occurred_at=moment,
    )  # fmt: skip
    services.store.save(appeal)
    return appeal
