"""Figures an office can sign, on both stores: each ratio over one cohort (a month can no longer
show more successes than entries), the basis an office chose, first-callback and final
satisfaction, exact money with fen, clawbacks, and finance reading its own 拨付率.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from application.appeal_commands import Assign, Close, FollowUp, Receive, Resolve, Supervise
from application.mediation_commands import Succeed
from application.policy_claim_commands import (
    Accept,
    Approve,
    Breach,
    Disburse,
    MatchClaim,
    Recover,
    RequestClawback,
    Route,
    WithdrawClaim,
)
from domain.appeal import HandlingLevel, Outcome, Satisfaction
from domain.clock import CHINA_TZ
from domain.money import Money
from domain.policy_claim import PolicyMode
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, NANCHANG_COUNTY, Clock, submission
from tests.conftest import open_services
from tests.http_cases import auth
from tests.test_mediation_service import ASSIGN, DISPUTE, MEDIATOR
from tests.test_policy_claim_service import ACME_CO, FINANCE, GXJ, KJJ, publish, submitted


def figures(ratio) -> tuple:
    return ratio.numerator, ratio.denominator, str(ratio.value), ratio.basis


def entered_in_february_concluded_in_march(services: Services, clock: Clock) -> None:
    """Three mediations assigned on 25 February that succeed on 3 March, and one assigned on
    10 March still mediating."""
    clock.now = datetime(2026, 2, 25, 9, tzinfo=CHINA_TZ)
    february = [services.mediations.register(DISPUTE, COORDINATOR) for _ in range(3)]
    for case in february:
        services.mediations.execute(case.id, ASSIGN, COORDINATOR)
    clock.now = datetime(2026, 3, 3, 9, tzinfo=CHINA_TZ)
    for case in february:
        services.mediations.execute(case.id, Succeed(terms="分期付款"), MEDIATOR)
    clock.now = datetime(2026, 3, 10, 9, tzinfo=CHINA_TZ)
    march = services.mediations.register(DISPUTE, COORDINATOR)
    services.mediations.execute(march.id, ASSIGN, COORDINATOR)


def test_success_over_entered_counts_only_the_month_s_entries(services: Services, clock: Clock) -> None:
    entered_in_february_concluded_in_march(services, clock)
    march = services.reports.mediation_ratios(AUDITOR, "2026-03").total.ratios()
    # before: 3 successes of February's entries ÷ 1 entry of March = 300%
    assert figures(march["pre_suit_success_over_entered"]) == (0, 1, "0.0000", "entered")
    assert figures(march["pre_suit_success_over_concluded"]) == (3, 3, "1.0000", "concluded")
    february = services.reports.mediation_ratios(AUDITOR, "2026-02").total.ratios()
    assert figures(february["pre_suit_success_over_entered"]) == (3, 3, "1.0000", "entered")
    assert figures(february["pre_suit_success_over_concluded"]) == (0, 0, "None", "concluded")


def test_an_office_that_counts_success_by_entry_date_gets_that_cohort(database_url: str) -> None:
    clock = Clock()
    services = open_services(database_url, clock, ratio_bases={"pre_suit_success_over_concluded": "entered"})
    try:
        entered_in_february_concluded_in_march(services, clock)
        february = services.reports.mediation_ratios(AUDITOR, "2026-02").total.ratios()
        march = services.reports.mediation_ratios(AUDITOR, "2026-03").total.ratios()
    finally:
        services.close()
    assert figures(february["pre_suit_success_over_concluded"]) == (3, 3, "1.0000", "entered")
    assert figures(march["pre_suit_success_over_concluded"]) == (0, 0, "None", "entered")


def unsatisfied_first_then_satisfied(services: Services, clock: Clock) -> None:
    """Two appeals received on 2 March: A satisfied at once and closed; B unsatisfied at the
    first follow-up, supervised, resolved again in April and then satisfied."""
    a, b = (services.appeals.submit(submission(), ENTERPRISE) for _ in range(2))
    for appeal in (a, b):
        services.appeals.execute(appeal.id, Receive(), COORDINATOR)
        services.appeals.execute(appeal.id, Assign(department="scjgj", level=HandlingLevel.COUNTY), COORDINATOR)
        services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="已办结"), HANDLER)
    services.appeals.execute(a.id, FollowUp(satisfaction=Satisfaction.SATISFIED), COORDINATOR)
    services.appeals.execute(a.id, Close(reason="满意销号"), COORDINATOR)
    services.appeals.execute(b.id, FollowUp(satisfaction=Satisfaction.UNSATISFIED), COORDINATOR)
    services.appeals.execute(b.id, Supervise(reason="企业不满意", deadline=date(2026, 4, 10)), COORDINATOR)
    clock.now = datetime(2026, 4, 8, 9, tzinfo=CHINA_TZ)
    services.appeals.execute(b.id, Resolve(outcome=Outcome.SOLVED, resolution="重新办结"), HANDLER)
    services.appeals.execute(b.id, FollowUp(satisfaction=Satisfaction.SATISFIED), COORDINATOR)
    services.appeals.execute(b.id, Close(reason="满意销号"), COORDINATOR)


def test_first_callback_and_final_satisfaction_are_both_reported(services: Services, clock: Clock) -> None:
    unsatisfied_first_then_satisfied(services, clock)
    total = services.reports.closure_rates(AUDITOR, "2026-03").total
    assert (total.followed_up, total.satisfied_at_first, total.satisfied) == (2, 1, 2)
    ratios = total.ratios()
    assert figures(ratios["first_satisfaction_rate"]) == (1, 2, "0.5000", "received")
    assert figures(ratios["satisfaction_rate"]) == (2, 2, "1.0000", "received")
    assert total.supervision_orders == 1


def test_satisfaction_by_follow_up_date_counts_the_month_of_the_latest_follow_up(database_url: str) -> None:
    clock = Clock()
    services = open_services(database_url, clock, ratio_bases={"satisfaction_rate": "followed_up"})
    try:
        unsatisfied_first_then_satisfied(services, clock)
        march = services.reports.closure_rates(AUDITOR, "2026-03").total.ratios()
        april = services.reports.closure_rates(AUDITOR, "2026-04").total.ratios()
    finally:
        services.close()
    assert figures(march["satisfaction_rate"]) == (1, 1, "1.0000", "followed_up")
    assert figures(april["satisfaction_rate"]) == (1, 1, "1.0000", "followed_up")
    assert figures(april["closure_rate"]) == (0, 0, "None", "received")  # nothing received in April


def breached_commitment(services: Services) -> None:
    """A commitment claim approved for 123456.78 and paid in full, breached; 100000.50 clawed
    back, of which 40000.25 recovered. An apply-and-receive claim approved for 0.01, paid."""
    policy = publish(services, mode=PolicyMode.COMMITMENT)
    claim = submitted(services, policy.id, commitment="年内投产", verification_due=date(2027, 1, 4))
    services.claims.execute(claim.id, Accept(), GXJ)
    services.claims.execute(claim.id, Route(department="kjj"), GXJ)
    services.claims.execute(claim.id, Approve(amount=Money.of("123456.78")), KJJ)
    services.claims.execute(claim.id, Disburse(amount=Money.of("123456.78")), FINANCE)
    services.claims.execute(claim.id, Breach(reason="未按承诺投产"), KJJ)
    services.claims.execute(claim.id, RequestClawback(amount=Money.of("100000.50")), KJJ)
    services.claims.execute(claim.id, Recover(amount=Money.of("40000.25")), FINANCE)
    small = submitted(services, publish(services).id)
    services.claims.execute(small.id, Accept(), GXJ)
    services.claims.execute(small.id, Approve(amount=Money.of("0.01")), GXJ)
    services.claims.execute(small.id, Disburse(amount=Money.of("0.01")), FINANCE)


def test_clawbacks_and_breaches_are_counted_and_the_net_disbursed_shown(services: Services) -> None:
    breached_commitment(services)
    total = services.reports.claim_figures(FINANCE, "2026-Q1").total
    assert (total.claims, total.granted, total.breached, total.clawbacks, total.recovered) == (2, 2, 1, 1, 0)
    assert str(total.disbursed_amount) == "123456.79"
    assert (str(total.clawback_amount), str(total.recovered_amount)) == ("100000.50", "40000.25")
    assert str(total.net_disbursed_amount) == "83456.54"
    ratios = total.ratios()
    assert figures(ratios["disbursement_ratio"])[:3] == (Money.of("123456.79").yuan, Money.of("123456.79").yuan, "1.0000")
    assert figures(ratios["breach_rate"]) == (1, 1, "1.0000", "opened")
    assert figures(ratios["recovery_ratio"])[:3] == (Money.of("40000.25").yuan, Money.of("100000.50").yuan, "0.4000")


def test_money_ratios_with_fen_answer_exact_strings_in_every_format(services: Services, http: TestClient) -> None:
    breached_commitment(services)
    headers = auth(services, FINANCE)  # finance reads its own 拨付率
    response = http.get("/api/v1/reports/policy-claims", params={"period": "2026", "group_by": "mode"}, headers=headers)
    assert response.status_code == 200, response.text
    ratio = response.json()["total"]["ratios"]["disbursement_ratio"]
    assert (ratio["numerator"], ratio["denominator"], ratio["unit"]) == ("123456.79", "123456.79", "yuan")
    recovery = response.json()["total"]["ratios"]["recovery_ratio"]
    assert (recovery["numerator"], recovery["denominator"], recovery["value"]) == ("40000.25", "100000.50", "0.4000")
    assert response.json()["total"]["net_disbursed_amount"] == "83456.54"
    as_csv = http.get("/api/v1/reports/policy-claims", params={"period": "2026", "format": "csv"}, headers=headers)
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert (rows[0]["净拨付金额(元)"], rows[0]["追回率"]) == ("83456.54", "0.4000")
    as_xlsx = http.get("/api/v1/reports/policy-claims", params={"period": "2026", "format": "xlsx"}, headers=headers)
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert "拨付金额(元)" in [cell.value for cell in sheet[1]] and sheet.max_row == 2  # noqa: PLR2004


def test_finance_reads_the_claim_figures_and_no_other_report(services: Services, http: TestClient) -> None:
    headers = auth(services, FINANCE)
    assert http.get("/api/v1/reports/policy-claims", params={"period": "2026"}, headers=headers).status_code == 200
    for path in ("closure-rates", "mediation-ratios", "inspections", "department-ranking"):
        refused = http.get(f"/api/v1/reports/{path}", params={"period": "2026"}, headers=headers)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"  # noqa: PLR2004
    handler = http.get("/api/v1/reports/policy-claims", params={"period": "2026"}, headers=auth(services, HANDLER))
    assert handler.status_code == 403  # noqa: PLR2004


def test_the_combined_count_of_successful_mediations_over_http(services: Services, clock: Clock) -> None:
    entered_in_february_concluded_in_march(services, clock)
    with TestClient(create_app(services)) as http:
        body = http.get("/api/v1/reports/mediation-ratios", params={"from": "2026-02-01", "to": "2026-03-31"},
                        headers=auth(services, COORDINATOR)).json()  # fmt: skip
    assert (body["total"]["mediations_succeeded"], body["total"]["succeeded"], body["total"]["mediated"]) == (3, 3, 0)
    assert body["period"] == "2026-02-01~2026-03-31"


def test_an_appeal_resolved_late_stays_late_after_a_supervision_order(services: Services, clock: Clock) -> None:
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    services.appeals.execute(appeal.id, Receive(), COORDINATOR)
    services.appeals.execute(appeal.id, Assign(department="scjgj", level=HandlingLevel.COUNTY,
                                               deadline=date(2026, 3, 5)), COORDINATOR)  # fmt: skip
    clock.now = datetime(2026, 3, 9, 9, tzinfo=CHINA_TZ)
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="已办结"), HANDLER)
    services.appeals.execute(appeal.id, FollowUp(satisfaction=Satisfaction.UNSATISFIED), COORDINATOR)
    services.appeals.execute(appeal.id, Supervise(reason="企业不满意", deadline=date(2026, 3, 20)), COORDINATOR)
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="重新办结"), HANDLER)
    total = services.reports.closure_rates(AUDITOR, "2026-03").total
    assert figures(total.ratios()["on_time_rate"]) == (0, 1, "0.0000", "received")
    assert total.resolved_on_time == 0


def test_a_match_the_enterprise_declines_is_never_granted(services: Services) -> None:
    policy = publish(services, mode=PolicyMode.NO_APPLICATION, title="稳岗返还")
    match = MatchClaim(jurisdiction=NANCHANG_COUNTY, enterprise=ACME_CO, policy_id=policy.id,
                       amount_due=Money.of("4321.09"))  # fmt: skip
    claim = services.claims.match(match, GXJ)
    services.claims.execute(claim.id, WithdrawClaim(reason="企业放弃"), ENTERPRISE)
    total = services.reports.claim_figures(FINANCE, "2026").total
    assert (total.claims, total.granted, str(total.approved_amount)) == (1, 0, "0.00")
    assert figures(total.ratios()["disbursement_ratio"])[:2] == (0, 0)
