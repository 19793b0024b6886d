"""Events and case states in plain terms for auditors: who, when (in the world and in the
store), what the event said, and what it changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.clock import CHINA_TZ

# Attributes every event has, shown apart from its payload.
ENVELOPE = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "actor", "occurred_at"}
)


def plain(value: Any) -> Any:
    """`value` as JSON: enumerations by value, one-field value objects (codes) as their value,
    other value objects as objects, times in ISO 8601, sets sorted."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, UUID, Decimal)):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return fields["value"] if list(fields) == ["value"] else fields
    if isinstance(value, dict):
        return {str(plain(key)): plain(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(item) for item in value), key=str)
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return str(value)


def state_of(aggregate: Aggregate | None) -> dict[str, Any]:
    """The aggregate's attributes as JSON, with its id and version (empty before it exists)."""
    if aggregate is None:
        return {}
    public = {name: plain(value) for name, value in vars(aggregate).items() if not name.startswith("_")}
    return {"id": str(aggregate.id), "version": aggregate.version} | public


def payload_of(event: Aggregate.Event) -> dict[str, Any]:
    """What the event itself says, besides who, when and which case."""
    return {name: plain(value) for name, value in vars(event).items() if name not in ENVELOPE}


def recorded_at(event: Aggregate.Event) -> datetime:
    """When the store recorded the event (the library's timestamp), in Beijing time."""
    return event.timestamp.astimezone(CHINA_TZ)


@dataclasses.dataclass(frozen=True)
class Change:
    """One attribute an event changed."""

    field: str
    before: Any
    after: Any


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What differs between two states, attribute by attribute (the version aside)."""
    names = [name for name in after | before if name != "version"]
    return [
        Change(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    ]


def states(events: Sequence[Aggregate.Event]) -> list[dict[str, Any]]:
    """The state after each event in turn, the first being the state before any."""
    aggregate: Aggregate | None = None
    result = [state_of(None)]
    for event in events:
        aggregate = event.mutate(aggregate)
        result.append(state_of(aggregate))
    return result
