"""The policy-benefit claim (惠企政策兑现) case, and the policy catalogue (惠企政策清单) it draws on."""

from enum import Enum

from domain.policy_claim.aggregate import PolicyClaim
from domain.policy_claim.policy import Policy
from domain.policy_claim.vocabulary import (
    ClaimBasis,
    ClaimStatus,
    MissingMaterials,
    Payment,
    PolicyMode,
    PolicyStatus,
    PolicyTerms,
)

# The enums and value objects this case stores in its events, by their stored names
# (the names are part of the stored format: never rename one). `Payment` lives only in the
# claim's state (events carry its fields), registered for snapshots.
STORED_ENUMS: dict[str, type[Enum]] = {
    "policy_mode": PolicyMode,
    "policy_status": PolicyStatus,
    "claim_status": ClaimStatus,
}
STORED_VALUE_OBJECTS: dict[str, type] = {
    "policy_terms": PolicyTerms,
    "claim_basis": ClaimBasis,
    "claim_missing_materials": MissingMaterials,
    "claim_payment": Payment,
}

__all__ = [
    "ClaimBasis",
    "ClaimStatus",
    "MissingMaterials",
    "Payment",
    "Policy",
    "PolicyClaim",
    "PolicyMode",
    "PolicyStatus",
    "PolicyTerms",
]
