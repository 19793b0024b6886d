"""Department ranking on a hand-computed month, on both stores, through the service and HTTP."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from application.appeal_commands import FollowUp, Resolve, Supervise
from application.errors import Forbidden
from application.principal import Principal
from domain.actor import Actor, Role
from domain.appeal import Outcome, Satisfaction
from infrastructure.bootstrap import Services
from infrastructure.settings import Settings
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, NANCHANG_COUNTY, Clock
from tests.http_cases import auth
from tests.test_supervision_list import YJGLJ, assigned_appeal, at, entered
from tests.test_inspection_service import OTHER_INSPECTOR

TAX = Principal(Actor("xu.ke", Role.HANDLER, "swj"), NANCHANG_COUNTY)
LAND = Principal(Actor("wang.fang", Role.HANDLER, "zrzyj"), NANCHANG_COUNTY)


def handled(services: Services, clock: Clock, department: str, handler: Principal,
            resolved_day: int, satisfaction: Satisfaction) -> object:  # fmt: skip
    """An appeal received on 2 March, due on the 10th, resolved and followed up."""
    clock.now = at(2)
    appeal = assigned_appeal(services, date(2026, 3, 10), department)
    clock.now = at(resolved_day)
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="办结"), handler)
    services.appeals.execute(appeal.id, FollowUp(satisfaction=satisfaction, comment=""), COORDINATOR)
    return appeal


def history(services: Services, clock: Clock) -> None:
    """March 2026:

    | department | appeals | on time | satisfied | orders | list entries                  | score |
    | swj        | 1       | 1       | 1         | 0      | 0                             | 100.00 |
    | zrzyj      | 1       | 1       | 1         | 0      | 0                             | 100.00 |
    | scjgj      | 2       | 1       | 1         | 1      | appeal overdue, order overdue | 100 × (0.3 × 1 + 0.4 × ½ + 0.3 × ½) − 2 × 1 − 1 × 2 = 61.00 |
    | yjglj      | —       |         |           |        | quiet day                     | unranked |
    """
    handled(services, clock, "swj", TAX, 5, Satisfaction.SATISFIED)
    handled(services, clock, "zrzyj", LAND, 5, Satisfaction.BASICALLY_SATISFIED)
    handled(services, clock, "scjgj", HANDLER, 5, Satisfaction.SATISFIED)
    late = handled(services, clock, "scjgj", HANDLER, 12, Satisfaction.UNSATISFIED)
    clock.now = at(13)
    supervise = Supervise(reason="企业不满意", deadline=date(2026, 3, 20))
    services.appeals.execute(late.id, supervise, COORDINATOR)  # type: ignore[attr-defined]
    clock.now = at(2)
    entered(services, clock, day=3, command=YJGLJ, principal=OTHER_INSPECTOR)
    clock.now = at(31, 18)


def test_departments_ranked_by_their_composite_score(services: Services, clock: Clock) -> None:
    history(services, clock)
    ranking = services.reports.department_ranking(AUDITOR, "2026-03")
    table = [(s.department, s.rank, str(s.score) if s.score is not None else None,
              s.supervision_orders, dict(s.breaches)) for s in ranking.standings]  # fmt: skip
    assert table == [
        ("swj", 1, "100.00", 0, {}),
        ("zrzyj", 1, "100.00", 0, {}),
        ("scjgj", 3, "61.00", 1, {"appeal_overdue": 1, "supervision_order_overdue": 1}),
        ("yjglj", None, None, 0, {"quiet_day": 1}),
    ]
    scjgj = ranking.standings[2]
    on_time = scjgj.ratios["on_time_rate"]
    assert (on_time.numerator, on_time.denominator, str(on_time.value)) == (1, 2, "0.5000")
    assert ranking.log_position == services.store.recorder.max_notification_id()
    assert services.reports.department_ranking(AUDITOR, "2026-04").standings == []
    with pytest.raises(Forbidden):
        services.reports.department_ranking(ENTERPRISE, "2026-03")


def test_the_ranking_over_http(services: Services, clock: Clock) -> None:
    history(services, clock)
    url = "/api/v1/reports/department-ranking"
    with TestClient(create_app(services)) as http:
        as_json = http.get(url, params={"period": "2026-Q1"}, headers=auth(services, COORDINATOR))
        as_csv = http.get(url, params={"period": "2026-03", "format": "csv"},
                          headers=auth(services, COORDINATOR))  # fmt: skip
        bad_period = http.get(url, params={"period": "2026-Q5"}, headers=auth(services, COORDINATOR))
    assert as_json.status_code == 200, as_json.text
    body = as_json.json()
    assert body["weights"]["on_time_rate"] == "0.4" and "Σ" in body["score"]
    assert [(d["department"], d["rank"], d["score"], d["breaches"]) for d in body["departments"]][2] == (
        "scjgj", 3, "61.00", 2
    )
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["排名", "单位", "单位代码", "综合得分"]
    assert rows[3][:4] == ["3", "scjgj", "scjgj", "61.00"]  # no registry kept: named by its code
    assert bad_period.status_code == 422


def test_the_weights_are_configured_and_checked() -> None:
    weights = {"closure_rate": 1, "on_time_rate": 0, "satisfaction_rate": 0, "supervision_order": 5,
               "breach": 0}  # fmt: skip
    assert Settings(ranking_weights=weights).ranking_weights["supervision_order"] == 5
    with pytest.raises(ValidationError, match="ranking weights"):
        Settings(ranking_weights={"closure_rate": 1})
    with pytest.raises(ValidationError, match="ranking weights"):
        Settings(ranking_weights=weights | {"breach": -1})
