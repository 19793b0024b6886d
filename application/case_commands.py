"""What the commands of every case share: plain data that apply themselves to a case."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields, make_dataclass
from datetime import datetime
from functools import cache
from typing import Any, ClassVar

from domain.actor import Actor
from domain.case import Case
from domain.jurisdiction import JurisdictionCode


@cache
def _argument_names(command: type) -> tuple[str, ...]:
    """The names of a command class's fields but `occurred_at` (read once per class)."""
    return tuple(f.name for f in fields(command) if f.name != "occurred_at")


@dataclass(frozen=True, kw_only=True)
class Intake:
    """Base of the commands that open a case in a jurisdiction; `occurred_at` defaults to now."""

    jurisdiction: JurisdictionCode
    occurred_at: datetime | None = None

    def facts(self) -> dict[str, Any]:
        """The intake's facts as the aggregate's constructor takes them (all but `occurred_at`)."""
        return {name: getattr(self, name) for name in _argument_names(type(self))}


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
        return {name: getattr(self, name) for name in _argument_names(type(self))}

    def apply(self, case: Case, actor: Actor, at: datetime, context: Any) -> None:
        step = getattr(case, self.method)
        step(**self.arguments(case, at, context), actor=actor, occurred_at=at)


def step(
    action: str, doc: str, method: str | None = None, **spec: type | tuple[type, Any]
) -> type[Step]:
    """A `Step` class for one action: its fields are `name=type` or `name=(type, default)`, and
    it calls the aggregate's `method` (the action in snake_case unless given).

        Close = step("close", "销号: close the appeal.", reason=str)
    """
    namespace = {
        "action": action,
        "method": method or action.replace("-", "_"),
        "__doc__": doc,
        "__module__": sys._getframe(1).f_globals.get("__name__", __name__),  # as namedtuple does
    }
    name = "".join(part.capitalize() for part in action.split("-"))
    fields_ = [field_spec(name, given) for name, given in spec.items()]
    return make_dataclass(
        name, fields_, bases=(Step,), namespace=namespace, frozen=True, kw_only=True
    )


def field_spec(name: str, given: type | tuple[type, Any]) -> tuple[Any, ...]:
    if isinstance(given, tuple):
        kind, default = given
        return (name, kind, field(default=default))
    return (name, given)
