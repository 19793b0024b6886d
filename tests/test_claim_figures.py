"""Policy-claim figures on a hand-computed history, on both stores, through the service and HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from application.policy_claim_commands import (
    Accept,
    Approve,
    Confirm,
    Disburse,
    MatchClaim,
    RejectClaim,
)
from domain.money import Money
from domain.policy_claim import PolicyMode
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, NANCHANG_COUNTY, Clock
from tests.http_cases import auth
from tests.test_policy_claim_service import ACME_CO, FINANCE, GXJ, publish, submitted


def history(services: Services, clock: Clock) -> None:
    """Four claims opened on Monday 2 March 2026:

    | claim | mode              | approved  | disbursed                     | fully paid         |
    | C1    | apply and receive | 300000.00 | 100000.00 (5th) + 200000.00 (10th) | on time, 6 working days |
    | C2    | apply and receive | 100000.00 | 40000.00                      |                    |
    | C3    | apply and receive | rejected  |                               |                    |
    | C4    | no application    | 12800.00  | 12800.00 (20th)               | late, 14 working days |
    """
    policy = publish(services)
    matched = publish(services, mode=PolicyMode.NO_APPLICATION, title="稳岗返还")
    c1, c2, c3 = (submitted(services, policy.id) for _ in range(3))
    for claim in (c1, c2, c3):
        services.claims.execute(claim.id, Accept(), GXJ)
    services.claims.execute(c1.id, Approve(amount=Money.of("300000.00")), GXJ)
    services.claims.execute(c2.id, Approve(amount=Money.of("100000.00")), GXJ)
    services.claims.execute(c3.id, RejectClaim(reason="不符合条件"), GXJ)
    c4 = services.claims.match(MatchClaim(jurisdiction=NANCHANG_COUNTY, enterprise=ACME_CO,
                                          policy_id=matched.id, amount_due=Money.of("12800.00")), GXJ)  # fmt: skip
    services.claims.execute(c4.id, Confirm(), ENTERPRISE)
    for day, claim, amount in ((5, c1, "100000.00"), (10, c1, "200000.00"), (10, c2, "40000.00"),
                               (20, c4, "12800.00")):  # fmt: skip
        clock.now = clock.now.replace(day=day)
        services.claims.execute(claim.id, Disburse(amount=Money.of(amount)), FINANCE)


def test_claim_figures_of_a_quarter(services: Services, clock: Clock) -> None:
    history(services, clock)
    report = services.reports.claim_figures(AUDITOR, "2026-Q1", "mode")
    total = report.total
    assert (total.claims, total.granted, total.rejected) == (4, 3, 1)
    assert (str(total.approved_amount), str(total.disbursed_amount)) == ("412800.00", "352800.00")
    ratios = {name: (str(r.numerator), str(r.denominator), str(r.value)) for name, r in total.ratios().items()}
    assert ratios == {
        "disbursement_ratio": ("352800.00", "412800.00", "0.8547"),
        "on_time_disbursement_rate": ("1", "2", "0.5000"),
        "breach_rate": ("0", "0", "None"),
        "recovery_ratio": ("0.00", "0.00", "None"),
    }
    assert str(total.mean_working_days_to_disburse) == "10.0"  # (6 + 14) ÷ 2
    by_mode = {g.group: g for g in report.groups}
    assert str(by_mode["apply_and_receive"].approved_amount) == "400000.00"
    assert str(by_mode["no_application"].disbursed_amount) == "12800.00"
    assert services.reports.claim_figures(AUDITOR, "2026-Q2").total.claims == 0


def test_claim_figures_over_http(services: Services, clock: Clock) -> None:
    history(services, clock)
    with TestClient(create_app(services)) as http:
        response = http.get("/api/v1/reports/policy-claims", params={"period": "2026", "group_by": "policy"},
                            headers=auth(services, COORDINATOR))  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"]["disbursed_amount"] == "352800.00"
    assert body["total"]["ratios"]["disbursement_ratio"]["value"] == "0.8547"
    assert sorted(g["group"] for g in body["groups"]) == ["技术改造补贴", "稳岗返还"]
