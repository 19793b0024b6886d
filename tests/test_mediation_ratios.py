"""Mediation ratios: the reference county's figures by hand, and a small history through the
services (both stores) and over HTTP.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

from fastapi.testclient import TestClient

from application.case_index import CaseRow
from application.mediation_commands import (
    Conclude,
    Fail,
    FileLawsuit,
    MediateInSuit,
    StartCourtMediation,
    Succeed,
)
from application.mediation_ratios import mediation_ratios
from application.periods import Period
from application.ratio_definitions import MEDIATIONS, chosen_for
from domain.clock import CHINA_TZ
from infrastructure.working_calendar import ChineseWorkingCalendar
from domain.mediation import MediationStatus
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, Clock
from tests.http_cases import auth
from tests.test_mediation_service import ASSIGN, CLERK, DISPUTE, MEDIATOR

Q1 = Period.parse("2026-Q1")


def row(status: str, **facts: str) -> CaseRow:
    return CaseRow(
        id=uuid4(), kind="mediation", case_number="TJ", jurisdiction="360121", status=status,
        organisations=(), credit_codes=(), enterprise_name="", deadline=None,
        deadline_running=False, opened_at=datetime(2026, 1, 5, tzinfo=CHINA_TZ), version=1,
        details={"organisation": facts.pop("organisation", "rmtjwyh"), **facts},
    )  # fmt: skip


def test_the_reference_county_913_succeeded_219_failed_762_mediated_in_suit() -> None:
    pre_suit = {"assigned_on": "2026-01-10", "pre_suit_concluded_on": "2026-02-09"}
    rows = (
        [row("succeeded", **pre_suit, pre_suit_outcome="succeeded") for _ in range(913)]
        + [row("failed", **pre_suit, pre_suit_outcome="failed") for _ in range(219)]
        + [row("mediating", assigned_on="2026-03-20") for _ in range(40)]
        + [row("mediated", litigation_concluded_on="2026-03-01") for _ in range(762)]
        + [row("suit_withdrawn", litigation_concluded_on="2026-03-02") for _ in range(100)]
        + [row("judged", litigation_concluded_on="2026-03-03") for _ in range(300)]
        + [row("succeeded", assigned_on="2025-12-01", pre_suit_concluded_on="2025-12-20",
               pre_suit_outcome="succeeded")]
    )
    total, _ = mediation_ratios(rows, Q1, ChineseWorkingCalendar(), chosen_for(MEDIATIONS))
    figures = {name: (r.numerator, r.denominator, str(r.value)) for name, r in total.ratios().items()}
    assert figures == {
        "pre_suit_success_over_concluded": (913, 1132, "0.8065"),
        "pre_suit_success_over_entered": (913, 1172, "0.7790"),
        "in_suit_mediation_ratio": (762, 1162, "0.6558"),
        "mediation_withdrawal_ratio": (862, 1162, "0.7418"),
    }
    assert (total.mediations_succeeded, total.succeeded, total.mediated) == (1675, 913, 762)
    assert str(total.mean_days_to_conclude) == "30.0"


def history(services: Services, clock: Clock) -> None:
    """Three disputes in March 2026: one settled pre-suit; one failed, filed and mediated in
    suit; one filed directly and withdrawn (撤诉)."""
    settled = services.mediations.register(DISPUTE, COORDINATOR)
    services.mediations.execute(settled.id, ASSIGN, COORDINATOR)
    failed = services.mediations.register(DISPUTE, COORDINATOR)
    services.mediations.execute(failed.id, ASSIGN, COORDINATOR)
    direct = services.mediations.register(DISPUTE, CLERK)
    clock.now = clock.now.replace(day=12)
    services.mediations.execute(settled.id, Succeed(terms="分期付款"), MEDIATOR)
    services.mediations.execute(failed.id, Fail(reason="拒绝调解"), MEDIATOR)
    for case_id, number in ((failed.id, "(2026)赣0121民初1号"), (direct.id, "(2026)赣0121民初2号")):
        services.mediations.execute(case_id, FileLawsuit(court="ncxfy", court_case_number=number), CLERK)
    services.mediations.execute(failed.id, StartCourtMediation(mediator="王法官"), CLERK)
    services.mediations.execute(failed.id, MediateInSuit(terms="一次性付清"), CLERK)
    services.mediations.execute(direct.id, Conclude(status=MediationStatus.SUIT_WITHDRAWN, reason="撤诉"), CLERK)


def test_ratios_of_a_small_history(services: Services, clock: Clock) -> None:
    history(services, clock)
    report = services.reports.mediation_ratios(AUDITOR, "2026-03")
    total = report.total
    assert (total.entered, total.succeeded, total.failed, total.withdrawn) == (2, 1, 1, 0)
    assert (total.litigation_concluded, total.mediated, total.suit_withdrawn) == (2, 1, 1)
    assert str(total.mean_days_to_conclude) == "10.0"  # 2 → 12 March
    assert [g.group for g in report.groups] == ["(court)", "gsl-tjwyh"]
    assert services.reports.mediation_ratios(AUDITOR, "2026-04").total.entered == 0
    assert report.log_position == services.store.recorder.max_notification_id()


def test_mediation_ratios_over_http_compare_with_the_reference(services: Services, clock: Clock) -> None:
    history(services, clock)
    with TestClient(create_app(services)) as http:
        response = http.get("/api/v1/reports/mediation-ratios", params={"period": "2026-Q1"},
                            headers=auth(services, COORDINATOR))  # fmt: skip
    assert response.status_code == 200, response.text
    ratios = response.json()["total"]["ratios"]
    ratio = ratios["mediation_withdrawal_ratio"]
    assert (ratio["numerator"], ratio["denominator"], ratio["value"]) == (2, 2, "1.0000")
    assert (ratio["reference"], ratio["above_reference"]) == (None, None)
    success = ratios["pre_suit_success_over_concluded"]  # the national average is its reference
    assert (success["numerator"], success["denominator"], success["basis"]) == (1, 2, "concluded")
    assert (success["reference"], success["above_reference"]) == ("0.5482", False)
    assert date(2026, 3, 12) in Period.parse(response.json()["period"])
