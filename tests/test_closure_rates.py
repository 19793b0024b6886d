"""Closure rates on a hand-computed scenario, on both stores, through the service and HTTP."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from application.appeal_commands import Assign, Close, FollowUp, Receive, Resolve, Supervise
from application.errors import Forbidden
from application.periods import Period
from domain.appeal import HandlingLevel, Outcome, Satisfaction
from domain.errors import InvalidValue
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, OTHER_HANDLER, Clock, submission
from tests.http_cases import auth

SOLVED = Resolve(outcome=Outcome.SOLVED, resolution="已办结")


def scenario(services: Services, clock: Clock) -> None:
    """Four appeals received on Monday 2 March 2026 (one more submitted, never received; one
    received in April):

    | appeal | department | resolved            | follow-up          | closed | supervision |
    | A1     | scjgj      | 4 Mar, on time (2)  | satisfied          | yes    |             |
    | A2     | scjgj      | 16 Mar, late (10)   | basically satisfied|        |             |
    | A3     | zrzyj      |                     |                    |        | 1           |
    | A4     | zrzyj      | 3 Mar, on time (1)  |                    |        |             |
    (working days to resolve in brackets)
    """
    appeals = []
    for department in ("scjgj", "scjgj", "zrzyj", "zrzyj"):
        appeal = services.appeals.submit(submission(), ENTERPRISE)
        services.appeals.execute(appeal.id, Receive(), COORDINATOR)
        services.appeals.execute(appeal.id, Assign(department=department, level=HandlingLevel.COUNTY), COORDINATOR)
        appeals.append(appeal.id)
    services.appeals.submit(submission(), ENTERPRISE)  # never received: outside every cohort
    a1, a2, a3, a4 = appeals
    services.appeals.execute(a3, Supervise(reason="进度滞后", deadline=date(2026, 3, 20)), COORDINATOR)
    clock.now = clock.now.replace(day=3)
    services.appeals.execute(a4, SOLVED, OTHER_HANDLER)
    clock.now = clock.now.replace(day=4)
    services.appeals.execute(a1, SOLVED, HANDLER)
    services.appeals.execute(a1, FollowUp(satisfaction=Satisfaction.SATISFIED), COORDINATOR)
    services.appeals.execute(a1, Close(reason="满意销号"), COORDINATOR)
    clock.now = clock.now.replace(day=16)
    services.appeals.execute(a2, SOLVED, HANDLER)
    services.appeals.execute(a2, FollowUp(satisfaction=Satisfaction.BASICALLY_SATISFIED), COORDINATOR)
    clock.now = clock.now.replace(month=4, day=1)
    april = services.appeals.submit(submission(), ENTERPRISE)
    services.appeals.execute(april.id, Receive(), COORDINATOR)


def ratios(figures) -> dict[str, tuple[int, int, str | None]]:
    return {
        name: (r.numerator, r.denominator, str(r.value) if r.value is not None else None)
        for name, r in figures.ratios().items()
    }


def test_closure_rates_of_a_quarter(services: Services, clock: Clock) -> None:
    scenario(services, clock)
    report = services.reports.closure_rates(AUDITOR, "2026-Q1", "department")
    total = report.total
    assert (total.received, total.resolved, total.resolved_on_time) == (4, 3, 2)
    assert (total.followed_up, total.satisfied, total.closed, total.supervision_orders) == (2, 2, 1, 1)
    assert ratios(total) == {
        "closure_rate": (3, 4, "0.7500"),
        "on_time_rate": (2, 3, "0.6667"),
        "follow_up_rate": (2, 3, "0.6667"),
        "first_satisfaction_rate": (2, 2, "1.0000"),
        "satisfaction_rate": (2, 2, "1.0000"),
        "closed_rate": (1, 3, "0.3333"),
    }
    assert str(total.mean_working_days_to_resolve) == "4.3"  # (2 + 10 + 1) ÷ 3
    by_department = {g.group: g for g in report.groups}
    assert ratios(by_department["scjgj"])["closure_rate"] == (2, 2, "1.0000")
    assert ratios(by_department["zrzyj"])["closure_rate"] == (1, 2, "0.5000")
    assert ratios(by_department["zrzyj"])["satisfaction_rate"] == (0, 0, None)
    assert by_department["zrzyj"].supervision_orders == 1
    assert report.log_position == services.store.recorder.max_notification_id()
    assert services.reports.closure_rates(AUDITOR, "2026-03").total.received == 4
    assert services.reports.closure_rates(AUDITOR, "2026-Q2").total.received == 1
    assert services.reports.closure_rates(AUDITOR, "2026").total.received == 5


def test_who_may_read_reports(services: Services) -> None:
    with pytest.raises(Forbidden):
        services.reports.closure_rates(HANDLER, "2026")
    with pytest.raises(Forbidden):
        services.reports.closure_rates(COORDINATOR, "2026", jurisdiction="350100")
    with pytest.raises(InvalidValue):
        services.reports.closure_rates(COORDINATOR, "2026-Q5")


def test_closure_rates_over_http(services: Services, clock: Clock) -> None:
    scenario(services, clock)
    with TestClient(create_app(services)) as http:
        response = http.get(
            "/api/v1/reports/closure-rates",
            params={"period": "2026-Q1", "group_by": "department", "jurisdiction": "360121"},
            headers=auth(services, COORDINATOR),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"]["ratios"]["closure_rate"] == {
            "name": "closure_rate", "definition": "办结率 = resolved ÷ received",
            "basis": "received", "unit": "count", "numerator": 3, "denominator": 4,
            "value": "0.7500", "reference": None, "above_reference": None,
        }  # fmt: skip
        assert [g["group"] for g in body["groups"]] == ["scjgj", "zrzyj"]
        bad = http.get("/api/v1/reports/closure-rates", params={"period": "Q1"},
                       headers=auth(services, COORDINATOR))  # fmt: skip
        assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2027, 1, 1)),
        ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
        ("2026-02", date(2026, 2, 1), date(2026, 3, 1)),
        ("2026-12", date(2026, 12, 1), date(2027, 1, 1)),
    ],
)
def test_periods(label: str, start: date, end: date) -> None:
    period = Period.parse(label)
    assert (period.start, period.end) == (start, end)
    assert start in period and end not in period
