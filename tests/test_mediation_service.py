"""Mediation cases through their service on both stores, including an appeal referred to
mediation.
"""

from __future__ import annotations

from datetime import date

import pytest

from application.appeal_commands import Reject
from application.case_index import CaseFilter
from application.errors import Forbidden, NotFound
from application.mediation_commands import (
    AssignMediation,
    Conclude,
    Fail,
    FileLawsuit,
    HoldSession,
    RegisterDispute,
    Succeed,
)
from application.principal import Principal
from domain.actor import Actor, Role
from domain.errors import InvalidValue
from domain.mediation import DisputeSource, DisputeType, MediationStatus, OrganisationKind
from domain.money import Money
from infrastructure.bootstrap import Services
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, NANCHANG_COUNTY, submission
from tests.mediation_paths import PARTIES

MEDIATOR = Principal(Actor("hu.jun", Role.MEDIATOR, "gsl-tjwyh"), NANCHANG_COUNTY)
OTHER_MEDIATOR = Principal(Actor("he.li", Role.MEDIATOR, "rmtjwyh"), NANCHANG_COUNTY)
CLERK = Principal(Actor("ma.li", Role.COURT_CLERK, "ncxfy"), NANCHANG_COUNTY)
DISPUTE = RegisterDispute(
    jurisdiction=NANCHANG_COUNTY,
    parties=PARTIES,
    dispute_type=DisputeType.CONTRACT,
    source=DisputeSource.FEDERATION_OF_COMMERCE,
    amount=Money.of("860000.00"),
)
ASSIGN = AssignMediation(
    organisation_kind=OrganisationKind.FEDERATION_OF_COMMERCE, organisation="gsl-tjwyh", mediator="胡军"
)


def test_pre_suit_mediation_succeeds_within_its_thirty_days(services: Services) -> None:
    case = services.mediations.register(DISPUTE, COORDINATOR)
    assert case.case_number == "TJ-360121-2026-000001"
    case = services.mediations.execute(case.id, ASSIGN, COORDINATOR)
    assert case.deadline == date(2026, 4, 1)  # 30 calendar days after 2 March
    services.mediations.execute(case.id, HoldSession(note="背对背调解"), MEDIATOR)
    case = services.mediations.execute(
        case.id, Succeed(terms="分三期支付", amount=Money.of("860000.00")), MEDIATOR
    )
    assert case.status is MediationStatus.SUCCEEDED and case.sessions == 1
    assert services.mediations.get(case.id, ENTERPRISE).agreement.amount == Money.of("860000.00")


def test_a_failed_mediation_is_filed_and_judged(services: Services) -> None:
    case = services.mediations.register(DISPUTE, COORDINATOR)
    services.mediations.execute(case.id, ASSIGN, COORDINATOR)
    services.mediations.execute(case.id, Fail(reason="被申请人拒绝"), MEDIATOR)
    filed = FileLawsuit(court="ncxfy", court_case_number="(2026)赣0121民初123号")
    with pytest.raises(Forbidden):
        services.mediations.execute(case.id, filed, MEDIATOR)
    services.mediations.execute(case.id, filed, CLERK)  # 转立案 by the county's court
    with pytest.raises(NotFound):
        services.mediations.get(case.id, OTHER_MEDIATOR)
    case = services.mediations.execute(
        case.id, Conclude(status=MediationStatus.JUDGED, reason="判决"), CLERK
    )
    assert case.status is MediationStatus.JUDGED


def test_an_appeal_rejected_as_a_civil_dispute_is_referred(services: Services) -> None:
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    services.appeals.execute(
        appeal.id, Reject(reason="属民商事纠纷", reply="建议调解", refer_to_mediation=True), COORDINATOR
    )
    referred = RegisterDispute(**(DISPUTE.facts() | {"source": DisputeSource.REFERRED_APPEAL,
                                                      "appeal_id": appeal.id}))  # fmt: skip
    case = services.mediations.register(referred, COORDINATOR)
    assert case.appeal_id == appeal.id
    unrelated = services.appeals.submit(submission(), ENTERPRISE)
    with pytest.raises(InvalidValue, match="not referred"):
        services.mediations.register(
            RegisterDispute(**(referred.facts() | {"appeal_id": unrelated.id})), COORDINATOR
        )


def test_mediators_see_their_own_cases(services: Services) -> None:
    case = services.mediations.register(DISPUTE, MEDIATOR)
    assert [row.case_number for _, row in services.mediations.list(CaseFilter(), MEDIATOR).rows] == [
        case.case_number
    ]
    assert services.mediations.list(CaseFilter(), OTHER_MEDIATOR).rows == []
    assert len(services.mediations.list(CaseFilter(), AUDITOR).rows) == 1
    with pytest.raises(Forbidden):
        services.mediations.register(DISPUTE, ENTERPRISE)
