"""Snapshots checked against the sealed log: a snapshot is only a shortcut to a case's state,
so each must equal the replay of the case's events up to its version. The log's seals cover the
events, not the snapshots; this check covers the snapshots."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from application.case_store import CaseStore, replayed
from application.seal_check import Failure


def snapshot_mismatches(store: CaseStore, ids: Iterable[UUID]) -> list[Failure]:
    """A `snapshot_altered` failure (at position 0: a snapshot is not in the log) for each
    snapshot of the aggregates `ids` that differs from the replay of its events to its
    version; each aggregate's events are read once."""
    assert store.snapshots is not None
    found = []
    for aggregate_id in ids:
        versions = {s.originator_version: s for s in store.snapshots.get(aggregate_id)}
        state = None
        for event in store.events.get(aggregate_id, lte=max(versions, default=0)):
            state = replayed(state, [event])
            snapshot = versions.pop(event.originator_version, None)
            if snapshot is not None and vars(snapshot.mutate(None)) != vars(state):
                found.append(_altered(aggregate_id, event.originator_version, "differs from"))
        found += [_altered(aggregate_id, version, "has no events up to") for version in versions]
    return found


def _altered(aggregate_id: UUID, version: int, how: str) -> Failure:
    detail = f"the snapshot of {aggregate_id} at version {version} {how} the replay of its events"
    return Failure(0, "snapshot_altered", detail, aggregate_id, version)
