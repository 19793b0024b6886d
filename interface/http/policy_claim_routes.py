"""Routes of `/api/v1/policies` (the catalogue) and `/api/v1/policy-claims`."""

from fastapi import APIRouter

from application.case_commands import Step
from application.policy_claim_commands import (
    Accept,
    Approve,
    Breach,
    Confirm,
    Disburse,
    Recover,
    RejectClaim,
    RequestClawback,
    RevisePolicy,
    Route,
    SupplyMaterials,
    Verify,
    WithdrawClaim,
    WithdrawPolicy,
)
from domain.policy_claim import ClaimStatus, PolicyMode, PolicyStatus
from interface.http.case_routes import CaseCollection
from interface.http.policy_claim_schemas import (
    AcceptBody,
    ClaimView,
    CreateClaimBody,
    PolicyView,
    PublishPolicyBody,
    RevisePolicyBody,
)
from interface.http.problems import ERROR_RESPONSES

CLAIM_STEPS: tuple[type[Step], ...] = (
    Confirm, Accept, SupplyMaterials, Route, Approve, RejectClaim, WithdrawClaim, Disburse,
    Verify, Breach, RequestClawback, Recover,
)  # fmt: skip
POLICY_STEPS: tuple[type[Step], ...] = (RevisePolicy, WithdrawPolicy)

router = APIRouter(tags=["policy claims 惠企政策兑现"], responses=ERROR_RESPONSES)

POLICIES = CaseCollection(
    path="policies",
    kind="policy",
    service=lambda services: services.policies,
    view=PolicyView.of,
    view_model=PolicyView,
)
POLICIES.add_create_route(
    router,
    PublishPolicyBody,
    lambda services, body, principal: services.policies.publish(body.command(), principal),
    summary="发布 Publish a policy in the catalogue",
)
POLICIES.add_get_route(router)
POLICIES.add_step_routes(router, POLICY_STEPS, {RevisePolicy: RevisePolicyBody})
POLICIES.add_list_route(
    router, PolicyStatus, "department", "the issuing department", PolicyMode
)

CLAIMS = CaseCollection(
    path="policy-claims",
    kind="policy_claim",
    service=lambda services: services.claims,
    view=ClaimView.of,
    view_model=ClaimView,
)
CLAIMS.add_create_route(
    router,
    CreateClaimBody,
    lambda services, body, principal: body.create(services, principal),
    summary="申报 Apply for a benefit, or record a 免申即享 match",
)
CLAIMS.add_get_route(router)
CLAIMS.add_step_routes(router, CLAIM_STEPS, {Accept: AcceptBody})
CLAIMS.add_list_route(
    router, ClaimStatus, "department", "the issuing or reviewing department", PolicyMode
)
