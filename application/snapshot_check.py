"""Snapshots checked against the sealed log: a snapshot is only a shortcut to a case's state,
so each must equal the replay of the case's events up to its version. The log's seals cover the
events, not the snapshots; this check covers the snapshots."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from application.case_store import CaseStore, replayed


def snapshot_mismatches(store: CaseStore, ids: Iterable[UUID]) -> list[str]:
    """A line for each snapshot of the aggregates `ids` that differs from the replay of its
    events to its version (each aggregate's events are read once)."""
    assert store.snapshots is not None
    found = []
    for aggregate_id in ids:
        versions = {s.originator_version: s for s in store.snapshots.get(aggregate_id)}
        state = None
        for event in store.events.get(aggregate_id, lte=max(versions, default=0)):
            state = replayed(state, [event])
            snapshot = versions.pop(event.originator_version, None)
            if snapshot is not None and vars(snapshot.mutate(None)) != vars(state):
                found.append(f"{aggregate_id} 第 {event.originator_version} 版的快照与事件不符 "
                             "(the snapshot differs from the events)")  # fmt: skip
        found += [f"{aggregate_id} 第 {version} 版的快照没有对应的事件 (no events to that version)"
                  for version in versions]  # fmt: skip
    return found
