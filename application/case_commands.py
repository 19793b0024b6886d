"""What the commands of every case share: plain data that apply themselves to a case."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar

from domain.actor import Actor
from domain.case import Case


@dataclass(frozen=True, kw_only=True)
class Intake:
    """Base of the commands that open a case; `occurred_at` defaults to now."""

    occurred_at: datetime | None = None

    def facts(self) -> dict[str, Any]:
        """The intake's facts as the aggregate's constructor takes them (all but `occurred_at`)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "occurred_at"}


@dataclass(frozen=True, kw_only=True)
class Step:
    """A step of a lifecycle: `action` is its name in the API and the permission table,
    `method` the aggregate's method it calls with its fields as keyword arguments.
    """

    action: ClassVar[str]
    method: ClassVar[str]
    occurred_at: datetime | None = None

    def arguments(self, case: Any, at: datetime, context: Any) -> dict[str, Any]:
        """The domain method's arguments: every field but `occurred_at`."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "occurred_at"}

    def apply(self, case: Case, actor: Actor, at: datetime, context: Any) -> None:
        step = getattr(case, self.method)
        step(**self.arguments(case, at, context), actor=actor, occurred_at=at)
