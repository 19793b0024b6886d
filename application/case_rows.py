"""How each kind of case appears in the case list."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from enum import Enum

from domain.appeal import Appeal
from domain.appeal.aggregate import IN_HANDLING
from domain.clock import local_date
from domain.enterprise import Contact
from domain.inspection import InspectionVisit
from domain.mediation import MediationCase, MediationStatus
from domain.policy_claim import Policy, PolicyClaim
from domain.account import Account
from domain.unit import Unit

from application.case_index import CaseRow
from application.views import RowMaker, from_state


def day(moment: datetime | None) -> str | None:
    """The ISO date of a moment in Beijing time, for JSON details."""
    return local_date(moment).isoformat() if moment else None


def value(member: Enum | None) -> str | None:
    """An enumeration member's code, for JSON details."""
    return member.value if member is not None else None


def pre_suit_outcome(case: MediationCase) -> str | None:
    """How pre-suit mediation ended: succeeded, withdrawn, or failed (whatever became of the
    lawsuit it went on to); None while it has not ended."""
    if case.pre_suit_concluded_at is None:
        return None
    if case.status in (MediationStatus.SUCCEEDED, MediationStatus.WITHDRAWN):
        return case.status.value
    return MediationStatus.FAILED.value


def _masked(contact: Contact | None) -> str | None:
    if contact is None:
        return None
    masked = contact.masked()
    return f"{masked.name} {masked.phone}"


def appeal_row(appeal: Appeal) -> CaseRow:
    return CaseRow.of(
        appeal,
        enterprise_name=appeal.enterprise.name,
        deadline=appeal.deadline,
        deadline_running=appeal.status in IN_HANDLING,
        opened_at=appeal.submitted_at,
        details={
            "channel": appeal.channel.value,
            "category": appeal.category.value,
            "urgency": appeal.urgency.value,
            "level": appeal.level.value if appeal.level else None,
            # lists show the contact masked, whoever reads them; the case shows it to those acting
            "contact": _masked(appeal.contact),
            # the facts closure rates are computed from (dates in Beijing time)
            "received_on": day(appeal.received_at),
            "resolved_on": day(appeal.resolved_at),
            "first_resolved_on_time": appeal.first_resolved_on_time,
            "follow_ups": appeal.follow_ups,
            "followed_up_on": day(appeal.followed_up_at),
            "first_satisfaction": value(appeal.first_satisfaction),
            "satisfaction": value(appeal.satisfaction),
            "closed_on": day(appeal.closed_at),
            "supervision_orders": appeal.supervision_orders,
        },
    )


def inspection_row(visit: InspectionVisit) -> CaseRow:
    return CaseRow.of(
        visit,
        enterprise_name=visit.enterprise.name,
        deadline=None,
        deadline_running=False,
        opened_at=visit.registered_at,
        details={
            "visit_kind": visit.visit_kind.value,
            "planned_date": visit.planned_date.isoformat(),
            "entered_at": visit.entered_at.isoformat() if visit.entered_at else None,
            # the facts inspection figures are computed from
            "entered_on": day(visit.entered_at),
            "outcomes": dict(Counter(finding.outcome.value for finding in visit.findings)),
            "penalty_total": str(visit.total_penalty()),
            "misconduct_reports": len(visit.misconduct_reports),
        },
    )


def policy_row(policy: Policy) -> CaseRow:
    return CaseRow.of(
        policy,
        enterprise_name="",
        deadline=None,
        deadline_running=False,
        opened_at=policy.published_at,
        details={
            "title": policy.terms.title,
            "mode": policy.terms.mode.value,
            "cap": str(policy.terms.cap),
            # the facts the catalogue figures are computed from (dates in Beijing time)
            "published_on": day(policy.published_at),
            "withdrawn_on": day(policy.withdrawn_at),
        },
    )


def claim_row(claim: PolicyClaim) -> CaseRow:
    # a match (免申即享) is granted when the enterprise confirms it, any other claim on approval
    granted_on = day(claim.confirmed_at if claim.matched_at else claim.approved_at)
    return CaseRow.of(
        claim,
        enterprise_name=claim.enterprise.name,
        deadline=claim.deadline,
        deadline_running=claim.deadline is not None,
        opened_at=claim.matched_at or claim.submitted_at,
        details={
            "policy": claim.basis.title,
            "mode": claim.mode.value,
            "approved_amount": str(claim.approved_amount) if claim.approved_amount else None,
            "disbursed_total": str(claim.disbursed_total),
            # the facts the claim figures are computed from (dates in Beijing time)
            "issuing_department": claim.basis.issuing_department,
            "opened_on": day(claim.matched_at or claim.submitted_at),
            "granted_on": granted_on,
            "granted_amount": str(claim.approved_amount) if granted_on else None,
            "fully_disbursed_on": day(claim.fully_disbursed_at),
            "disbursed_on_time": claim.disbursed_on_time,
            "commitment_checked_on": day(claim.verified_at or claim.breached_at),
            "breached": claim.breached_at is not None,
            "clawback_requested_on": day(claim.clawback_requested_at),
            "clawback_amount": str(claim.clawback_amount) if claim.clawback_amount else None,
            "recovered_total": str(claim.recovered_total),
            "recovered_on": day(claim.recovered_at),
        },
    )


def mediation_row(case: MediationCase) -> CaseRow:
    enterprises = [party.name for party in case.parties if party.credit_code]
    return CaseRow.of(
        case,
        enterprise_name=enterprises[0],
        deadline=case.deadline,
        deadline_running=case.status is MediationStatus.MEDIATING,
        opened_at=case.registered_at,
        details={
            "dispute_type": case.dispute_type.value,
            "stage": "in_suit" if case.filed_at else "pre_suit",
            "organisation_kind": case.organisation_kind.value if case.organisation_kind else None,
            "court_case_number": case.court_case_number,
            # the facts mediation ratios are computed from (dates in Beijing time)
            "organisation": case.organisation,
            "assigned_on": day(case.assigned_at),
            "pre_suit_concluded_on": day(case.pre_suit_concluded_at),
            "pre_suit_outcome": pre_suit_outcome(case),
            "filed_on": day(case.filed_at),
            "litigation_concluded_on": day(case.litigation_concluded_at),
        },
    )


def unit_row(unit: Unit) -> CaseRow:
    terms = unit.terms
    return CaseRow.of(
        unit,
        enterprise_name="",
        deadline=None,
        deadline_running=False,
        opened_at=unit.registered_at,
        details={
            "name": terms.name,
            "short_name": terms.short_name,
            "unit_kind": terms.kind.value,
            "parent": terms.parent,
            "active_from": terms.active_from.isoformat() if terms.active_from else None,
            "active_to": unit.active_to.isoformat() if unit.active_to else None,
        },
    )


def account_row(account: Account) -> CaseRow:
    profile = account.profile
    return CaseRow.of(
        account,
        enterprise_name="",
        deadline=None,
        deadline_running=False,
        opened_at=account.opened_at,
        details={
            "name": profile.name,
            "role": profile.role.value,
            "org": profile.org,
            "credit_code": profile.credit_code.value if profile.credit_code else None,
        },
    )


ROWS: dict[type, RowMaker] = {
    Appeal: from_state(appeal_row),
    InspectionVisit: from_state(inspection_row),
    MediationCase: from_state(mediation_row),
    Policy: from_state(policy_row),
    PolicyClaim: from_state(claim_row),
    Unit: from_state(unit_row),
    Account: from_state(account_row),
}
