"""The mediation routes over HTTP on both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import ACME, AUDITOR, COORDINATOR, ENTERPRISE, OTHER_ENTERPRISE
from tests.test_http_appeals import APPEAL, Client, assert_problem
from tests.test_mediation_service import CLERK, MEDIATOR, OTHER_MEDIATOR

DISPUTE = {
    "jurisdiction": "360121",
    "parties": [
        {"name": "南昌某某科技有限公司", "role": "applicant", "credit_code": ACME.value},
        {"name": "福州某某贸易有限公司", "role": "respondent", "credit_code": OTHER_ENTERPRISE.value},
    ],
    "dispute_type": "contract",
    "source": "federation_of_commerce",
    "amount": "860000.00",
}


@pytest.fixture
def client(services: Services) -> Iterator[Client]:
    with TestClient(create_app(services)) as http:
        yield Client(http, services)


def registered(client: Client, **changes: object) -> dict:
    response = client.post("/mediations", DISPUTE | changes, COORDINATOR)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_dispute_from_pre_suit_mediation_to_in_suit_mediation(client: Client) -> None:
    case = registered(client)
    assert (case["case_number"], case["status"]) == ("TJ-360121-2026-000001", "registered")
    assign = {"organisation_kind": "federation_of_commerce", "organisation": "gsl-tjwyh", "mediator": "胡军"}
    steps = [
        ("assign", assign, COORDINATOR, "mediating"),
        ("session", {"note": "首次调解"}, MEDIATOR, "mediating"),
        ("fail", {"reason": "被申请人拒绝调解"}, MEDIATOR, "failed"),
        ("file", {"court": "ncxfy", "court_case_number": "(2026)赣0121民初123号"}, CLERK, "filed"),
        ("start-court-mediation", {"mediator": "法官助理王某"}, CLERK, "in_suit_mediating"),
        ("mediate", {"terms": "一次性支付80万元", "amount": "800000.00"}, CLERK, "mediated"),
        ("record-performance", {"performed": False}, CLERK, "mediated"),
        ("apply-enforcement", {}, CLERK, "mediated"),
    ]
    for action, body, principal, status in steps:
        response = client.post(f"/mediations/{case['id']}/{action}", body, principal)
        assert response.status_code == 200, (action, response.text)
        assert response.json()["status"] == status
    final = client.get(f"/mediations/{case['id']}", AUDITOR).json()
    assert final["deadline"] == "2026-04-01"
    assert final["agreement"] == {"terms": "一次性支付80万元", "amount": "800000.00"}
    assert final["performance"] == "enforcement_applied"
    assert client.get(f"/mediations/{case['id']}", ENTERPRISE).status_code == 200  # a party


def test_an_appeal_referred_to_mediation_is_linked(client: Client) -> None:
    appeal = client.post("/appeals", APPEAL, ENTERPRISE).json()
    reject = {"reason": "属民商事纠纷", "reply": "已转诉调对接中心", "refer_to_mediation": True}
    assert client.post(f"/appeals/{appeal['id']}/reject", reject, COORDINATOR).status_code == 200
    case = registered(client, source="referred_appeal", appeal_id=appeal["id"])
    assert case["appeal_id"] == appeal["id"]


def test_mediation_errors(client: Client) -> None:
    one_sided = DISPUTE | {"parties": DISPUTE["parties"][:1] * 2}
    assert_problem(client.post("/mediations", one_sided, COORDINATOR), 422, "validation_error")
    assert_problem(client.post("/mediations", DISPUTE | {"amount": 10.5}, COORDINATOR), 422, "validation_error")
    assert_problem(client.post("/mediations", DISPUTE, ENTERPRISE), 403, "forbidden")
    case = registered(client)
    unassigned = client.post(f"/mediations/{case['id']}/succeed", {"terms": "x"}, MEDIATOR)
    assert_problem(unassigned, 404, "not_found")  # not yet with the mediator's organisation
    assert_problem(client.post(f"/mediations/{case['id']}/mediate", {"terms": "x"}, CLERK), 409,
                   "invalid_transition")  # fmt: skip
    conclude = {"status": "mediating", "reason": "x"}
    client.post(f"/mediations/{case['id']}/file", {"court": "ncxfy", "court_case_number": "(2026)1号"}, CLERK)
    assert_problem(client.post(f"/mediations/{case['id']}/conclude", conclude, CLERK), 422, "validation_error")
    assert client.get("/mediations", OTHER_MEDIATOR).json()["items"] == []
    listed = client.get("/mediations", CLERK).json()["items"]
    assert [i["details"]["stage"] for i in listed] == ["in_suit"]
