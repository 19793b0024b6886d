"""The value objects an inspection or service visit records: who came, why they may come on a quiet
day, what they found, what the enterprise asked for and what it reported.

Each checks itself on construction, and is stored as a dict of its fields and rebuilt by calling
it with them (so a check must accept what it produced, and fields hold no tuples).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.appeal.vocabulary import Category, Urgency
from domain.case import require_text
from domain.text import optional_text
from domain.clock import require_aware
from domain.errors import InvalidValue
from domain.inspection.vocabulary import ExemptionReason, FindingOutcome, Misconduct, PaymentRequest
from domain.money import Money


def _set_text(obj: object, name: str, what: str) -> None:
    """Replace a text field of a frozen dataclass by its stripped value, refusing an empty one."""
    object.__setattr__(obj, name, require_text(getattr(obj, name), what))


def _require(value: object, kind: type, what: str) -> None:
    if not isinstance(value, kind):
        raise InvalidValue(f"{what} must be a {kind.__name__}, got {value!r}")


@dataclass(frozen=True)
class Inspector:
    """One official who comes: a law-enforcement officer (执法人员) of an inspecting body, or, on a
    service visit, a leader or cadre who visits (走访人员).

    `certificate` is the law-enforcement certificate number (执法证号). An enforcement inspection
    requires one for every inspector; a visitor on a service visit need not hold one (`None`).
    """

    name: str
    certificate: str | None
    body: str  # code of the inspecting body / department the official belongs to

    def __post_init__(self) -> None:
        _set_text(self, "name", "inspector name")
        _set_text(self, "body", "inspector's body")
        if self.certificate is not None:
            _set_text(self, "certificate", "law-enforcement certificate number")


@dataclass(frozen=True)
class QuietDayExemption:
    """Why an inspection may enter during the quiet days (企业安静日) after all, with a note."""

    reason: ExemptionReason
    note: str

    def __post_init__(self) -> None:
        _require(self.reason, ExemptionReason, "exemption reason")
        _set_text(self, "note", "exemption note")


@dataclass(frozen=True)
class Finding:
    """What the inspection found on one of its registered items.

    A rectification order needs its due date (整改期限); a penalty needs its exact amount, and may
    carry the enterprise's request to pay later or in instalments. Other outcomes carry neither.
    """

    item: str
    outcome: FindingOutcome
    note: str = ""
    rectification_due: date | None = None
    penalty: Money | None = None
    payment_request: PaymentRequest | None = None

    def __post_init__(self) -> None:
        _set_text(self, "item", "finding item")
        _require(self.outcome, FindingOutcome, "finding outcome")
        _require(self.note, str, "finding note")
        object.__setattr__(self, "note", optional_text(self.note, "finding note"))
        rectify = self.outcome is FindingOutcome.RECTIFICATION_ORDERED
        penalise = self.outcome is FindingOutcome.PENALTY
        if rectify != (self.rectification_due is not None):
            raise InvalidValue(
                "a rectification due date goes with, and only with, a rectification order"
            )
        due = self.rectification_due
        if rectify and (not isinstance(due, date) or isinstance(due, datetime)):
            raise InvalidValue(f"a rectification due date is a date, got {due!r}")
        if penalise != (self.penalty is not None):
            raise InvalidValue("a penalty amount goes with, and only with, a penalty")
        if penalise:
            _require(self.penalty, Money, "penalty")
            assert self.penalty is not None
            if self.penalty.yuan <= 0:
                raise InvalidValue(f"a penalty must be more than zero, got {self.penalty}")
        if self.payment_request is not None:
            if not penalise:
                raise InvalidValue("only a penalty can be paid later or in instalments")
            _require(self.payment_request, PaymentRequest, "payment request")


@dataclass(frozen=True)
class Demand:
    """A difficulty or demand (诉求) collected on a service visit; it becomes an Appeal."""

    summary: str
    category: Category
    urgency: Urgency | None = None

    def __post_init__(self) -> None:
        _set_text(self, "summary", "demand summary")
        _require(self.category, Category, "demand category")
        if self.urgency is not None:
            _require(self.urgency, Urgency, "demand urgency")


@dataclass(frozen=True)
class CollectedDemand:
    """A demand with its number on the visit (1, 2, 3 … across every collection), which stays the
    same forever, so whatever turns it into an Appeal can do so exactly once.
    """

    number: int
    demand: Demand

    def __post_init__(self) -> None:
        if not isinstance(self.number, int) or isinstance(self.number, bool) or self.number < 1:
            raise InvalidValue(f"a demand number is a positive integer, got {self.number!r}")
        _require(self.demand, Demand, "demand")


@dataclass(frozen=True)
class MisconductReport:
    """Misconduct the enterprise reported about the visit, and when."""

    misconduct: Misconduct
    description: str
    reported_at: datetime

    def __post_init__(self) -> None:
        _require(self.misconduct, Misconduct, "misconduct")
        _set_text(self, "description", "misconduct description")
        require_aware(self.reported_at, "reported_at")
