"""The inspection routes over HTTP on both stores, and the visit-demands policy running in the
service's background.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import ACME, AUDITOR, COORDINATOR, ENTERPRISE
from tests.test_http_appeals import Client, assert_problem
from tests.test_inspection_service import INSPECTOR, OTHER_INSPECTOR

INSPECTION = {
    "jurisdiction": "360121",
    "enterprise": {"credit_code": ACME.value, "name": "南昌某某科技有限公司"},
    "visit_kind": "administrative_inspection",
    "bodies": ["scjgj"],
    "inspectors": [
        {"name": "刘洋", "certificate": "36010020240001", "body": "scjgj"},
        {"name": "陈静", "certificate": "36010020240002", "body": "scjgj"},
    ],
    "items": ["食品安全", "价格公示"],
    "planned_date": "2026-03-03",
    "legal_basis": "《食品安全法》第一百一十条",
    "occurred_at": "2026-03-02T08:00:00+08:00",
}
VISIT = INSPECTION | {
    "visit_kind": "service_visit",
    "bodies": ["yshb"],
    "inspectors": [{"name": "周敏", "certificate": None, "body": "yshb"}],
    "items": ["惠企政策宣讲"],
    "legal_basis": None,
}


@pytest.fixture
def client(services: Services) -> Iterator[Client]:
    with TestClient(create_app(services, run_policies=True)) as http:
        yield Client(http, services)


def test_an_inspection_through_its_lifecycle(client: Client) -> None:
    created = client.post("/inspections", INSPECTION, INSPECTOR)
    assert created.status_code == 201, created.text
    visit = created.json()
    assert visit["case_number"] == "JC-360121-2026-000001" and visit["status"] == "registered"
    findings = {
        "findings": [
            {"item": "食品安全", "outcome": "compliant"},
            {"item": "价格公示", "outcome": "penalty", "penalty": "2000.00",
             "payment_request": "instalment"},
        ]
    }  # fmt: skip
    steps = [
        ("enter", {}, INSPECTOR, "entered"),
        ("record-findings", findings, INSPECTOR, "findings_recorded"),
        ("publish", {"summary": "价格公示不规范，罚款2000元"}, INSPECTOR, "published"),
        ("close", {}, INSPECTOR, "closed"),
        ("rate", {"stars": 4, "comment": "规范"}, ENTERPRISE, "closed"),
        ("report-misconduct", {"misconduct": "recommending_third_party_services",
                               "description": "推荐指定检测机构"}, ENTERPRISE, "closed"),
    ]  # fmt: skip
    for action, body, principal, status in steps:
        response = client.post(f"/inspections/{visit['id']}/{action}", body, principal)
        assert response.status_code == 200, (action, response.text)
        assert response.json()["status"] == status
    final = client.get(f"/inspections/{visit['id']}", AUDITOR).json()
    assert final["findings"][1]["penalty"] == "2000.00"
    assert final["rating"] == 4 and len(final["misconduct_reports"]) == 1


def test_inspection_errors(client: Client) -> None:
    bad_kind = client.post("/inspections", INSPECTION | {"visit_kind": "raid"}, INSPECTOR)
    assert_problem(bad_kind, 422, "validation_error")
    joint_of_one = client.post("/inspections", INSPECTION | {"visit_kind": "joint_inspection"}, INSPECTOR)
    assert_problem(joint_of_one, 422, "validation_error")
    assert_problem(client.post("/inspections", INSPECTION, OTHER_INSPECTOR), 403, "forbidden")
    visit = client.post("/inspections", INSPECTION, INSPECTOR).json()
    assert_problem(client.post(f"/inspections/{visit['id']}/publish", {"summary": "x"}, INSPECTOR),
                   409, "invalid_transition")  # fmt: skip
    float_penalty = {"findings": [{"item": "食品安全", "outcome": "penalty", "penalty": 20.5}]}
    client.post(f"/inspections/{visit['id']}/enter", {}, INSPECTOR)
    assert_problem(client.post(f"/inspections/{visit['id']}/record-findings", float_penalty, INSPECTOR),
                   422, "validation_error")  # fmt: skip
    assert_problem(client.get(f"/inspections/{visit['id']}", OTHER_INSPECTOR), 404, "not_found")
    assert_problem(client.post(f"/inspections/{visit['id']}/rate", {"stars": "5"}, ENTERPRISE),
                   422, "validation_error")  # fmt: skip


def test_demands_collected_on_a_visit_become_appeals(client: Client) -> None:
    visit = client.post("/inspections", VISIT, COORDINATOR).json()
    client.post(f"/inspections/{visit['id']}/enter", {}, COORDINATOR)
    demands = {"demands": [{"summary": "用电增容审批慢", "category": "factor_power", "urgency": "urgent"},
                           {"summary": "技改补贴未兑现", "category": "policy_redemption"}]}  # fmt: skip
    response = client.post(f"/inspections/{visit['id']}/collect-demands", demands, COORDINATOR)
    assert response.status_code == 200, response.text
    assert [d["number"] for d in response.json()["demands"]] == [1, 2]
    items: list[dict] = []
    for _ in range(100):
        items = client.get("/appeals", COORDINATOR).json()["items"]
        if len(items) == 2:
            break
        time.sleep(0.05)
    assert sorted(i["details"]["category"] for i in items) == ["factor_power", "policy_redemption"]
    assert {i["details"]["channel"] for i in items} == {"service_visit"}
    one = client.get(f"/appeals/{items[0]['id']}", COORDINATOR).json()
    assert one["visit_id"] == visit["id"]


def test_the_inspection_list_filters_by_body(client: Client) -> None:
    client.post("/inspections", INSPECTION, INSPECTOR)
    client.post("/inspections", VISIT, COORDINATOR)
    listed = client.get("/inspections", COORDINATOR, body="scjgj").json()["items"]
    assert [i["details"]["visit_kind"] for i in listed] == ["administrative_inspection"]
    assert len(client.get("/inspections", COORDINATOR).json()["items"]) == 2
    assert len(client.get("/inspections", INSPECTOR).json()["items"]) == 1
