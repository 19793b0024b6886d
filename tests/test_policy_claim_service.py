"""The policy catalogue and policy-benefit claims through their services, on both stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from application.case_index import CaseFilter
from application.errors import Forbidden, NotFound
from application.policy_claim_commands import (
    Accept,
    Approve,
    Breach,
    Confirm,
    Disburse,
    MatchClaim,
    PublishPolicy,
    Recover,
    RequestClawback,
    RevisePolicy,
    Route,
    SubmitClaim,
    WithdrawPolicy,
)
from application.principal import Principal
from domain.actor import Actor, Role
from domain.enterprise import Enterprise
from domain.errors import InvalidTransition, InvalidValue
from domain.money import Money
from domain.policy_claim import ClaimStatus, MissingMaterials, PolicyMode, PolicyTerms
from infrastructure.bootstrap import Services
from tests.builders import ACME, AUDITOR, ENTERPRISE, NANCHANG_COUNTY, OTHER_COUNTY, Clock

ADMIN = Principal(Actor("sun.hao", Role.ADMIN, "yshb"), NANCHANG_COUNTY)
GXJ = Principal(Actor("zhou.qing", Role.HANDLER, "gxj"), NANCHANG_COUNTY)  # issuing department
KJJ = Principal(Actor("wu.min", Role.HANDLER, "kjj"), NANCHANG_COUNTY)  # reviewing department
FINANCE = Principal(Actor("qian.li", Role.FINANCE, "czj"), NANCHANG_COUNTY)
TERMS = PolicyTerms(
    title="技术改造补贴",
    issuing_department="gxj",
    mode=PolicyMode.APPLY_AND_RECEIVE,
    cap=Money.of("500000.00"),
    review_days=5,
    disbursement_days=10,
)
ACME_CO = Enterprise(ACME, "南昌某某科技有限公司")


def publish(services: Services, **changes: object) -> object:
    command = PublishPolicy(jurisdiction=NANCHANG_COUNTY, terms=replace(TERMS, **changes))
    return services.policies.publish(command, ADMIN)


def submitted(services: Services, policy_id, **changes: object):
    command = SubmitClaim(jurisdiction=NANCHANG_COUNTY, enterprise=ACME_CO, policy_id=policy_id)
    return services.claims.submit(replace(command, **changes), ENTERPRISE)


def test_apply_and_receive_with_working_day_limits(services: Services, clock: Clock) -> None:
    policy = publish(services)
    assert policy.case_number == "ZC-360121-2026-000001"
    claim = submitted(services, policy.id)
    assert claim.case_number == "DX-360121-2026-000001"
    claim = services.claims.execute(claim.id, Accept(assisted=True), GXJ)
    assert claim.review_due == date(2026, 3, 9)  # 5 working days after Monday 2 March
    claim = services.claims.execute(claim.id, Approve(amount=Money.of("300000.00")), GXJ)
    assert claim.disbursement_due == date(2026, 3, 16)
    for part in ("100000.10", "199999.90"):
        claim = services.claims.execute(claim.id, Disburse(amount=Money.of(part)), FINANCE)
    assert claim.status is ClaimStatus.DISBURSED
    assert claim.disbursed_total == Money(Decimal("300000.00")) and claim.assisted


def test_a_commitment_claim_from_acceptance_to_recovery(services: Services) -> None:
    policy = publish(services, mode=PolicyMode.COMMITMENT, title="承诺制研发奖励")
    claim = submitted(services, policy.id, commitment="三年内研发投入不低于500万元",
                      verification_due=date(2027, 3, 1))  # fmt: skip
    missing = MissingMaterials(items=("审计报告",), promised_by=date(2026, 3, 20))
    steps = [
        (Accept(missing_materials=missing), GXJ),
        (Route(department="kjj"), GXJ),
    ]
    for command, principal in steps:
        claim = services.claims.execute(claim.id, command, principal)
    with pytest.raises(InvalidTransition):  # materials still outstanding
        services.claims.execute(claim.id, Approve(amount=Money.of("1000")), KJJ)
    assert services.claims.get(claim.id, KJJ).status is ClaimStatus.ROUTED  # the reviewer sees it


def test_a_matched_benefit_is_confirmed_and_paid(services: Services) -> None:
    policy = publish(services, mode=PolicyMode.NO_APPLICATION, title="稳岗返还")
    match = MatchClaim(jurisdiction=NANCHANG_COUNTY, enterprise=ACME_CO, policy_id=policy.id,
                       amount_due=Money.of("12800.00"))  # fmt: skip
    claim = services.claims.match(match, GXJ)
    claim = services.claims.execute(claim.id, Confirm(), ENTERPRISE)
    assert claim.disbursement_due == date(2026, 3, 16)
    claim = services.claims.execute(claim.id, Disburse(amount=Money.of("12800.00")), FINANCE)
    assert claim.status is ClaimStatus.DISBURSED
    with pytest.raises(InvalidValue, match="免申即享|no_application|applied for"):
        submitted(services, policy.id)


def test_over_the_cap_and_clawbacks_are_refused_exactly(services: Services) -> None:
    policy = publish(services, mode=PolicyMode.COMMITMENT)
    claim = submitted(services, policy.id, commitment="承诺", verification_due=date(2027, 1, 4))
    services.claims.execute(claim.id, Accept(), GXJ)
    services.claims.execute(claim.id, Route(department="kjj"), GXJ)
    with pytest.raises(InvalidValue):
        services.claims.execute(claim.id, Approve(amount=Money.of("500000.01")), KJJ)
    services.claims.execute(claim.id, Approve(amount=Money.of("500000.00")), KJJ)
    services.claims.execute(claim.id, Disburse(amount=Money.of("200000.00")), FINANCE)
    services.claims.execute(claim.id, Breach(reason="未按承诺投产"), KJJ)
    with pytest.raises(InvalidValue):
        services.claims.execute(claim.id, RequestClawback(amount=Money.of("200000.01")), KJJ)
    services.claims.execute(claim.id, RequestClawback(amount=Money.of("200000.00")), KJJ)
    claim = services.claims.execute(claim.id, Recover(amount=Money.of("200000.00")), FINANCE)
    assert claim.status is ClaimStatus.RECOVERED


def test_a_revision_leaves_earlier_claims_on_their_terms(services: Services, clock: Clock) -> None:
    policy = publish(services)
    claim = submitted(services, policy.id)
    services.policies.execute(policy.id, RevisePolicy(terms=replace(TERMS, review_days=20),
                                                      reason="延长审核时限"), ADMIN)  # fmt: skip
    claim = services.claims.execute(claim.id, Accept(), GXJ)
    assert claim.review_due == date(2026, 3, 9)  # still the 5 days of the version applied under
    later = services.claims.execute(submitted(services, policy.id).id, Accept(), GXJ)
    assert later.review_due > claim.review_due + timedelta(days=10)


def test_who_may_do_what_with_policies_and_claims(services: Services) -> None:
    with pytest.raises(Forbidden):
        services.policies.publish(PublishPolicy(jurisdiction=NANCHANG_COUNTY, terms=TERMS), GXJ)
    policy = publish(services)
    assert services.policies.get(policy.id, ENTERPRISE).terms == TERMS  # public
    claim = submitted(services, policy.id)
    with pytest.raises(Forbidden):
        services.claims.execute(claim.id, Disburse(amount=Money.of("1")), GXJ)
    with pytest.raises(NotFound):
        services.claims.get(claim.id, KJJ)  # not routed to it
    with pytest.raises(NotFound):
        submitted(services, claim.id)  # a claim is no policy
    with pytest.raises(InvalidValue, match="jurisdiction"):
        services.claims.submit(
            SubmitClaim(jurisdiction=OTHER_COUNTY, enterprise=ACME_CO, policy_id=policy.id),
            Principal(ENTERPRISE.actor, OTHER_COUNTY, ACME),
        )
    match = MatchClaim(jurisdiction=NANCHANG_COUNTY, enterprise=ACME_CO, policy_id=policy.id,
                       amount_due=Money.of("1000.00"))  # fmt: skip
    with pytest.raises(Forbidden, match="policies it issues"):
        services.claims.match(match, KJJ)  # another department's policy
    foreign_admin = Principal(ADMIN.actor, OTHER_COUNTY)
    assert services.policies.get(policy.id, foreign_admin).terms == TERMS  # public, yet not its own
    with pytest.raises(Forbidden, match="may not act"):
        services.policies.execute(policy.id, WithdrawPolicy(reason="x"), foreign_admin)
    services.policies.execute(policy.id, WithdrawPolicy(reason="政策到期"), ADMIN)
    with pytest.raises(InvalidTransition, match="withdrawn"):
        submitted(services, policy.id)


def test_lists_of_policies_and_claims(services: Services) -> None:
    policy = publish(services)
    submitted(services, policy.id)
    policies = services.policies.list(CaseFilter(), ENTERPRISE).rows
    assert [row.details["title"] for _, row in policies] == ["技术改造补贴"]
    claims = services.claims.list(CaseFilter(), AUDITOR).rows
    assert [(row.status, row.details["mode"]) for _, row in claims] == [("submitted", "apply_and_receive")]
    assert services.claims.list(CaseFilter(), KJJ).rows == []


def test_the_catalogue_lists_by_mode_and_status(services: Services) -> None:
    """The embedded service filters policies (and claims) by mode (兑现方式), with the status."""
    apply = publish(services)
    publish(services, mode=PolicyMode.NO_APPLICATION, title="稳岗返还")
    publish(services, mode=PolicyMode.COMMITMENT, title="承诺制研发奖励")
    ended = publish(services, mode=PolicyMode.NO_APPLICATION, title="社保补贴")
    services.policies.execute(ended.id, WithdrawPolicy(reason="政策到期"), ADMIN)
    submitted(services, apply.id)

    def titles(**query: str) -> list[str]:
        rows = services.policies.list(CaseFilter(**query), ENTERPRISE).rows
        return [row.details["title"] for _, row in rows]

    assert titles(mode="no_application") == ["社保补贴", "稳岗返还"]
    assert titles(mode="no_application", status="published") == ["稳岗返还"]
    assert titles(mode="commitment") == ["承诺制研发奖励"]
    assert titles(status="withdrawn") == ["社保补贴"]
    assert len(titles()) == 4
    claims = services.claims.list(CaseFilter(mode="apply_and_receive"), AUDITOR).rows
    assert [row.details["policy"] for _, row in claims] == ["技术改造补贴"]
    assert services.claims.list(CaseFilter(mode="no_application"), AUDITOR).rows == []
