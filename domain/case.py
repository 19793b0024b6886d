"""What the four case kinds share: a case number, a jurisdiction, a status and guarded steps."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, Self

from eventsourcing.domain import Aggregate

from domain.bounds import require_moment
from domain.errors import InvalidTransition, InvalidValue
from domain.text import require_text

__all__ = ["Case", "require_text"]


class Case(Aggregate):
    """Base of every case aggregate. Subclasses set `kind`, record `case_number` and
    `jurisdiction` (a `JurisdictionCode`) at creation, and keep `status` (an Enum) current.
    Every event carries `occurred_at`; applying one sets `last_occurred_at`.

    Commands validate first and trigger their event last, so a refused command records nothing.
    """

    kind: ClassVar[str] = "case"

    class Snapshot(Aggregate.Snapshot):
        """A case's state at a version, so a long history need not be replayed from its start.
        JSON keeps no tuples: the lists it gives back are made tuples again (a case's state
        holds tuples, never lists)."""

        def mutate(self, _: None) -> Any:
            case = super().mutate(None)
            for name, value in vars(case).items():
                if isinstance(value, list) and name != "_pending_events":
                    vars(case)[name] = as_tuples(value)
            return case

    class Event(Aggregate.Event):
        """Base of every case event: after its own change, the case's latest act is this one."""

        occurred_at: datetime

        def apply(self, aggregate: Any) -> None:
            super().apply(aggregate)
            aggregate.last_occurred_at = self.occurred_at

    # --- scope: whom the case concerns (read by the permission table) --------------------

    def redacted(self) -> Self:
        """The case as a reader who may not see personal data sees it (a copy, never saved);
        kinds that hold personal data mask it.
        """
        return self

    def credit_codes(self) -> frozenset[str]:
        """The credit codes of the enterprises the case concerns."""
        return frozenset()

    def organisations(self) -> frozenset[str]:
        """The codes of the organisations acting on it now (department, body, mediator, court)."""
        return frozenset()

    def require_state(self, step: str, *allowed: Enum, why: str = "") -> None:
        """Raise `InvalidTransition` unless the case is in one of the `allowed` states."""
        if self.status not in allowed:
            raise InvalidTransition(self.kind, self.status.value, step, why)

    def refuse(self, step: str, why: str) -> None:
        """Raise `InvalidTransition` for `step` in the current state, saying why."""
        raise InvalidTransition(self.kind, self.status.value, step, why)

    def require_in_order(self, occurred_at: datetime) -> None:
        """An act cannot have happened before the acts already recorded on the case."""
        require_moment(occurred_at)
        if occurred_at < self.last_occurred_at:
            raise InvalidValue(
                f"occurred_at {occurred_at.isoformat()} precedes the case's last recorded act "
                f"({self.last_occurred_at.isoformat()})"
            )


def as_tuples(value: Any) -> Any:
    """`value` with every list in it, however deep, made a tuple."""
    return tuple(as_tuples(item) for item in value) if isinstance(value, list) else value
