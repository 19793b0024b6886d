"""The process policy that turns the demands a service visit collected into appeals.

It follows the notification log. Each collected demand becomes one appeal (channel: service
visit) whose id is derived from the visit and the demand's number, so replaying an event after a
crash or restart finds the appeal already there and creates nothing twice. The policy's position
is kept in the tracking table under its own name.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.utils import get_topic

from domain.actor import Actor, Role
from domain.appeal import Channel, Urgency
from domain.inspection import CollectedDemand, InspectionVisit

from application.appeal_commands import SubmitAppeal
from application.appeal_service import AppealService
from application.case_store import CaseStore
from application.errors import VersionConflict
from application.principal import Principal

POLICY_ACTOR = Actor(id="policy:visit-demands", role=Role.SYSTEM, org="yingshang")
DEMANDS_COLLECTED = InspectionVisit.DemandsCollected  # type: ignore[attr-defined]


def appeal_id_for(visit_id: UUID, number: int) -> UUID:
    """The id of the appeal made from demand `number` of a visit: the same every time."""
    return uuid5(NAMESPACE_URL, f"yingshang:visit/{visit_id}/demand/{number}")


class VisitDemandsPolicy:
    """Creates an appeal for every demand a service visit collected, exactly once."""

    tracking_name = "visit_demands"

    def __init__(
        self, store: CaseStore, appeals: AppealService, tracking: TrackingRecorder
    ) -> None:
        self.store = store
        self.appeals = appeals
        self.tracking = tracking
        self.looked_to = 0  # the log read up to here in this process, every demand processed

    def catch_up(self, batch_size: int = 100) -> int:
        """Process every notification not yet processed; return the position reached.

        The log is read from where this process last looked, not from the last demands
        processed: a run reads what was stored since, however long ago demands were last
        collected (the log has no index by topic). Events are stored in the order of their
        positions, so none can appear later at or below the head read before the log.
        """
        while True:
            position = self.tracking.max_tracking_id(self.tracking_name) or 0
            head = self.store.recorder.max_notification_id() or 0
            notifications = self.store.recorder.select_notifications(
                start=max(position, self.looked_to) + 1, limit=batch_size, stop=head,
                topics=[get_topic(DEMANDS_COLLECTED)],
            )  # fmt: skip
            for notification in notifications:
                event = self.store.mapper.to_domain_event(notification)
                self._process(event)
                self.tracking.insert_tracking(Tracking(self.tracking_name, notification.id))
                position = notification.id
            if len(notifications) < batch_size:
                self.looked_to = max(self.looked_to, head)
                return position

    def _process(self, event: object) -> None:
        assert isinstance(event, DEMANDS_COLLECTED)
        visit = self.store.repository.get(event.originator_id, version=event.originator_version)
        for demand in event.demands:
            self._open_appeal(visit, demand, event.occurred_at)

    def _open_appeal(self, visit: InspectionVisit, collected: CollectedDemand, at: object) -> None:
        appeal_id = appeal_id_for(visit.id, collected.number)
        if appeal_id in self.store.repository:
            return  # made before a crash or by another runner
        demand = collected.demand
        command = SubmitAppeal(
            jurisdiction=visit.jurisdiction,
            enterprise=visit.enterprise,
            channel=Channel.SERVICE_VISIT,
            category=demand.category,
            urgency=demand.urgency or Urgency.NORMAL,
            summary=demand.summary,
            visit_id=visit.id,
            occurred_at=at,  # type: ignore[arg-type]
        )
        principal = Principal(actor=POLICY_ACTOR, jurisdiction=visit.jurisdiction)
        try:
            self.appeals.submit(command, principal, appeal_id)
        except VersionConflict:
            if appeal_id not in self.store.repository:
                raise
