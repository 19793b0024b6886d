"""Every step of the inspection and service visit lifecycles in every state: allowed where
`domain.md` allows it, refused everywhere else with an error naming state and step, recording
nothing; and the values a registration, a finding, a demand, a rating or a report must hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.appeal import Category
from domain.clock import CHINA_TZ
from domain.errors import InvalidTransition, InvalidValue
from domain.inspection import (
    CollectedDemand,
    Demand,
    ExemptionReason,
    Finding,
    FindingOutcome,
    InspectionStatus,
    Inspector,
    Misconduct,
    PaymentRequest,
    QuietDayExemption,
    VisitKind,
)
from domain.money import Money
from tests.inspection_steps import (
    ALLOWED,
    DEMANDS,
    E,
    ENFORCEMENT_KINDS,
    INSPECTOR,
    ITEMS,
    OFFICERS,
    PATHS,
    STEPS,
    VISITOR,
    VISITORS,
    flavour,
    new_visit,
    visit_in,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ)
LATER = T0 + timedelta(days=10)
ADMIN, JOINT, SPOT, SERVICE = (*ENFORCEMENT_KINDS, VisitKind.SERVICE_VISIT)
CASES = [
    (kind, state, step)
    for kind in (*ENFORCEMENT_KINDS, SERVICE)
    for state in PATHS[flavour(kind)]
    for step in STEPS
]


def allowed(case: tuple[VisitKind, str, str]) -> bool:
    kind, state, step = case
    return state in ALLOWED[flavour(kind)][step]


def params(allowed_or_not: bool) -> list[Any]:
    return [
        pytest.param(*case, id=f"{case[0].value}-{case[1]}-{case[2]}")
        for case in CASES
        if allowed(case) is allowed_or_not
    ]


# --- the transition table ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", [ADMIN, JOINT, SPOT, SERVICE])
def test_a_new_visit_waits_for_the_scan_at_the_gate(kind: VisitKind) -> None:
    visit = new_visit(kind, T0)
    assert visit.status is InspectionStatus.REGISTERED
    assert visit.version == 1
    assert visit.case_number == "JC-360121-2026-000001"
    assert visit.kind == "inspection" and visit.visit_kind is kind
    assert visit.is_enforcement is (kind is not SERVICE)
    assert visit.registered_at == visit.last_occurred_at == T0
    assert visit.entered_at is None and visit.registered_days_before_entry() is None


@pytest.mark.parametrize(("kind", "state", "step"), params(True))
def test_allowed_step_records_one_event(kind: VisitKind, state: str, step: str) -> None:
    visit = visit_in(kind, state, T0)
    before = len(visit.pending_events)
    STEPS[step](visit, LATER)
    assert len(visit.pending_events) == before + 1
    event = visit.pending_events[-1]
    assert event.actor is not None and event.occurred_at == LATER
    assert visit.last_occurred_at == LATER


@pytest.mark.parametrize(("kind", "state", "step"), params(False))
def test_forbidden_step_is_refused_and_records_nothing(
    kind: VisitKind, state: str, step: str
) -> None:
    visit = visit_in(kind, state, T0)
    def facts() -> tuple[Any, ...]:
        return (visit.version, visit.status, len(visit.pending_events), visit.last_occurred_at)

    before = facts()
    with pytest.raises(InvalidTransition) as refused:
        STEPS[step](visit, LATER)
    assert refused.value.code == "invalid_transition"
    expected = f"inspection in state '{visit.status.value}' does not allow '{step}'"
    assert expected in str(refused.value)
    assert facts() == before


def test_the_error_says_why_a_service_visit_records_no_findings() -> None:
    with pytest.raises(
        InvalidTransition,
        match="inspection in state 'entered' does not allow 'record-findings': a service visit",
    ):
        STEPS["record-findings"](visit_in(SERVICE, "entered", T0), LATER)
    with pytest.raises(InvalidTransition, match="'collect-demands': only a service visit"):
        STEPS["collect-demands"](visit_in(ADMIN, "entered", T0), LATER)


@pytest.mark.parametrize("kind", [ADMIN, JOINT, SPOT])
def test_an_inspection_runs_its_whole_lifecycle(kind: VisitKind) -> None:
    visit = visit_in(kind, "closed", T0)
    assert visit.status is InspectionStatus.CLOSED and visit.is_terminal
    assert len(visit.findings) == 5
    assert visit.total_penalty() == Money.of("2000.50")
    assert visit.published_at == T0 + timedelta(days=3)
    assert visit.publication == "检查结果已在政府网站公示"
    assert visit.closed_at == T0 + timedelta(days=4)
    assert visit.demands == ()


def test_a_service_visit_collects_numbered_demands_across_collections() -> None:
    visit = visit_in(SERVICE, "entered", T0)
    STEPS["collect-demands"](visit, LATER)
    visit.collect_demands([Demand("招工难", Category.OTHER)], VISITOR, LATER)
    assert [c.number for c in visit.demands] == [1, 2, 3]
    assert [c.demand for c in visit.demands] == [*DEMANDS, Demand("招工难", Category.OTHER)]
    event = visit.pending_events[-1]
    assert event.demands == (CollectedDemand(3, Demand("招工难", Category.OTHER)),)
    visit.close(VISITOR, LATER)
    assert visit.findings == () and visit.published_at is None


def test_findings_accumulate_until_the_results_are_published() -> None:
    visit = visit_in(JOINT, "findings_recorded", T0)
    first_at = visit.findings_recorded_at
    visit.record_findings([Finding("特种设备", FindingOutcome.COMPLIANT)], INSPECTOR, LATER)
    assert len(visit.findings) == 6 and visit.findings_recorded_at == first_at
    assert visit.items_without_findings() == ()
    visit_with_gap = visit_in(ADMIN, "entered", T0)
    visit_with_gap.record_findings([Finding(ITEMS[0], FindingOutcome.COMPLIANT)], INSPECTOR, LATER)
    assert visit_with_gap.items_without_findings() == ITEMS[1:]


def test_the_enterprise_rates_once() -> None:
    visit = visit_in(ADMIN, "published", T0)
    STEPS["rate"](visit, LATER)
    assert (visit.rating, visit.rating_comment, visit.rated_at) == (5, "检查规范，未影响生产", LATER)
    version = visit.version
    with pytest.raises(InvalidTransition, match="already rated"):
        visit.rate(1, "改主意了", E, LATER)
    assert (visit.version, visit.rating) == (version, 5)


def test_the_enterprise_may_report_misconduct_again_and_again() -> None:
    visit = visit_in(ADMIN, "closed", T0)
    STEPS["report-misconduct"](visit, LATER)
    visit.report_misconduct(Misconduct.ARBITRARY_FINES, "罚款无依据", E, LATER)
    assert [r.misconduct for r in visit.misconduct_reports] == [
        Misconduct.RECOMMENDING_THIRD_PARTY_SERVICES,
        Misconduct.ARBITRARY_FINES,
    ]
    assert all(r.reported_at == LATER for r in visit.misconduct_reports)


def test_an_act_cannot_precede_the_acts_already_recorded() -> None:
    visit = visit_in(ADMIN, "entered", T0)
    with pytest.raises(InvalidValue, match="precedes"):
        STEPS["record-findings"](visit, T0 + timedelta(minutes=1))
    assert visit.status is InspectionStatus.ENTERED and visit.version == 2


def test_a_cancellation_needs_a_reason() -> None:
    visit = new_visit(ADMIN, T0)
    with pytest.raises(InvalidValue, match="must not be empty"):
        visit.cancel("  ", INSPECTOR, LATER)
    assert visit.version == 1


# --- the facts the supervision list judges ------------------------------------------------------


@pytest.mark.parametrize(
    ("registered", "entered", "days"),
    [
        (T0, T0 + timedelta(hours=1), 0),  # registered at the gate
        (T0, T0 + timedelta(days=1), 1),
        (T0.replace(hour=23, minute=30), T0.replace(hour=23, minute=30) + timedelta(hours=1), 1),
        # 2026-03-01 17:00 UTC is 03-02 01:00 in Beijing: the same calendar day as the entry
        (datetime(2026, 3, 1, 17, 0, tzinfo=UTC), T0, 0),
    ],
)
def test_days_from_registration_to_entry_count_calendar_days_in_beijing(
    registered: datetime, entered: datetime, days: int
) -> None:
    visit = new_visit(ADMIN, registered, planned_date=date(2026, 3, 3))
    visit.enter(INSPECTOR, entered)
    assert visit.registered_days_before_entry() == days
    assert visit.entered_at == entered and visit.entry_date == entered.astimezone(CHINA_TZ).date()


def test_the_registration_keeps_what_the_rules_need() -> None:
    exemption = QuietDayExemption(ExemptionReason.WORK_SAFETY, "  危化品仓库专项检查 ")
    visit = new_visit(JOINT, T0, exemption=exemption)
    assert visit.exemption == QuietDayExemption(ExemptionReason.WORK_SAFETY, "危化品仓库专项检查")
    assert visit.bodies == ("scjgj", "yjglj") and visit.organisations() == {"scjgj", "yjglj"}
    assert visit.inspector_count == 3 and visit.items == ITEMS
    assert visit.credit_codes() == {"91360121MA35ABCD04"}
    assert visit.planned_date == date(2026, 3, 3)


def test_a_lone_inspector_is_registered_for_the_supervision_list_to_see() -> None:
    visit = new_visit(SPOT, T0, inspectors=OFFICERS[:1])
    assert visit.inspector_count == 1


def test_a_service_visit_needs_no_certificates_no_legal_basis_and_several_departments() -> None:
    visit = new_visit(SERVICE, T0)
    assert visit.inspectors == VISITORS and visit.legal_basis is None
    assert not visit.is_enforcement


# --- values -----------------------------------------------------------------------------------

NO_CERTIFICATE = Inspector("王五", None, "scjgj")
BAD_REGISTRATIONS: dict[str, tuple[VisitKind, dict[str, Any], str]] = {
    "joint inspection with one body": (
        JOINT,
        {"bodies": ("scjgj",), "inspectors": OFFICERS},
        "at least two inspecting bodies",
    ),
    "administrative inspection with two bodies": (
        ADMIN,
        {"bodies": ("scjgj", "yjglj")},
        "one inspecting body",
    ),
    "no body": (SPOT, {"bodies": ()}, "at least one inspecting body"),
    "body listed twice": (JOINT, {"bodies": ("scjgj", "scjgj")}, "listed twice"),
    "inspector without certificate": (ADMIN, {"inspectors": (NO_CERTIFICATE,)}, "certificate"),
    "inspector of another body": (
        ADMIN,
        {"inspectors": (Inspector("赵六", "36010020249999", "swj"),)},
        "not an inspecting body",
    ),
    "certificate listed twice": (
        ADMIN,
        {"inspectors": (OFFICERS[0], Inspector("刘洋二", "36010020240001", "scjgj"))},
        "listed twice",
    ),
    "no inspector": (ADMIN, {"inspectors": []}, "at least one inspector"),
    "inspector given as text": (ADMIN, {"inspectors": ("刘洋",)}, "expected Inspector"),
    "empty items": (ADMIN, {"items": ()}, "at least one item"),
    "blank item": (ADMIN, {"items": ("食品安全", " ")}, "item must not be empty"),
    "item listed twice": (ADMIN, {"items": ("食品安全", "食品安全 ")}, "listed twice"),
    "items given as one text": (ADMIN, {"items": "食品安全"}, "expected a sequence"),
    "no legal basis": (SPOT, {"legal_basis": None}, "legal basis must not be empty"),
    "exemption on a service visit": (
        SERVICE,
        {"exemption": QuietDayExemption(ExemptionReason.EMERGENCY, "突发事件")},
        "needs no quiet-day exemption",
    ),
    "exemption given as text": (ADMIN, {"exemption": "安全生产"}, "QuietDayExemption"),
    "planned before registration": (
        ADMIN,
        {"planned_date": date(2026, 3, 1)},
        "before the day of registration",
    ),
    "planned date as a date-time": (ADMIN, {"planned_date": T0}, "calendar date"),
    "naive time": (ADMIN, {"occurred_at": T0.replace(tzinfo=None)}, "UTC offset"),
    "kind given as text": (ADMIN, {"visit_kind": "joint_inspection"}, "expected a VisitKind"),
    "blank case number": (ADMIN, {"case_number": " "}, "case number must not be empty"),
}


@pytest.mark.parametrize("name", BAD_REGISTRATIONS)
def test_a_bad_registration_is_refused(name: str) -> None:
    kind, changes, message = BAD_REGISTRATIONS[name]
    with pytest.raises(InvalidValue, match=message):
        new_visit(kind, T0, **changes)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: QuietDayExemption(ExemptionReason.EMERGENCY, " "), "note must not be empty"),
        (lambda: QuietDayExemption("emergency", "x"), "exemption reason"),  # type: ignore[arg-type]
        (lambda: Inspector(" ", "1", "scjgj"), "name must not be empty"),
        (lambda: Inspector("刘洋", " ", "scjgj"), "certificate number must not be empty"),
        (lambda: Finding("食品安全", "compliant"), "finding outcome"),  # type: ignore[arg-type]
        (lambda: Finding(" ", FindingOutcome.COMPLIANT), "item must not be empty"),
        (lambda: Finding("x", FindingOutcome.RECTIFICATION_ORDERED), "rectification due date"),
        (
            lambda: Finding("x", FindingOutcome.COMPLIANT, rectification_due=date(2026, 4, 1)),
            "rectification due date",
        ),
        (
            lambda: Finding("x", FindingOutcome.RECTIFICATION_ORDERED, rectification_due=T0),
            "is a date",
        ),
        (lambda: Finding("x", FindingOutcome.PENALTY), "penalty amount"),
        (lambda: Money.of("-100"), "must not be negative"),
        (lambda: Money.of("100.001"), "two decimal places"),
        (lambda: Finding("x", FindingOutcome.PENALTY, penalty=Money.of("0")), "more than zero"),
        (
            lambda: Finding("x", FindingOutcome.PENALTY, penalty=Decimal("100")),  # type: ignore
            "penalty must be a Money",
        ),
        (
            lambda: Finding("x", FindingOutcome.PENALTY, penalty=200.5),  # type: ignore[arg-type]
            "penalty must be a Money",
        ),
        (
            lambda: Finding(
                "x",
                FindingOutcome.MINOR_VIOLATION_NOT_PENALISED,
                payment_request=PaymentRequest.DEFERRED,
            ),
            "only a penalty",
        ),
        (lambda: Demand(" ", Category.OTHER), "summary must not be empty"),
        (lambda: Demand("招工难", "other"), "demand category"),  # type: ignore[arg-type]
        (lambda: Demand("招工难", Category.OTHER, "urgent"), "demand urgency"),  # type: ignore
    ],
)
def test_a_bad_value_object_is_refused(build: Any, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        build()


@pytest.mark.parametrize(
    ("findings", "message"),
    [
        ([], "at least one finding"),
        ([Finding("消防安全", FindingOutcome.COMPLIANT)], "not among the registered items"),
        (
            [Finding(ITEMS[1], FindingOutcome.RECTIFICATION_ORDERED, "整改", date(2026, 3, 11))],
            "lies before the finding",
        ),
        (["合格"], "expected Finding"),
        (Finding(ITEMS[0], FindingOutcome.COMPLIANT), "expected a sequence"),
    ],
)
def test_bad_findings_are_refused_and_record_nothing(findings: Any, message: str) -> None:
    visit = visit_in(ADMIN, "entered", T0)
    with pytest.raises(InvalidValue, match=message):
        visit.record_findings(findings, INSPECTOR, LATER)
    assert (visit.version, visit.status, visit.findings) == (2, InspectionStatus.ENTERED, ())


@pytest.mark.parametrize("demands", [[], ("招工难",), DEMANDS[0]])
def test_bad_demands_are_refused_and_record_nothing(demands: Any) -> None:
    visit = visit_in(SERVICE, "entered", T0)
    with pytest.raises(InvalidValue):
        visit.collect_demands(demands, VISITOR, LATER)
    assert (visit.version, visit.demands) == (2, ())


@pytest.mark.parametrize("stars", [0, 6, -1, True, 3.5, "5", None])
def test_a_rating_is_one_to_five_whole_stars(stars: Any) -> None:
    visit = visit_in(ADMIN, "entered", T0)
    with pytest.raises(InvalidValue, match="1 to 5 stars"):
        visit.rate(stars, "", E, LATER)
    assert (visit.version, visit.rating) == (2, None)


@pytest.mark.parametrize(
    ("misconduct", "description", "message"),
    [
        ("arbitrary_fines", "罚款无依据", "unknown misconduct"),
        (Misconduct.SOLICITING_BENEFITS, "  ", "description must not be empty"),
    ],
)
def test_a_misconduct_report_needs_a_kind_and_a_description(
    misconduct: Any, description: str, message: str
) -> None:
    visit = visit_in(ADMIN, "entered", T0)
    with pytest.raises(InvalidValue, match=message):
        visit.report_misconduct(misconduct, description, E, LATER)
    assert (visit.version, visit.misconduct_reports) == (2, ())
