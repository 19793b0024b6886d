"""Audit reads (审计查阅记录): who replayed, verified or exported what, and when.

Each read is an aggregate of one event, stored in the same sealed log as the cases, so the
record of who looked at the history is as tamper-evident as the history itself.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.clock import require_aware
from domain.jurisdiction import JurisdictionCode
from domain.text import require_text


class AuditAction(Enum):
    """What was read."""

    EVENTS = "events"  # a case's events, replayed
    STATE = "state"  # a case as it stood at a version or moment
    ACTIVITY = "activity"  # what an actor or office did
    READS = "reads"  # this log itself
    VERIFY = "verify"  # the integrity of the whole log
    CHECKPOINT = "checkpoint"  # the head digest
    EXPORT = "export"  # an audit package


class AuditRead(Aggregate):
    """One read of the audit trail. It never changes once recorded.

    `jurisdiction` is the reader's; None for a read of the whole store from the command line.
    `target` names what was read, e.g. `appeals/<id>?version=3`.
    """

    kind = "audit_read"

    @event("Recorded")
    def __init__(
        self,
        actor: Actor,
        jurisdiction: JurisdictionCode | None,
        action: AuditAction,
        target: str,
        occurred_at: datetime,
    ) -> None:
        self.actor = actor
        self.jurisdiction = jurisdiction
        self.action = action
        self.target = require_text(target, "target")
        self.occurred_at = require_aware(occurred_at)
