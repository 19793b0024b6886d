"""Random command sequences never leave an inspection or service visit inconsistent, and replaying
its events (also through the store's transcoder) rebuilds exactly the same state.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.inspection import (
    ExemptionReason,
    InspectionStatus,
    InspectionVisit,
    QuietDayExemption,
    VisitKind,
)
from tests.inspection_steps import STEPS, new_visit
from tests.lifecycle import T0, assert_replay_rebuilds, reloaded, run_steps, timed_steps

S = InspectionStatus
AFTER_ENTRY = (S.ENTERED, S.FINDINGS_RECORDED, S.PUBLISHED, S.CLOSED)

steps = timed_steps(STEPS, max_size=20)
kinds = st.sampled_from(list(VisitKind))
exemptions = st.one_of(
    st.none(), st.builds(QuietDayExemption, st.sampled_from(ExemptionReason), st.just("专项检查"))
)


def check_invariants(visit: InspectionVisit, events: int) -> None:
    assert visit.version == events
    assert (visit.entered_at is not None) == (visit.status in AFTER_ENTRY)
    assert (visit.closed_at is not None) == (visit.status is S.CLOSED)
    if visit.entered_at is not None:
        assert visit.entered_at >= visit.registered_at
        assert visit.registered_days_before_entry() >= 0  # type: ignore[operator]
    if visit.status is S.CANCELLED:
        assert visit.reason and visit.cancelled_at and visit.entered_at is None
    if visit.is_enforcement:
        assert visit.demands == ()
        with_findings = (S.FINDINGS_RECORDED, S.PUBLISHED, S.CLOSED)
        assert (visit.findings != ()) == (visit.status in with_findings)
        assert (visit.published_at is not None) == (visit.status in (S.PUBLISHED, S.CLOSED))
        assert all(inspector.certificate for inspector in visit.inspectors)
    else:
        assert visit.status not in (S.FINDINGS_RECORDED, S.PUBLISHED)
        assert visit.findings == () and visit.published_at is None and visit.exemption is None
        assert [c.number for c in visit.demands] == list(range(1, len(visit.demands) + 1))
    assert visit.rating is None or 1 <= visit.rating <= 5
    assert (visit.rating is None) == (visit.rated_at is None)
    if visit.misconduct_reports or visit.rating is not None:
        assert visit.entered_at is not None
    assert all(f.item in visit.items for f in visit.findings)
    assert visit.last_occurred_at >= visit.registered_at


def run(kind: VisitKind, exemption: QuietDayExemption | None, sequence: list[tuple[str, int]]):
    if not kind.is_enforcement:
        exemption = None
    return run_steps(new_visit(kind, T0, exemption=exemption), STEPS, sequence, check_invariants)


@settings(max_examples=300, deadline=None)
@given(kinds, exemptions, steps)
def test_random_sequences_keep_the_visit_consistent(
    kind: VisitKind, exemption: QuietDayExemption | None, sequence: list[tuple[str, int]]
) -> None:
    run(kind, exemption, sequence)


@settings(max_examples=150, deadline=None)
@given(kinds, exemptions, steps)
def test_replaying_the_events_rebuilds_the_same_state(
    kind: VisitKind, exemption: QuietDayExemption | None, sequence: list[tuple[str, int]]
) -> None:
    assert_replay_rebuilds(run(kind, exemption, sequence))


@settings(max_examples=60, deadline=None)
@given(kinds, exemptions, steps)
def test_stored_and_reloaded_visit_equals_the_original(
    kind: VisitKind, exemption: QuietDayExemption | None, sequence: list[tuple[str, int]]
) -> None:
    visit = run(kind, exemption, sequence)
    [again] = reloaded(visit)
    assert vars(again) == vars(visit)
    assert type(again.bodies) is tuple and type(again.findings) is tuple


def test_a_visit_through_every_step_survives_the_store() -> None:
    """Every event type and every stored value type, deterministically."""
    exemption = QuietDayExemption(ExemptionReason.EMERGENCY, "突发事件")
    inspection = new_visit(VisitKind.JOINT_INSPECTION, T0, exemption=exemption)
    visit = new_visit(VisitKind.SERVICE_VISIT, T0)
    cancelled = new_visit(VisitKind.RANDOM_SPOT_CHECK, T0)
    path = ["enter", "record-findings", "rate", "report-misconduct", "publish", "close"]
    for number, step in enumerate(path, start=1):
        STEPS[step](inspection, T0 + timedelta(days=number))
    for number, step in enumerate(["enter", "collect-demands", "collect-demands", "close"], 1):
        STEPS[step](visit, T0 + timedelta(days=number))
    STEPS["cancel"](cancelled, T0 + timedelta(hours=1))
    cases = (inspection, visit, cancelled)
    stored = reloaded(*cases)
    for case, again in zip(cases, stored):
        assert vars(again) == vars(case)
    assert [c.number for c in stored[1].demands] == [1, 2, 3, 4]
