"""Every step of each policy-claim flow in every state of that flow: allowed where `domain.md`
allows it, refused everywhere else with an error naming state and step, recording nothing. Then the
money rules (disbursed ≤ approved ≤ cap, clawback ≤ disbursed, recovered ≤ clawback, exact fen),
the rules of each step, and the policy catalogue entry.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from domain.clock import CHINA_TZ
from domain.enterprise import Enterprise
from domain.errors import InvalidTransition, InvalidValue
from domain.money import Money
from domain.policy_claim import (
    ClaimBasis,
    ClaimStatus,
    MissingMaterials,
    PolicyClaim,
    PolicyMode,
    PolicyStatus,
    PolicyTerms,
)
from tests.builders import ACME, NANCHANG_COUNTY
from tests.policy_claim_steps import (
    ADMIN,
    ALLOWED,
    APPROVED,
    CAP,
    FINANCE,
    FLOWS,
    HANDLER,
    MATCHER,
    PATHS,
    REVIEWER,
    STEPS,
    E,
    claim_in,
    in_days,
    new_claim,
    publish,
    terms,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ)
LATER = T0 + timedelta(days=1)
S = ClaimStatus
CASES = [(flow, state, step) for flow in PATHS for state in PATHS[flow] for step in STEPS]


def money(amount: str) -> Money:
    return Money.of(amount)


def test_the_table_names_every_step_in_every_flow() -> None:
    for flow in FLOWS:
        assert set(ALLOWED[flow]) == set(STEPS)
        for states in ALLOWED[flow].values():
            assert states <= set(PATHS[flow])


@pytest.mark.parametrize(
    ("flow", "state", "step"), [c for c in CASES if c[1] in ALLOWED[c[0]][c[2]]]
)
def test_allowed_step_records_one_event(flow: str, state: str, step: str) -> None:
    claim = claim_in(flow, state, T0)
    before = len(claim.pending_events)
    STEPS[step](claim, LATER)
    assert len(claim.pending_events) == before + 1
    event = claim.pending_events[-1]
    assert event.actor is not None and event.occurred_at == LATER
    assert claim.last_occurred_at == LATER


@pytest.mark.parametrize(
    ("flow", "state", "step"), [c for c in CASES if c[1] not in ALLOWED[c[0]][c[2]]]
)
def test_forbidden_step_is_refused_and_records_nothing(flow: str, state: str, step: str) -> None:
    claim = claim_in(flow, state, T0)
    version, status, before = claim.version, claim.status, vars(claim).copy()
    with pytest.raises(InvalidTransition) as refused:
        STEPS[step](claim, LATER)
    assert refused.value.code == "invalid_transition"
    assert f"policy_claim in state '{status.value}' does not allow" in str(refused.value)
    assert (claim.version, claim.status) == (version, status)
    assert vars(claim) == before


def test_the_error_names_the_state_and_the_step() -> None:
    with pytest.raises(
        InvalidTransition,
        match="policy_claim in state 'accepted' does not allow 'route': a apply_and_receive",
    ):
        STEPS["route"](claim_in("apply_and_receive", "accepted", T0), LATER)
    with pytest.raises(InvalidTransition, match="in state 'verified' does not allow 'disburse'"):
        STEPS["disburse"](claim_in("commitment", "verified", T0), LATER)


@pytest.mark.parametrize(
    ("flow", "state"), [(flow, state) for flow in PATHS for state in PATHS[flow]]
)
def test_a_terminal_claim_allows_no_step(flow: str, state: str) -> None:
    claim = claim_in(flow, state, T0)
    allowed = {step for step in STEPS if state in ALLOWED[flow][step]}
    assert claim.is_terminal == (not allowed)


# --- creation ------------------------------------------------------------------------------


def test_a_matched_claim_waits_for_the_enterprise_to_confirm() -> None:
    claim = new_claim(PolicyMode.NO_APPLICATION, T0)
    assert claim.status is S.MATCHED and claim.version == 1
    assert type(claim.pending_events[0]).__name__ == "Matched"
    assert (claim.approved_amount, claim.matched_at, claim.approved_at) == (APPROVED, T0, T0)
    assert claim.submitted_at is None and claim.kind == "policy_claim"


@pytest.mark.parametrize("mode", [PolicyMode.APPLY_AND_RECEIVE, PolicyMode.COMMITMENT])
def test_a_submitted_claim_records_the_policy_version_it_was_made_against(
    mode: PolicyMode,
) -> None:
    claim = new_claim(mode, T0)
    assert claim.status is S.SUBMITTED and claim.submitted_at == T0
    assert type(claim.pending_events[0]).__name__ == "Submitted"
    assert (claim.mode, claim.cap, claim.policy_version) == (mode, CAP, 1)
    assert claim.approved_amount is None and claim.disbursed_total == money("0")
    assert (claim.commitment is not None) == (mode is PolicyMode.COMMITMENT)
    assert claim.credit_codes() == {ACME.value}
    assert claim.organisations() == {"gxj"}


def _facts(mode: PolicyMode, **changes: Any) -> dict[str, Any]:
    return {
        "case_number": "ZC-360121-2026-000002",
        "jurisdiction": NANCHANG_COUNTY,
        "enterprise": Enterprise(ACME, "南昌某某科技有限公司"),
        "basis": publish(mode, T0).claim_basis(),
        "occurred_at": T0,
    } | changes


def test_each_mode_is_created_its_own_way() -> None:
    with pytest.raises(InvalidValue, match="matched from data"):
        PolicyClaim.submit(actor=E, **_facts(PolicyMode.NO_APPLICATION))
    for mode in (PolicyMode.APPLY_AND_RECEIVE, PolicyMode.COMMITMENT):
        with pytest.raises(InvalidValue, match="is applied for"):
            PolicyClaim.match(actor=MATCHER, amount_due=APPROVED, **_facts(mode))


def test_a_commitment_claim_needs_its_commitment_and_verification_date() -> None:
    facts = _facts(PolicyMode.COMMITMENT)
    with pytest.raises(InvalidValue, match="commitment must not be empty"):
        PolicyClaim.submit(actor=E, verification_due=in_days(T0, 90), **facts)
    with pytest.raises(InvalidValue, match="verification date"):
        PolicyClaim.submit(actor=E, commitment="年内投产", **facts)
    with pytest.raises(InvalidValue, match="lies before"):
        PolicyClaim.submit(
            actor=E,
            commitment="年内投产",
            verification_due=in_days(T0, -1),
            **facts,
        )
    with pytest.raises(InvalidValue, match="only a commitment"):
        PolicyClaim.submit(
            actor=E,
            commitment="年内投产",
            **_facts(PolicyMode.APPLY_AND_RECEIVE),
        )


@pytest.mark.parametrize("amount", ["0", "100000.01", "250000"])
def test_a_match_is_for_more_than_nothing_and_at_most_the_cap(amount: str) -> None:
    with pytest.raises(InvalidValue):
        new_claim(PolicyMode.NO_APPLICATION, T0, amount_due=money(amount))


def test_a_match_may_be_for_exactly_the_cap_or_a_single_fen() -> None:
    assert new_claim(PolicyMode.NO_APPLICATION, T0, amount_due=CAP).approved_amount == CAP
    fen = new_claim(PolicyMode.NO_APPLICATION, T0, amount_due=money("0.01"))
    assert fen.approved_amount == money("0.01")


# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flow", "state"), [("apply_and_receive", "accepted"), ("commitment", "routed")]
)
def test_an_approval_above_the_cap_is_refused(flow: str, state: str) -> None:
    claim = claim_in(flow, state, T0)
    version = claim.version
    with pytest.raises(InvalidValue, match="exceeds the policy cap of 100000.00"):
        claim.approve(money("100000.01"), in_days(LATER, 15), REVIEWER, LATER)
    for nothing in ("0", "0.00"):
        with pytest.raises(InvalidValue, match="more than zero"):
            claim.approve(money(nothing), in_days(LATER, 15), REVIEWER, LATER)
    assert (claim.version, claim.approved_amount) == (version, None)
    claim.approve(CAP, in_days(LATER, 15), REVIEWER, LATER)
    assert claim.approved_amount == CAP


def test_amounts_are_money_never_float() -> None:
    claim = claim_in("apply_and_receive", "accepted", T0)
    with pytest.raises(InvalidValue):
        claim.approve(80000.0, in_days(LATER, 15), REVIEWER, LATER)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        Money(Decimal("0.001"))


def test_a_disbursement_above_what_remains_approved_is_refused() -> None:
    claim = claim_in("commitment", "partly_disbursed", T0)  # 30,000.00 of 80,000.00
    with pytest.raises(InvalidValue, match="more than the approved 80000.00"):
        claim.disburse(money("50000.01"), FINANCE, LATER)
    assert (claim.disbursed_total, claim.status) == (money("30000.00"), S.PARTLY_DISBURSED)
    claim.disburse(money("50000.00"), FINANCE, LATER)
    assert (claim.disbursed_total, claim.status) == (APPROVED, S.DISBURSED)


def test_partial_disbursements_add_up_exactly_to_the_approved_amount() -> None:
    claim = claim_in("apply_and_receive", "accepted", T0)
    claim.approve(money("0.30"), in_days(LATER, 15), REVIEWER, LATER)
    at = LATER
    for _ in range(2):  # 0.1 + 0.1 + 0.1 in float is not 0.3
        at += timedelta(hours=1)
        claim.disburse(money("0.10"), FINANCE, at)
        assert claim.status is S.PARTLY_DISBURSED and claim.fully_disbursed_at is None
    claim.disburse(money("0.10"), FINANCE, at + timedelta(hours=1))
    assert claim.disbursed_total == money("0.30") and claim.disbursed_total.yuan == Decimal("0.30")
    assert claim.status is S.DISBURSED and claim.is_terminal
    assert claim.fully_disbursed_at == at + timedelta(hours=1)
    assert [p.amount for p in claim.disbursements] == [money("0.10")] * 3
    assert [p.occurred_at for p in claim.disbursements][0] == LATER + timedelta(hours=1)


def test_a_clawback_is_at_most_what_was_disbursed() -> None:
    claim = claim_in("commitment", "breached", T0)  # 30,000.00 disbursed
    with pytest.raises(InvalidValue, match="exceeds the 30000.00 disbursed"):
        claim.request_clawback(money("30000.01"), FINANCE, LATER)
    with pytest.raises(InvalidValue, match="more than zero"):
        claim.request_clawback(money("0"), FINANCE, LATER)
    assert claim.status is S.BREACHED
    claim.request_clawback(money("30000.00"), FINANCE, LATER)
    assert (claim.status, claim.clawback_amount) == (S.CLAWBACK_REQUESTED, money("30000.00"))


def test_recoveries_never_exceed_the_clawback_and_end_the_claim_when_complete() -> None:
    claim = claim_in("commitment", "clawback_requested", T0)  # 20,000.00 to recover
    with pytest.raises(InvalidValue, match="more than the clawback of 20000.00"):
        claim.recover(money("20000.01"), FINANCE, LATER)
    claim.recover(money("19999.99"), FINANCE, LATER)
    assert (claim.status, claim.recovered_total) == (S.CLAWBACK_REQUESTED, money("19999.99"))
    with pytest.raises(InvalidValue, match="more than the clawback"):
        claim.recover(money("0.02"), FINANCE, LATER)
    claim.recover(money("0.01"), FINANCE, LATER + timedelta(hours=1))
    assert (claim.status, claim.recovered_total) == (S.RECOVERED, money("20000.00"))
    assert claim.recovered_at == LATER + timedelta(hours=1) and claim.is_terminal
    assert claim.disbursed_total == money("30000.00")  # recovery does not rewrite the payments


# --- the rules of each step ----------------------------------------------------------------


def test_an_act_cannot_precede_the_acts_already_recorded() -> None:
    claim = claim_in("apply_and_receive", "submitted", T0)
    with pytest.raises(InvalidValue, match="precedes"):
        STEPS["accept"](claim, T0 - timedelta(minutes=1))
    assert claim.status is S.SUBMITTED


@pytest.mark.parametrize(
    ("flow", "state", "step"),
    [
        ("apply_and_receive", "submitted", "reject"),
        ("commitment", "routed", "reject"),
        ("no_application", "matched", "withdraw"),
        ("commitment", "accepted", "withdraw"),
        ("commitment", "disbursed", "breach"),
    ],
)
def test_rejections_withdrawals_and_breaches_carry_a_reason(
    flow: str, state: str, step: str
) -> None:
    claim = claim_in(flow, state, T0)
    version = claim.version
    method = {"reject": claim.reject, "withdraw": claim.withdraw, "breach": claim.breach}[step]
    with pytest.raises(InvalidValue, match="reason must not be empty"):
        method("  ", HANDLER, LATER)
    assert claim.version == version
    method(" 理由 ", HANDLER, LATER)
    assert claim.reason == "理由"


def test_acceptance_records_assisted_handling_and_missing_materials() -> None:
    claim = claim_in("commitment", "accepted_pending_materials", T0)
    assert claim.accepted_at == T0 + timedelta(hours=1)
    assert claim.assisted is False
    assert claim.missing_materials == MissingMaterials(
        ("2025年度审计报告", "设备购置发票"), in_days(T0, 5)
    )
    assert claim.materials_outstanding
    assert claim_in("apply_and_receive", "accepted", T0).assisted is True


def test_only_a_commitment_claim_is_accepted_with_missing_materials() -> None:
    claim = claim_in("apply_and_receive", "submitted", T0)
    with pytest.raises(InvalidTransition, match="does not allow 'accept': only a commitment"):
        STEPS["accept-with-missing-materials"](claim, LATER)
    assert claim.status is S.SUBMITTED


def test_missing_materials_are_promised_by_a_day_not_before_acceptance() -> None:
    claim = claim_in("commitment", "submitted", T0)
    late = MissingMaterials(("审计报告",), in_days(LATER, -1))
    with pytest.raises(InvalidValue, match="promised date"):
        claim.accept(HANDLER, LATER, missing_materials=late)
    with pytest.raises(InvalidValue):
        MissingMaterials((), in_days(LATER, 1))
    with pytest.raises(InvalidValue, match="listed twice"):
        MissingMaterials(("审计报告", "审计报告"), in_days(LATER, 1))
    assert claim.status is S.SUBMITTED


def test_a_claim_is_not_approved_while_materials_are_outstanding() -> None:
    claim = claim_in("commitment", "routed_pending_materials", T0)
    with pytest.raises(InvalidTransition, match="are not supplied yet"):
        STEPS["approve"](claim, LATER)
    STEPS["supply-materials"](claim, LATER)
    assert not claim.materials_outstanding and claim.materials_supplied_at == LATER
    STEPS["approve"](claim, LATER)
    assert claim.status is S.APPROVED


def test_routing_moves_the_claim_to_the_reviewing_department() -> None:
    claim = claim_in("commitment", "routed", T0)
    assert claim.review_department == "kjj"
    assert claim.organisations() == {"gxj", "kjj"}
    with pytest.raises(InvalidTransition, match="already with department 'kjj'"):
        claim.route("kjj", HANDLER, LATER)
    claim.route("fgw", HANDLER, LATER)
    assert (claim.review_department, claim.routed_at) == ("fgw", LATER)


def test_a_commitment_claim_is_reviewed_only_once_routed() -> None:
    claim = claim_in("commitment", "accepted", T0)
    with pytest.raises(InvalidTransition, match="is routed for review first"):
        STEPS["approve"](claim, LATER)
    with pytest.raises(InvalidTransition, match="department reviewing it"):
        STEPS["reject"](claim, LATER)


def test_disbursement_is_due_by_the_date_the_caller_computed() -> None:
    claim = claim_in("apply_and_receive", "approved", T0)
    due = claim.disbursement_due
    assert due is not None and claim.deadline == due
    assert not claim.is_overdue(due)
    assert claim.is_overdue(due + timedelta(days=1))
    STEPS["disburse"](claim, LATER)
    assert claim.is_overdue(due + timedelta(days=1))  # partly paid is still owed
    STEPS["disburse-rest"](claim, LATER)
    assert claim.disbursed_on_time is True
    assert claim.deadline is None and not claim.is_overdue(due + timedelta(days=1))


def test_a_late_full_disbursement_is_not_on_time() -> None:
    claim = claim_in("no_application", "confirmed", T0)
    assert claim.confirmed_at is not None and claim.disbursement_due is not None
    STEPS["disburse-rest"](claim, T0 + timedelta(days=40))
    assert claim.status is S.DISBURSED and claim.disbursed_on_time is False


def test_review_is_due_by_the_date_given_on_acceptance() -> None:
    claim = claim_in("commitment", "routed", T0)
    assert claim.review_due is not None and claim.deadline == claim.review_due
    assert claim.is_overdue(claim.review_due + timedelta(days=1))
    assert not claim_in("commitment", "submitted", T0).is_overdue(in_days(T0, 365))


@pytest.mark.parametrize("due", [None, "2026-03-20", datetime(2026, 3, 20, tzinfo=CHINA_TZ)])
def test_due_dates_are_calendar_dates(due: object) -> None:
    claim = claim_in("apply_and_receive", "accepted", T0)
    with pytest.raises(InvalidValue, match="calendar date"):
        claim.approve(APPROVED, due, REVIEWER, LATER)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="lies before"):
        claim.approve(APPROVED, in_days(LATER, -1), REVIEWER, LATER)


def test_verification_ends_a_commitment_claim() -> None:
    claim = claim_in("commitment", "verified", T0)
    assert claim.is_terminal and claim.verified_at is not None
    assert claim.verification_note == "设备已投产，承诺事项已履行"
    assert not claim_in("commitment", "disbursed", T0).is_terminal


# --- the policy catalogue ------------------------------------------------------------------


def test_a_published_policy_gives_claims_its_id_version_and_terms() -> None:
    policy = publish(PolicyMode.COMMITMENT, T0)
    basis = policy.claim_basis()
    assert (policy.status, policy.version, policy.is_open) == (PolicyStatus.PUBLISHED, 1, True)
    assert basis == ClaimBasis(
        policy.id, 1, "工业企业技术改造补贴", "gxj", PolicyMode.COMMITMENT, CAP
    )


def test_a_revision_makes_a_new_version_and_old_claims_keep_theirs() -> None:
    policy = publish(PolicyMode.APPLY_AND_RECEIVE, T0)
    before = policy.claim_basis()
    policy.revise(terms(PolicyMode.APPLY_AND_RECEIVE, cap=money("50000")), "压减上限", ADMIN, LATER)
    after = policy.claim_basis()
    assert (policy.version, policy.revisions, policy.revised_at) == (2, 1, LATER)
    assert (before.policy_version, after.policy_version) == (1, 2)
    assert (before.cap, after.cap) == (CAP, money("50000"))
    with pytest.raises(InvalidValue, match="changes the terms"):
        policy.revise(policy.terms, "无变化", ADMIN, LATER)
    with pytest.raises(InvalidValue, match="reason must not be empty"):
        policy.revise(terms(PolicyMode.COMMITMENT), "", ADMIN, LATER)
    assert policy.version == 2


def test_a_withdrawn_policy_takes_no_new_claims() -> None:
    policy = publish(PolicyMode.APPLY_AND_RECEIVE, T0)
    with pytest.raises(InvalidValue, match="reason must not be empty"):
        policy.withdraw(" ", ADMIN, LATER)
    policy.withdraw("政策到期", ADMIN, LATER)
    assert (policy.status, policy.withdrawn_at, policy.is_open) == (
        PolicyStatus.WITHDRAWN,
        LATER,
        False,
    )
    with pytest.raises(
        InvalidTransition, match="policy in state 'withdrawn' does not allow 'claim'"
    ):
        policy.claim_basis()
    for step in (
        lambda: policy.withdraw("再次废止", ADMIN, LATER),
        lambda: policy.revise(terms(PolicyMode.COMMITMENT), "恢复", ADMIN, LATER),
    ):
        with pytest.raises(InvalidTransition):
            step()
    assert policy.version == 2


def test_a_policy_act_cannot_precede_its_last() -> None:
    policy = publish(PolicyMode.APPLY_AND_RECEIVE, T0)
    with pytest.raises(InvalidValue, match="precedes"):
        policy.withdraw("政策到期", ADMIN, T0 - timedelta(seconds=1))


@pytest.mark.parametrize(
    "change",
    [
        {"title": " "},
        {"issuing_department": ""},
        {"mode": "commitment"},
        {"cap": money("0")},
        {"cap": 100000},
        {"review_days": 0},
        {"review_days": True},
        {"disbursement_days": 1.5},
    ],
)
def test_policy_terms_check_themselves(change: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        replace(terms(PolicyMode.COMMITMENT), **change)


def test_a_claim_basis_checks_itself() -> None:
    with pytest.raises(InvalidValue, match="policy version"):
        ClaimBasis(uuid4(), 0, "补贴", "gxj", PolicyMode.COMMITMENT, CAP)
    with pytest.raises(InvalidValue, match="policy id"):
        ClaimBasis("p-1", 1, "补贴", "gxj", PolicyMode.COMMITMENT, CAP)  # type: ignore[arg-type]
    assert isinstance(terms(PolicyMode.COMMITMENT), PolicyTerms)
