"""The enterprise appeal (企业诉求) case."""

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
