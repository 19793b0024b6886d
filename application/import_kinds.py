"""The kinds of case an import reads, by name."""

from __future__ import annotations

from application.appeal_import import APPEALS
from application.import_plan import ImportKind
from application.inspection_import import INSPECTIONS
from application.mediation_import import MEDIATIONS
from application.policy_claim_import import CLAIMS

__all__ = ["APPEALS", "CLAIMS", "IMPORT_KINDS", "INSPECTIONS", "MEDIATIONS"]

IMPORT_KINDS: dict[str, ImportKind] = {
    kind.name: kind for kind in (APPEALS, INSPECTIONS, MEDIATIONS, CLAIMS)
}
