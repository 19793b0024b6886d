"""Properties of every published ratio over random mixes of cases of all four kinds, with random
step sequences, gaps and amounts down to a fen:

- each case adds to a numerator only what it adds to the denominator, or less (one cohort);
- no ratio of any report, in total or in any group, under any basis and any period, exceeds 1;
- a grouping that puts each case in one group adds up to the total;
- stored and read back over HTTP, no report answers anything but 200 in JSON, CSV or XLSX, and
  every ratio it answers keeps numerator ≤ denominator (on both stores).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.case_index import CaseRow
from application.case_rows import ROWS
from application.claim_figures import claim_figures
from application.closure_rates import closure_rates
from application.case_store import replayed
from application.inspection_figures import inspection_figures
from application.mediation_ratios import mediation_ratios
from application.periods import Period
from application.ratio_definitions import (
    APPEALS,
    CLAIMS,
    DEFINITIONS,
    INSPECTIONS,
    MEDIATIONS,
    chosen_for,
    of_report,
)
from application.ratios import Ratio
from domain.case import Case
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import Services
from infrastructure.working_calendar import ChineseWorkingCalendar
from domain.inspection import VisitKind
from tests import appeal_steps, inspection_steps, mediation_paths
from tests.builders import COORDINATOR
from tests.http_cases import auth
from tests.lifecycle import walks
from tests.test_policy_claim_properties import run as run_claim
from tests.test_policy_claim_properties import scenarios as claim_scenarios
from tests.test_policy_claim_service import FINANCE
from tests.test_supervision_properties import KINDS, stepped

CALENDAR = ChineseWorkingCalendar()
PATHS = {
    "appeal": appeal_steps.PATHS,
    "inspection": inspection_steps.PATHS[inspection_steps.flavour(VisitKind.RANDOM_SPOT_CHECK)],
    "mediation": mediation_paths.PATHS,
}
OTHER_KINDS = ("appeal", "inspection", "mediation")


# every case of one example opens within months of one moment: any from 2004 (the first year the
# working calendar knows), or often just before a year it does not know yet
base = st.shared(
    st.one_of(
        st.datetimes(datetime(2004, 1, 1), datetime(2026, 11, 30), timezones=st.just(CHINA_TZ)),
        st.datetimes(datetime(2026, 9, 1), datetime(2026, 11, 30), timezones=st.just(CHINA_TZ)),
    ),
    key="base",
)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """One case of a random kind opened near `base`, after a random walk of its steps, events
    still pending."""
    start = draw(base) + timedelta(days=draw(st.integers(-90, 90)))
    kind = draw(st.sampled_from(("policy_claim", *OTHER_KINDS)))
    if kind == "policy_claim":
        return run_claim(*draw(claim_scenarios()), start=start)
    return stepped(kind, draw(walks(KINDS[kind][1], PATHS[kind])), start)


def row_of(case: Case) -> CaseRow:
    events = list(case.pending_events)
    return ROWS[type(case)](events, replayed(None, events))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """A named period around `base` (its year, half-year, quarter or month), or a range of days."""
    day = draw(base).date()
    named = [f"{day.year}", f"{day.year}-H{(day.month + 5) // 6}",
             f"{day.year}-Q{(day.month + 2) // 3}", f"{day.year}-{day.month:02d}"]  # fmt: skip
    if draw(st.booleans()):
        return Period.parse(draw(st.sampled_from(named)))
    first = day + timedelta(days=draw(st.integers(-60, 60)))
    return Period.between(first, first + timedelta(days=draw(st.integers(0, 120))))


@st.composite
def bases(draw: st.DrawFn) -> dict[str, str]:
    """A basis chosen for each ratio, any of those its definition allows."""
    return {d.name: draw(st.sampled_from([b.name for b in d.bases])) for d in DEFINITIONS}


def every_ratio(figures: list[Any]) -> Iterator[Ratio]:
    for group in figures:
        yield from group.ratios().values()


def report_figures(rows: list[CaseRow], period: Period, chosen: dict[str, str]) -> dict[str, Any]:
    """Every report's (total, groups), under the chosen bases."""
    return {
        APPEALS: closure_rates(rows, period, "channel", CALENDAR, chosen_for(APPEALS, chosen)),
        MEDIATIONS: mediation_ratios(rows, period, CALENDAR, chosen_for(MEDIATIONS, chosen)),
        CLAIMS: claim_figures(rows, period, "mode", CALENDAR, chosen_for(CLAIMS, chosen)),
        INSPECTIONS: inspection_figures(rows, period, CALENDAR, chosen_for(INSPECTIONS, chosen)),
    }


@settings(max_examples=600, deadline=None)
@given(cases())
def test_a_case_adds_to_a_numerator_only_what_it_adds_to_the_denominator(case: Case) -> None:
    row = row_of(case)
    for definition in DEFINITIONS:
        below, above = definition.denominator(row), definition.numerator(row)
        assert 0 <= above <= below, (definition.name, row.details)


@settings(max_examples=150, deadline=None)
@given(st.lists(cases(), min_size=1, max_size=12), periods(), bases())
def test_no_ratio_exceeds_one_and_groups_add_up_to_the_total(
    mix: list[Case], period: Period, chosen: dict[str, str]
) -> None:
    rows = [row_of(case) for case in mix]
    for report, (total, groups) in report_figures(rows, period, chosen).items():
        for ratio in every_ratio([total, *groups]):
            assert 0 <= ratio.numerator <= ratio.denominator, (report, ratio)
            assert ratio.value is None or Decimal(0) <= ratio.value <= 1
            assert ratio.basis == chosen[ratio.name]
        assert set(total.ratios()) == {d.name for d in of_report(report)}
        if report in (APPEALS, CLAIMS):  # by channel, by mode: one group per case
            for name, ratio in total.ratios().items():
                parts = [group.ratios()[name] for group in groups]
                assert ratio.numerator == sum(part.numerator for part in parts)
                assert ratio.denominator == sum(part.denominator for part in parts)


REPORTS = [
    ("closure-rates", COORDINATOR, {"group_by": "department"}),
    ("mediation-ratios", COORDINATOR, {}),
    ("policy-claims", FINANCE, {"group_by": "mode"}),
    ("inspections", COORDINATOR, {}),
    ("department-ranking", COORDINATOR, {}),
]


def ratios_in(answer: Any) -> Iterator[dict[str, Any]]:
    """Every ratio object anywhere in a JSON answer."""
    if isinstance(answer, dict):
        if {"numerator", "denominator", "definition"} <= set(answer):
            yield answer
        for value in answer.values():
            yield from ratios_in(value)
    elif isinstance(answer, list):
        for value in answer:
            yield from ratios_in(value)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mix=st.lists(cases(), min_size=1, max_size=8), period=periods())
def test_no_report_fails_on_any_data_the_commands_accept(
    services: Services, http: TestClient, mix: list[Case], period: Period
) -> None:
    services.store.save(*mix)  # the cases pile up from one example to the next
    for path, reader, params in REPORTS:
        for fmt in ("json", "csv", "xlsx"):
            query = params | {"period": period.label, "format": fmt}
            if "~" in period.label:
                first, last = period.label.split("~")
                query = params | {"from": first, "to": last, "format": fmt}
            response = http.get(f"/api/v1/reports/{path}", params=query, headers=auth(services, reader))
            assert response.status_code == 200, (path, fmt, response.text[:300])  # noqa: PLR2004
            if fmt == "json":
                for ratio in ratios_in(response.json()):
                    assert Decimal(str(ratio["numerator"])) <= Decimal(str(ratio["denominator"]))
