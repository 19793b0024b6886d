"""The enterprise appeal (企业诉求) case."""

from enum import Enum

from domain.appeal.aggregate import Appeal
from domain.appeal.deadlines import DeadlineRules
from domain.appeal.vocabulary import (
    AppealStatus,
    Category,
    Channel,
    HandlingLevel,
    Outcome,
    Satisfaction,
    Urgency,
)

# The enums this case stores in its events, by their stored names (never rename one).
STORED_ENUMS: dict[str, type[Enum]] = {
    "appeal_status": AppealStatus,
    "channel": Channel,
    "category": Category,
    "urgency": Urgency,
    "handling_level": HandlingLevel,
    "outcome": Outcome,
    "satisfaction": Satisfaction,
}
STORED_VALUE_OBJECTS: dict[str, type] = {}

__all__ = [
    "Appeal",
    "AppealStatus",
    "Category",
    "Channel",
    "DeadlineRules",
    "HandlingLevel",
    "Outcome",
    "Satisfaction",
    "Urgency",
]
