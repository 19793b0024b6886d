"""The mediation (诉调对接) case."""

from enum import Enum

from domain.mediation.dispute import MediationCase
from domain.mediation.terms import (
    Agreement,
    Confirmation,
    DisputeSource,
    DisputeType,
    MediationStatus,
    OrganisationKind,
    Party,
    PartyRole,
    Performance,
)

# The enums and value objects this case stores in its events, by their stored names
# (the names are part of the stored format: never rename one).
STORED_ENUMS: dict[str, type[Enum]] = {
    "mediation_dispute_type": DisputeType,
    "mediation_source": DisputeSource,
    "mediation_organisation_kind": OrganisationKind,
    "mediation_party_role": PartyRole,
    "mediation_status": MediationStatus,
    "mediation_confirmation": Confirmation,
    "mediation_performance": Performance,
}
STORED_VALUE_OBJECTS: dict[str, type] = {
    "mediation_party": Party,
    "mediation_agreement": Agreement,
}

__all__ = [
    "Agreement",
    "Confirmation",
    "DisputeSource",
    "DisputeType",
    "MediationCase",
    "MediationStatus",
    "OrganisationKind",
    "Party",
    "PartyRole",
    "Performance",
]
