"""Case numbers (案件编号) such as SQ-360121-2026-000123, unique per kind, jurisdiction and year."""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.jurisdiction import JurisdictionCode


class CaseNumberSequence(Aggregate):
    """The counter behind one series of case numbers. Its id is derived from the series, so two
    concurrent intakes load the same sequence and only one of them can save the next number.
    """

    @staticmethod
    def create_id(prefix: str, jurisdiction: JurisdictionCode, year: int) -> UUID:
        return uuid5(NAMESPACE_URL, f"yingshang:case-numbers:{prefix}-{jurisdiction}-{year}")

    @event("Started")
    def __init__(self, prefix: str, jurisdiction: JurisdictionCode, year: int) -> None:
        self.prefix = prefix
        self.jurisdiction = jurisdiction
        self.year = year
        self.last = 0

    def issue(self, actor: Actor, occurred_at: datetime) -> str:
        """Take the next number of the series and return it formatted."""
        self._issued(number=self.last + 1, actor=actor, occurred_at=occurred_at)
        return f"{self.prefix}-{self.jurisdiction}-{self.year}-{self.last:06d}"

    @event("Issued")
    def _issued(self, number: int, actor: Actor, occurred_at: datetime) -> None:
        self.last = number
