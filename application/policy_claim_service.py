"""Commands and queries on the policy catalogue and on policy-benefit claims."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.errors import InvalidValue
from domain.policy_claim import Policy, PolicyClaim
from domain.unit import HANDLING

from application.case_service import CaseService
from application.errors import NotFound
from application.permissions import require_own_enterprise, require_own_organisation
from application.policy_claim_commands import MatchClaim, PublishPolicy, Route, SubmitClaim
from application.principal import Principal


class PolicyService(CaseService[Policy]):
    """The policy catalogue (惠企政策清单): published and maintained by the admin role, readable
    by everyone.
    """

    case_class = Policy
    prefix = "ZC"  # 政策

    def publish(
        self, command: PublishPolicy, principal: Principal, policy_id: UUID | None = None
    ) -> Policy:
        """Publish (发布) a policy under the next catalogue number of its jurisdiction."""
        return self.open(command, principal, Policy.publish, policy_id)


class ClaimService(CaseService[PolicyClaim]):
    """Policy-benefit claims (惠企政策兑现); `context` is the `ClaimContext`."""

    case_class = PolicyClaim
    prefix = "DX"  # 兑现
    handovers = {Route: ("department", HANDLING)}

    def submit(
        self, command: SubmitClaim, principal: Principal, claim_id: UUID | None = None
    ) -> PolicyClaim:
        """Apply (申报) under a 即申即享 or 承诺兑现 policy, against its current version."""
        return self._open_claim(command, principal, PolicyClaim.submit, claim_id)

    def match(
        self, command: MatchClaim, principal: Principal, claim_id: UUID | None = None
    ) -> PolicyClaim:
        """Record a 免申即享 match: the enterprise is eligible for `amount_due`."""
        return self._open_claim(command, principal, PolicyClaim.match, claim_id)

    def _open_claim(
        self, command: Any, principal: Principal, create: Any, claim_id: UUID | None
    ) -> PolicyClaim:
        require_own_enterprise(principal, command.enterprise)
        policy = self._policy(command.policy_id)
        require_own_organisation(
            principal, policy.organisations(), "records claims only under the policies it issues"
        )
        if policy.jurisdiction != command.jurisdiction:
            raise InvalidValue(
                f"policy {policy.case_number} is of jurisdiction {policy.jurisdiction}, "
                f"not {command.jurisdiction}"
            )
        basis = policy.claim_basis()

        def from_basis(policy_id: UUID, **facts: Any) -> PolicyClaim:
            return create(basis=basis, **facts)

        return self.open(command, principal, from_basis, claim_id)

    def _policy(self, policy_id: UUID) -> Policy:
        policy = self.store.find(policy_id, Policy)
        if policy is None:
            raise NotFound(f"no policy {policy_id}")
        return policy
