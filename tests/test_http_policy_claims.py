"""The policy catalogue and claim routes over HTTP on both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import ACME, AUDITOR, ENTERPRISE
from tests.test_http_appeals import Client, assert_problem
from tests.test_policy_claim_service import ADMIN, FINANCE, GXJ, KJJ

TERMS = {
    "title": "承诺制研发奖励",
    "issuing_department": "gxj",
    "mode": "commitment",
    "cap": "500000.00",
    "review_days": 5,
    "disbursement_days": 10,
}
POLICY = {"jurisdiction": "360121", "terms": TERMS}


def claim_body(policy_id: str, **changes: object) -> dict:
    return {
        "jurisdiction": "360121",
        "enterprise": {"credit_code": ACME.value, "name": "南昌某某科技有限公司"},
        "policy_id": policy_id,
        "commitment": "三年内研发投入不低于500万元",
        "verification_due": "2027-03-01",
    } | changes


@pytest.fixture
def client(services: Services) -> Iterator[Client]:
    with TestClient(create_app(services)) as http:
        yield Client(http, services)


def published(client: Client, **terms: object) -> dict:
    response = client.post("/policies", {"jurisdiction": "360121", "terms": TERMS | terms}, ADMIN)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_commitment_claim_through_the_api(client: Client) -> None:
    policy = published(client)
    assert policy["case_number"] == "ZC-360121-2026-000001"
    created = client.post("/policy-claims", claim_body(policy["id"]), ENTERPRISE)
    assert created.status_code == 201, created.text
    claim = created.json()
    assert (claim["case_number"], claim["status"]) == ("DX-360121-2026-000001", "submitted")
    accept = {"assisted": True, "missing_materials": {"items": ["审计报告"], "promised_by": "2026-03-20"}}
    steps = [
        ("accept", accept, GXJ, "accepted"),
        ("supply-materials", {}, ENTERPRISE, "accepted"),
        ("route", {"department": "kjj"}, GXJ, "routed"),
        ("approve", {"amount": "300000.00"}, KJJ, "approved"),
        ("disburse", {"amount": "100000.00"}, FINANCE, "partly_disbursed"),
        ("disburse", {"amount": "200000.00"}, FINANCE, "disbursed"),
        ("verify", {"note": "研发投入已达标"}, KJJ, "verified"),
    ]
    for action, body, principal, status in steps:
        response = client.post(f"/policy-claims/{claim['id']}/{action}", body, principal)
        assert response.status_code == 200, (action, response.text)
        assert response.json()["status"] == status
    final = client.get(f"/policy-claims/{claim['id']}", AUDITOR).json()
    assert final["review_due"] == "2026-03-09" and final["disbursement_due"] == "2026-03-16"
    assert [p["amount"] for p in final["disbursements"]] == ["100000.00", "200000.00"]
    assert final["disbursed_total"] == "300000.00" and final["assisted"] is True


def test_a_match_is_recorded_with_amount_due(client: Client) -> None:
    policy = published(client, mode="no_application", title="稳岗返还")
    created = client.post("/policy-claims", claim_body(policy["id"], amount_due="12800.00",
                                                       commitment=None, verification_due=None), GXJ)  # fmt: skip
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "matched"
    confirmed = client.post(f"/policy-claims/{created.json()['id']}/confirm", {}, ENTERPRISE)
    assert confirmed.json()["disbursement_due"] == "2026-03-16"


def test_policy_and_claim_errors(client: Client) -> None:
    assert_problem(client.post("/policies", POLICY, GXJ), 403, "forbidden")
    assert_problem(client.post("/policies", {"jurisdiction": "360121", "terms": TERMS | {"cap": 500000.0}},
                               ADMIN), 422, "validation_error")  # fmt: skip
    assert_problem(client.post("/policies", {"jurisdiction": "360121", "terms": TERMS | {"review_days": "5"}},
                               ADMIN), 422, "validation_error")  # fmt: skip
    policy = published(client)
    claim = client.post("/policy-claims", claim_body(policy["id"]), ENTERPRISE).json()
    assert_problem(client.post(f"/policy-claims/{claim['id']}/approve", {"amount": "1.00"}, GXJ),
                   409, "invalid_transition")  # fmt: skip
    assert_problem(client.post(f"/policy-claims/{claim['id']}/disburse", {"amount": "1.00"}, GXJ),
                   403, "forbidden")  # fmt: skip
    assert_problem(client.post(f"/policy-claims/{claim['id']}/accept", {"assisted": "yes"}, GXJ),
                   422, "validation_error")  # fmt: skip
    unknown = claim_body("00000000-0000-4000-8000-000000000000")
    assert_problem(client.post("/policy-claims", unknown, ENTERPRISE), 404, "not_found")
    withdrawn = client.post(f"/policies/{policy['id']}/withdraw", {"reason": "政策到期"}, ADMIN)
    assert withdrawn.json()["status"] == "withdrawn"
    assert_problem(client.post("/policy-claims", claim_body(policy["id"]), ENTERPRISE),
                   409, "invalid_transition")  # fmt: skip


def test_the_catalogue_is_public_and_claims_are_scoped(client: Client) -> None:
    policy = published(client)
    client.post("/policy-claims", claim_body(policy["id"]), ENTERPRISE)
    titles = [i["details"]["title"] for i in client.get("/policies", ENTERPRISE).json()["items"]]
    assert titles == ["承诺制研发奖励"]
    assert client.get(f"/policies/{policy['id']}", ENTERPRISE).status_code == 200
    assert len(client.get("/policy-claims", GXJ).json()["items"]) == 1
    assert client.get("/policy-claims", KJJ).json()["items"] == []


def test_the_catalogue_filters_by_mode_and_status(client: Client) -> None:
    """`GET /policies?mode=…&status=…`, in JSON and CSV; claims filter by mode too."""
    commitment = published(client)
    published(client, mode="no_application", title="稳岗返还")
    ended = published(client, mode="no_application", title="社保补贴")
    published(client, mode="apply_and_receive", title="技术改造补贴")
    client.post(f"/policies/{ended['id']}/withdraw", {"reason": "政策到期"}, ADMIN)
    client.post("/policy-claims", claim_body(commitment["id"]), ENTERPRISE)

    def titles(path: str = "/policies", **params: str) -> list[str]:
        response = client.get(path, ENTERPRISE, **params)
        assert response.status_code == 200, response.text
        details = [item["details"] for item in response.json()["items"]]
        return [shown.get("title") or shown["policy"] for shown in details]

    assert titles(mode="no_application") == ["社保补贴", "稳岗返还"]
    assert titles(mode="no_application", status="published") == ["稳岗返还"]
    assert titles(status="withdrawn") == ["社保补贴"]
    assert titles(mode="apply_and_receive") == ["技术改造补贴"]
    assert len(titles()) == 4
    assert titles("/policy-claims", mode="commitment") == ["承诺制研发奖励"]
    assert titles("/policy-claims", mode="no_application") == []
    csv = client.get("/policies", ENTERPRISE, mode="commitment", format="csv").text
    assert "承诺制研发奖励" in csv and "稳岗返还" not in csv
    assert_problem(client.get("/policies", ENTERPRISE, mode="免申即享"), 422, "validation_error")
