"""The InspectionVisit aggregate: an inspection of an enterprise (涉企检查) or a service visit (走访),
from its registration through 扫码入企 to its close.

Enforcement inspection: registered → entered → findings recorded → results published (一公开) →
closed. Service visit: registered → entered (collecting demands) → closed. Either may be cancelled
before entry. After entry the enterprise may rate the visit once and report misconduct any number
of times, also once it is closed.

The aggregate keeps the facts the supervision list (督办清单) judges — registration and entry times,
the entry's local date, kind, exemption, inspectors, items, bodies, publication, misconduct — but
not the rules themselves (quiet-day window, annual caps, publication limits), which are
configuration. Every event carries the actor and `occurred_at`; each public command checks the
state and its arguments, then triggers one event whose body (replayed on load) is the whole state
change. Event bodies turn sequences into tuples: stored events come back with lists.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.case import Case, require_text
from domain.text import optional_text
from domain.bounds import require_due, require_moment
from domain.clock import local_date
from domain.enterprise import Enterprise
from domain.errors import InvalidValue
from domain.inspection.facts import (
    CollectedDemand,
    Demand,
    Finding,
    Inspector,
    MisconductReport,
    QuietDayExemption,
)
from domain.inspection.vocabulary import (
    TERMINAL,
    InspectionStatus,
    Misconduct,
    VisitKind,
)
from domain.jurisdiction import JurisdictionCode
from domain.money import Money

S = InspectionStatus
AFTER_ENTRY = (S.ENTERED, S.FINDINGS_RECORDED, S.PUBLISHED, S.CLOSED)
LOWEST_RATING, HIGHEST_RATING = 1, 5


class InspectionVisit(Case):
    """An inspection or service visit (涉企检查与走访). Create one with `InspectionVisit.register(...)`."""

    kind = "inspection"

    @event("Registered")
    def __init__(  # noqa: PLR0913 - the facts of a 扫码入企 registration
        self,
        case_number: str,
        jurisdiction: JurisdictionCode,
        enterprise: Enterprise,
        visit_kind: VisitKind,
        bodies: tuple[str, ...],
        inspectors: tuple[Inspector, ...],
        items: tuple[str, ...],
        legal_basis: str | None,
        planned_date: date,
        exemption: QuietDayExemption | None,
        actor: Actor,
        occurred_at: datetime,
        id: UUID | None = None,  # noqa: A002 - a chosen id (the library sets it; unused here)
        source_id: str | None = None,
    ) -> None:
        self.case_number = case_number
        self.jurisdiction = jurisdiction
        self.enterprise = enterprise
        self.visit_kind = visit_kind
        self.bodies = tuple(bodies)
        self.inspectors = tuple(inspectors)
        self.items = tuple(items)
        self.legal_basis = legal_basis
        self.planned_date = planned_date
        self.exemption = exemption
        self.status = S.REGISTERED
        self.registered_at = occurred_at
        self.last_occurred_at = occurred_at
        self.entered_at: datetime | None = None
        self.findings: tuple[Finding, ...] = ()
        self.findings_recorded_at: datetime | None = None  # when the first findings were recorded
        self.published_at: datetime | None = None
        self.publication: str | None = None
        self.demands: tuple[CollectedDemand, ...] = ()
        self.rating: int | None = None
        self.rating_comment: str | None = None
        self.rated_at: datetime | None = None
        self.misconduct_reports: tuple[MisconductReport, ...] = ()
        self.closed_at: datetime | None = None
        self.cancelled_at: datetime | None = None
        self.reason: str | None = None  # of the cancellation
        self.source_id = source_id  # its id in the ledger it was imported from

    @classmethod
    def register(  # noqa: PLR0913
        cls,
        *,
        case_number: str,
        jurisdiction: JurisdictionCode,
        enterprise: Enterprise,
        visit_kind: VisitKind,
        bodies: Iterable[str],
        inspectors: Iterable[Inspector],
        items: Iterable[str],
        planned_date: date,
        actor: Actor,
        occurred_at: datetime,
        legal_basis: str | None = None,
        exemption: QuietDayExemption | None = None,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
        source_id: str | None = None,
    ) -> InspectionVisit:
        """Register (扫码入企登记) a planned inspection or visit; it waits for the scan at the gate.

        - `bodies`: the codes of the inspecting bodies (or visiting departments). An administrative
          inspection has exactly one (several bodies together make a joint inspection); a joint
          inspection at least two; a spot check (possibly a cross-department one) and a service
          visit at least one.
        - `inspectors`: at least one, each of one of the `bodies`, certificate numbers unique. On
          an enforcement inspection every inspector needs a law-enforcement certificate number; a
          service visit's visitors need none. Fewer than two inspectors is not refused: it is a
          fact the supervision list reports.
        - `items`: what is inspected (or, on a visit, its topics): at least one, none twice.
        - `legal_basis`: required for an enforcement inspection, optional for a service visit.
        - `planned_date`: not before the day of registration.
        - `exemption`: from the quiet days (企业安静日); only an inspection can claim one.
        - `source_id`: its id in the ledger it was imported from, if imported.
        """
        for value, kind in [
            (jurisdiction, JurisdictionCode),
            (enterprise, Enterprise),
            (visit_kind, VisitKind),
            (actor, Actor),
        ]:
            if not isinstance(value, kind):
                raise InvalidValue(f"expected a {kind.__name__}, got {value!r}")
        require_moment(occurred_at)
        bodies = _texts(bodies, "inspecting body")
        if visit_kind is VisitKind.JOINT_INSPECTION and len(bodies) < 2:  # noqa: PLR2004
            raise InvalidValue("a joint inspection (联合检查) needs at least two inspecting bodies")
        if visit_kind is VisitKind.ADMINISTRATIVE_INSPECTION and len(bodies) != 1:
            raise InvalidValue(
                "an administrative inspection has one inspecting body; "
                "several bodies together make a joint inspection"
            )
        inspectors = _inspectors(inspectors, bodies, visit_kind)
        items = _texts(items, "item")
        if visit_kind.is_enforcement:
            legal_basis = require_text(legal_basis, "legal basis")  # type: ignore[arg-type]
        elif legal_basis is not None:
            legal_basis = optional_text(legal_basis, "legal basis") or None
        require_due(planned_date, occurred_at, "planned date", "the day of registration")
        if exemption is not None:
            if not visit_kind.is_enforcement:
                raise InvalidValue(
                    "a service visit is not an inspection: it needs no quiet-day exemption"
                )
            if not isinstance(exemption, QuietDayExemption):
                raise InvalidValue(f"expected a QuietDayExemption, got {exemption!r}")
        return cls(
            case_number=require_text(case_number, "case number"),
            jurisdiction=jurisdiction,
            enterprise=enterprise,
            visit_kind=visit_kind,
            bodies=bodies,
            inspectors=inspectors,
            items=items,
            legal_basis=legal_basis,
            planned_date=planned_date,
            exemption=exemption,
            actor=actor,
            occurred_at=occurred_at,
            id=id,
            source_id=None if source_id is None else require_text(source_id, "source id"),
        )

    # --- queries -------------------------------------------------------------------------

    def credit_codes(self) -> frozenset[str]:
        return frozenset({self.enterprise.credit_code.value})

    def organisations(self) -> frozenset[str]:
        """The inspecting bodies (执法部门) or visiting departments."""
        return frozenset(self.bodies)

    @property
    def is_enforcement(self) -> bool:
        """An inspection by law-enforcement bodies, i.e. anything but a service visit."""
        return self.visit_kind.is_enforcement

    @property
    def is_terminal(self) -> bool:
        """Closed or cancelled: no further inspection step (the enterprise may still rate a closed
        visit and report misconduct about it).
        """
        return self.status in TERMINAL

    @property
    def entry_date(self) -> date | None:
        """The calendar day (Asia/Shanghai) of the entry, once entered: what the quiet-day
        (企业安静日) window is judged against.
        """
        return local_date(self.entered_at) if self.entered_at is not None else None

    def registered_days_before_entry(self) -> int | None:
        """Calendar days (Asia/Shanghai) from the registration to the entry: 0 when registered on
        the day of entry; `None` before entry.
        """
        if self.entered_at is None:
            return None
        return (local_date(self.entered_at) - local_date(self.registered_at)).days

    @property
    def inspector_count(self) -> int:
        return len(self.inspectors)

    def total_penalty(self) -> Money:
        """The sum of the fines among the findings (zero if none)."""
        return Money(
            sum((f.penalty.yuan for f in self.findings if f.penalty is not None), Decimal("0.00"))
        )

    def items_without_findings(self) -> tuple[str, ...]:
        """The registered items no finding concerns yet."""
        covered = {finding.item for finding in self.findings}
        return tuple(item for item in self.items if item not in covered)

    # --- 入企 / 取消 ----------------------------------------------------------------------

    def enter(self, actor: Actor, occurred_at: datetime) -> None:
        """Record the scan at the gate (扫码入企): `occurred_at` is the time of entry."""
        self.require_state("enter", S.REGISTERED)
        self.require_in_order(occurred_at)
        self._entered(actor=actor, occurred_at=occurred_at)

    @event("Entered")
    def _entered(self, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.ENTERED
        self.entered_at = occurred_at

    def cancel(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Cancel (取消) the inspection or visit before anyone entered."""
        self.require_state("cancel", S.REGISTERED, why="only a visit not yet entered is cancelled")
        self.require_in_order(occurred_at)
        self._cancelled(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Cancelled")
    def _cancelled(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.CANCELLED
        self.reason = reason
        self.cancelled_at = occurred_at

    # --- 检查结果 / 一公开 ----------------------------------------------------------------

    def record_findings(
        self, findings: Iterable[Finding], actor: Actor, occurred_at: datetime
    ) -> None:
        """Record what the inspection found, one `Finding` per registered item concerned. May be
        repeated (e.g. each body of a joint inspection) until the results are published.
        """
        if not self.is_enforcement:
            self.refuse("record-findings", "a service visit collects demands, not findings")
        self.require_state("record-findings", S.ENTERED, S.FINDINGS_RECORDED)
        self.require_in_order(occurred_at)
        findings = _sequence(findings, Finding, "finding")
        for finding in findings:
            if finding.item not in self.items:
                raise InvalidValue(
                    f"finding on '{finding.item}', which is not among the registered items "
                    "(inspecting beyond them is 乱检查)"
                )
            if finding.rectification_due is not None:
                require_due(
                    finding.rectification_due, occurred_at, "rectification due date", "the finding"
                )
        self._findings_recorded(findings=findings, actor=actor, occurred_at=occurred_at)

    @event("FindingsRecorded")
    def _findings_recorded(
        self, findings: tuple[Finding, ...], actor: Actor, occurred_at: datetime
    ) -> None:
        self.status = S.FINDINGS_RECORDED
        self.findings = (*self.findings, *findings)
        if self.findings_recorded_at is None:
            self.findings_recorded_at = occurred_at

    def publish_results(self, summary: str, actor: Actor, occurred_at: datetime) -> None:
        """Publish the results (一公开); `occurred_at` is the time of publication."""
        if not self.is_enforcement:
            self.refuse("publish", "a service visit has no inspection results to publish")
        self.require_state("publish", S.FINDINGS_RECORDED, why="findings come first")
        self.require_in_order(occurred_at)
        self._results_published(
            summary=require_text(summary, "publication summary"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("ResultsPublished")
    def _results_published(self, summary: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.PUBLISHED
        self.publication = summary
        self.published_at = occurred_at

    # --- 走访收集诉求 ---------------------------------------------------------------------

    def collect_demands(
        self, demands: Iterable[Demand], actor: Actor, occurred_at: datetime
    ) -> None:
        """Record the demands (诉求) a service visit collected. They are numbered on from the
        ones collected before (1, 2, 3 …); each becomes an Appeal with channel "service visit".
        """
        if self.is_enforcement:
            self.refuse("collect-demands", "only a service visit collects demands")
        self.require_state("collect-demands", S.ENTERED)
        self.require_in_order(occurred_at)
        demands = _sequence(demands, Demand, "demand")
        first = len(self.demands) + 1
        collected = tuple(
            CollectedDemand(number, demand) for number, demand in enumerate(demands, start=first)
        )
        self._demands_collected(demands=collected, actor=actor, occurred_at=occurred_at)

    @event("DemandsCollected")
    def _demands_collected(
        self, demands: tuple[CollectedDemand, ...], actor: Actor, occurred_at: datetime
    ) -> None:
        self.demands = (*self.demands, *demands)

    # --- 办结 -----------------------------------------------------------------------------

    def close(self, actor: Actor, occurred_at: datetime) -> None:
        """Close the inspection once its results are published, or the visit once it entered."""
        if self.is_enforcement:
            self.require_state(
                "close", S.PUBLISHED, why="an inspection closes once its results are published"
            )
        else:
            self.require_state("close", S.ENTERED)
        self.require_in_order(occurred_at)
        self._closed(actor=actor, occurred_at=occurred_at)

    @event("Closed")
    def _closed(self, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.CLOSED
        self.closed_at = occurred_at

    # --- the enterprise's voice: rating and misconduct (评价 / 投诉) ----------------------

    def rate(self, stars: int, comment: str, actor: Actor, occurred_at: datetime) -> None:
        """The enterprise rates the inspection or visit, once, from 1 to 5 stars, after entry."""
        self.require_state("rate", *AFTER_ENTRY, why="the enterprise rates a visit after entry")
        if self.rating is not None:
            self.refuse("rate", "the enterprise has already rated this visit")
        self.require_in_order(occurred_at)
        if (
            not isinstance(stars, int)
            or isinstance(stars, bool)
            or not LOWEST_RATING <= stars <= HIGHEST_RATING
        ):
            raise InvalidValue(
                f"a rating is {LOWEST_RATING} to {HIGHEST_RATING} stars, got {stars!r}"
            )
        self._rated(
            stars=stars, comment=optional_text(comment, "comment"), actor=actor,
            occurred_at=occurred_at,
        )

    @event("Rated")
    def _rated(self, stars: int, comment: str, actor: Actor, occurred_at: datetime) -> None:
        self.rating = stars
        self.rating_comment = comment
        self.rated_at = occurred_at

    def report_misconduct(
        self, misconduct: Misconduct, description: str, actor: Actor, occurred_at: datetime
    ) -> None:
        """The enterprise reports misconduct (搭车推荐, 吃拿卡要, 乱检查, 乱罚款) after entry; any
        number of reports. Each puts the visit on the supervision list.
        """
        self.require_state(
            "report-misconduct", *AFTER_ENTRY, why="misconduct is reported after entry"
        )
        self.require_in_order(occurred_at)
        if not isinstance(misconduct, Misconduct):
            raise InvalidValue(f"unknown misconduct {misconduct!r}")
        self._misconduct_reported(
            misconduct=misconduct,
            description=require_text(description, "description"),
            actor=actor,
            occurred_at=occurred_at,
        )

    @event("MisconductReported")
    def _misconduct_reported(
        self, misconduct: Misconduct, description: str, actor: Actor, occurred_at: datetime
    ) -> None:
        report = MisconductReport(misconduct, description, occurred_at)
        self.misconduct_reports = (*self.misconduct_reports, report)


# --- argument checks -----------------------------------------------------------------------


def _sequence(values: Iterable[object], kind: type, what: str) -> tuple:
    """A non-empty tuple of `kind` (a text is not taken for a sequence of characters)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidValue(f"{what}: expected a sequence, got {values!r}")
    values = tuple(values)
    if not values:
        raise InvalidValue(f"at least one {what} is required")
    for value in values:
        if not isinstance(value, kind):
            raise InvalidValue(f"{what}: expected {kind.__name__}, got {value!r}")
    return values


def _texts(values: Iterable[str], what: str) -> tuple[str, ...]:
    """A non-empty tuple of distinct, stripped, non-empty texts."""
    texts = tuple(require_text(value, what) for value in _sequence(values, str, what))
    twice = sorted({text for text in texts if texts.count(text) > 1})
    if twice:
        raise InvalidValue(f"{what} listed twice: {', '.join(twice)}")
    return texts


def _inspectors(
    inspectors: Iterable[Inspector], bodies: tuple[str, ...], visit_kind: VisitKind
) -> tuple[Inspector, ...]:
    inspectors = _sequence(inspectors, Inspector, "inspector")
    for inspector in inspectors:
        if inspector.body not in bodies:
            raise InvalidValue(
                f"inspector {inspector.name} belongs to '{inspector.body}', not an inspecting body"
                " of this visit"
            )
        if visit_kind.is_enforcement and inspector.certificate is None:
            raise InvalidValue(
                f"inspector {inspector.name} has no law-enforcement certificate number (执法证号): "
                "only a service visit may send visitors without one"
            )
    certificates = [i.certificate for i in inspectors if i.certificate is not None]
    if len(set(certificates)) != len(certificates):
        raise InvalidValue("a law-enforcement certificate number is listed twice")
    return inspectors
