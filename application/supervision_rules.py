"""What puts a case on the supervision list (督办清单), found in the case's own events.

Three sorts of entry:
- a **deadline** that binds a department (an appeal in handling, a supervision order, a
  mediation's time limit, a claim's review or disbursement, the publication of inspection
  results, a supervision order owed after an unsatisfied follow-up). It is an entry from the day
  after its due date, and is cleared by the event that discharges it (resolution, transfer,
  extension, publication, …) if that comes late;
- a **supervision order** (督办单) itself: an entry from the moment it is issued, with its
  issuer, reason and deadline, open until the appeal is resolved again or withdrawn, or a further
  order replaces it (each order is an entry of its own);
- a **breach** of an inspection rule (quiet day, late registration, fewer than two inspectors,
  misconduct reported): a fact of the record, an entry from the moment it happened, never cleared.

Rules that compare several visits of one enterprise (repeated inspection) are judged when the
list is asked for, from the `VisitFacts` kept here; see `application.supervision_list`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from uuid import UUID

from domain.appeal import Appeal, AppealStatus, Satisfaction
from domain.case import Case
from domain.clock import CHINA_TZ, local_date
from domain.inspection import InspectionStatus, InspectionVisit
from domain.mediation import MediationCase, MediationStatus
from domain.policy_claim import PolicyClaim
from domain.policy_claim.aggregate import IN_REVIEW

from application.views import RowMaker

RULES = {
    "appeal_overdue": "诉求超期未办结 an appeal in handling is past its deadline",
    "supervision_order": "督办单 a supervision order was issued on the appeal",
    "supervision_order_overdue": "督办超期 a supervision order is past its deadline",
    "unsatisfied_without_order": "不满意未督办 an unsatisfied follow-up has no supervision order in time",
    "mediation_overdue": "调解超期 a pre-suit mediation is past its time limit",
    "claim_review_overdue": "兑现审核超期 a policy claim is past its review date",
    "claim_disbursement_overdue": "兑现拨付超期 a granted claim is past its disbursement date",
    "results_unpublished": "检查结果未按时公开 inspection results are not published in time",
    "quiet_day": "安静日入企 an inspection entered on a quiet day without exemption",
    "late_registration": "未提前扫码登记 an inspection was not registered a day before entry",
    "too_few_inspectors": "执法人员少于两人 an enforcement inspection by fewer than two inspectors",
    "repeated_inspection": "重复检查 more inspections of one enterprise in a year than the cap",
    "uncoordinated_inspection": "多头检查 different bodies inspected the same items in a short window",
    "misconduct_reported": "企业反映不当行为 the enterprise reported misconduct",
}
LISTED_WHEN_OPENED = frozenset({"supervision_order"})  # entries with a due date, listed at once


@dataclass(frozen=True)
class SupervisionRules:
    """The configurable parts of the rules (see the README)."""

    quiet_days: tuple[int, int] = (1, 20)  # days of the month without inspections (企业安静日)
    order_days: int = 5  # calendar days to issue a supervision order after an unsatisfied follow-up
    publication_days: int = 20  # calendar days to publish inspection results after the findings
    annual_cap: int = 3  # inspections of one enterprise per calendar year
    joint_window_days: int = 30  # days within which inspections of the same items should be one


@dataclass(frozen=True)
class Entry:
    """One rule a case broke, a deadline it passed or a supervision order it is under. A deadline
    entry (`due` set) counts from the day after `due`, a supervision order from its issue;
    `cleared_at` / `cleared_by` name the event that discharged it. Only a supervision order has an
    issuer (id and organisation) and a reason.
    """

    rule: str
    departments: tuple[str, ...]
    opened_at: datetime  # when the obligation arose, or the breach happened
    due: date | None = None
    cleared_at: datetime | None = None
    cleared_by: str | None = None  # "<event name> v<version>"
    issuer: str | None = None
    issuer_org: str | None = None
    reason: str | None = None
    calendar: str | None = None  # the working calendar `due` was reckoned with ("2027#1")

    def __post_init__(self) -> None:
        for name in ("opened_at", "cleared_at"):
            object.__setattr__(self, name, kept(getattr(self, name)))

    @property
    def since(self) -> datetime:
        """When the case went on the list for this entry."""
        if self.due is None or self.rule in LISTED_WHEN_OPENED:
            return self.opened_at
        return max(self.opened_at, overdue_from(self.due))

    def counts(self) -> bool:
        """Still open, or cleared only after it fell due: an entry of the list."""
        return self.cleared_at is None or self.cleared_at >= self.since


@dataclass(frozen=True)
class VisitFacts:
    """An enforcement inspection's entry, for the rules that compare visits."""

    entered_at: datetime
    bodies: tuple[str, ...]
    items: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "entered_at", kept(self.entered_at))


@dataclass(frozen=True)
class CaseSupervision:
    """Everything the supervision list keeps about one case."""

    id: UUID
    kind: str
    case_number: str
    jurisdiction: str
    credit_codes: tuple[str, ...]
    version: int
    entries: tuple[Entry, ...] = ()
    visit: VisitFacts | None = None


def kept(moment: datetime | None) -> datetime | None:
    """A moment as the view's records keep it exactly: in UTC if its offset is not a whole
    number of minutes (Beijing's local mean time, +08:05:43, before 1901: a moment only events
    recorded before the bounds of `domain.bounds` can carry), which JSON would round."""
    offset = moment.utcoffset() if moment is not None else None
    if moment is not None and offset is not None and offset.seconds % 60:
        return moment.astimezone(timezone.utc)
    return moment


def overdue_from(due: date) -> datetime:
    """The first moment a deadline is missed: midnight after `due`, Beijing time (the last
    moment there is, for a deadline on the last day there is)."""
    if due == date.max:
        return datetime.max.replace(tzinfo=CHINA_TZ)
    return datetime.combine(due + timedelta(days=1), time(), CHINA_TZ)


def supervision_rows(rules: SupervisionRules) -> dict[type, RowMaker]:
    """The row makers of the supervision list, for a `ViewUpdater`."""
    return {
        kind: (lambda events, case: supervision_of(events, rules))
        for kind in (Appeal, InspectionVisit, MediationCase, PolicyClaim)
    }


def supervision_of(events: Sequence[Case.Event], rules: SupervisionRules) -> CaseSupervision:
    """Walk a case's events: every deadline it ran against, discharged in time or not, every
    supervision order it was under, and the breaches its final state records."""
    case: Any = None
    running: dict[str, Entry] = {}
    entries: list[Entry] = []
    for event in events:
        case = event.mutate(case)
        binding = {entry.rule: entry for entry in deadlines(case, event.occurred_at, rules)}
        for rule, entry in list(running.items()):
            if discharged(entry, binding.get(rule), event):
                cleared = replace(entry, cleared_at=event.occurred_at,
                                  cleared_by=f"{type(event).__name__} v{event.originator_version}")  # fmt: skip
                entries += [cleared] if cleared.counts() else []
                del running[rule]
        running |= {rule: entry for rule, entry in binding.items() if rule not in running}
    entries += running.values()
    entries += breaches(case, rules)
    return CaseSupervision(
        id=case.id,
        kind=case.kind,
        case_number=case.case_number,
        jurisdiction=case.jurisdiction.value,
        credit_codes=tuple(sorted(case.credit_codes())),
        version=case.version,
        entries=tuple(entries),
        visit=visit_facts(case),
    )


def discharged(entry: Entry, now: Entry | None, event: Case.Event) -> bool:
    """Whether `event` ended the running `entry`: it binds no longer, or binds other departments
    or another date, or `event` is a further supervision order replacing the one it lists."""
    if now is None or (now.departments, now.due) != (entry.departments, entry.due):
        return True
    return entry.rule == "supervision_order" and isinstance(event, Appeal.SupervisionOrdered)


def deadlines(case: Any, now: datetime, rules: SupervisionRules) -> Iterator[Entry]:
    """The deadlines, and the supervision order, that bind the case as it stands; each opened
    `now` if it is new."""
    departments = tuple(sorted(case.organisations()))

    def binding(rule: str, due: date | None, calendar: str | None = None) -> Iterator[Entry]:
        if due is not None:
            yield Entry(rule, departments, opened_at=now, due=due, calendar=calendar)

    if isinstance(case, Appeal):
        if case.status is AppealStatus.ASSIGNED:
            yield from binding("appeal_overdue", case.deadline, case.deadline_calendar)
        elif case.status is AppealStatus.SUPERVISED:
            yield from binding("supervision_order_overdue", case.deadline)
            yield supervision_order(case, departments, now)
        elif case.status is AppealStatus.FOLLOWED_UP and case.satisfaction is Satisfaction.UNSATISFIED:
            due = local_date(case.followed_up_at) + timedelta(days=rules.order_days)
            yield from binding("unsatisfied_without_order", due)
    elif isinstance(case, MediationCase) and case.status is MediationStatus.MEDIATING:
        yield from binding("mediation_overdue", case.deadline)
    elif isinstance(case, PolicyClaim):
        rule = "claim_review_overdue" if case.status in IN_REVIEW else "claim_disbursement_overdue"
        yield from binding(rule, case.deadline, case.deadline_calendar)
    elif isinstance(case, InspectionVisit) and awaits_publication(case):
        due = local_date(case.findings_recorded_at) + timedelta(days=rules.publication_days)
        yield from binding("results_unpublished", due)


def supervision_order(appeal: Appeal, departments: tuple[str, ...], now: datetime) -> Entry:
    """The supervision order (督办单) the appeal is under: its issuer, reason and deadline."""
    issuer = appeal.supervision_issuer
    assert issuer is not None  # every order records its issuer
    return Entry("supervision_order", departments, opened_at=now, due=appeal.deadline,
                 issuer=issuer.id, issuer_org=issuer.org, reason=appeal.reason)  # fmt: skip


def awaits_publication(visit: InspectionVisit) -> bool:
    """An enforcement inspection with findings and no published results (一公开)."""
    return (
        visit.is_enforcement
        and visit.findings_recorded_at is not None
        and visit.status is InspectionStatus.FINDINGS_RECORDED
    )


def breaches(case: Any, rules: SupervisionRules) -> list[Entry]:
    """The inspection rules the visit broke, by what its record holds."""
    if not isinstance(case, InspectionVisit) or case.entered_at is None:
        return []
    bodies = tuple(sorted(case.bodies))
    found = [Entry("misconduct_reported", bodies, report.reported_at)
             for report in case.misconduct_reports]  # fmt: skip
    if not case.is_enforcement:
        return found  # a service visit is not an inspection
    first, last = rules.quiet_days
    if first <= local_date(case.entered_at).day <= last and case.exemption is None:
        found.append(Entry("quiet_day", bodies, case.entered_at))
    if case.registered_days_before_entry() < 1:  # type: ignore[operator]
        found.append(Entry("late_registration", bodies, case.entered_at))
    if case.inspector_count < 2:  # noqa: PLR2004 - the rule's own number
        found.append(Entry("too_few_inspectors", bodies, case.entered_at))
    return found


def visit_facts(case: Any) -> VisitFacts | None:
    if not isinstance(case, InspectionVisit) or not case.is_enforcement or case.entered_at is None:
        return None
    return VisitFacts(case.entered_at, tuple(sorted(case.bodies)), tuple(sorted(case.items)))

