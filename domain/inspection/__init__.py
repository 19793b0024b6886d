"""The inspection and service visit (涉企检查与走访) case."""

from enum import Enum

from domain.inspection.aggregate import InspectionVisit
from domain.inspection.facts import (
    CollectedDemand,
    Demand,
    Finding,
    Inspector,
    MisconductReport,
    QuietDayExemption,
)
from domain.inspection.vocabulary import (
    ENFORCEMENT_KINDS,
    ExemptionReason,
    FindingOutcome,
    InspectionStatus,
    Misconduct,
    PaymentRequest,
    VisitKind,
)

# The enums and value objects this case stores in its events, by their stored names
# (the names are part of the stored format: never rename one). A demand's category and urgency
# are the appeal's `Category` and `Urgency`, stored under the appeal's names. `MisconductReport`
# lives only in the state (events carry its fields), registered for snapshots.
STORED_ENUMS: dict[str, type[Enum]] = {
    "inspection_status": InspectionStatus,
    "inspection_visit_kind": VisitKind,
    "inspection_exemption_reason": ExemptionReason,
    "inspection_finding_outcome": FindingOutcome,
    "inspection_payment_request": PaymentRequest,
    "inspection_misconduct": Misconduct,
}
STORED_VALUE_OBJECTS: dict[str, type] = {
    "inspection_inspector": Inspector,
    "inspection_quiet_day_exemption": QuietDayExemption,
    "inspection_finding": Finding,
    "inspection_demand": Demand,
    "inspection_collected_demand": CollectedDemand,
    "inspection_misconduct_report": MisconductReport,
}

__all__ = [
    "ENFORCEMENT_KINDS",
    "CollectedDemand",
    "Demand",
    "ExemptionReason",
    "Finding",
    "FindingOutcome",
    "InspectionStatus",
    "InspectionVisit",
    "Inspector",
    "Misconduct",
    "MisconductReport",
    "PaymentRequest",
    "QuietDayExemption",
    "VisitKind",
]
