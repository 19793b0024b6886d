"""The appeal routes over HTTP, on both stores, as a client of `shared/api.md` sees them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient

from application.principal import Principal
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import (
    ACME,
    AUDITOR,
    COORDINATOR,
    ENTERPRISE,
    FOREIGN_COORDINATOR,
    HANDLER,
    Clock,
)

APPEAL = {
    "enterprise": {"credit_code": ACME.value, "name": "南昌某某科技有限公司"},
    "jurisdiction": "360121",
    "channel": "hotline_12345",
    "category": "approval_services",
    "urgency": "normal",
    "summary": "施工许可审批超期未办",
    "contact": {"name": "刘先生", "phone": "13800000000"},
    "amount_involved": "1250000.50",
    "occurred_at": "2026-03-02T08:30:00+08:00",
}


class Client:
    """A test client that acts as one principal at a time."""

    def __init__(self, http: TestClient, services: Services) -> None:
        self.http = http
        self.services = services

    def headers(self, principal: Principal | None, **extra: str) -> dict[str, str]:
        token = {"Authorization": f"Bearer {self.services.tokens.mint(principal)}"} if principal else {}
        return token | extra

    def post(self, path: str, body: dict, as_: Principal | None = COORDINATOR, **headers: str):
        return self.http.post(f"/api/v1{path}", json=body, headers=self.headers(as_, **headers))

    def get(self, path: str, as_: Principal | None = COORDINATOR, **params):
        return self.http.get(f"/api/v1{path}", params=params, headers=self.headers(as_))

    def step(self, appeal_id: str, action: str, body: dict, as_: Principal = COORDINATOR, **headers: str):
        return self.post(f"/appeals/{appeal_id}/{action}", body, as_, **headers)

    def log_position(self) -> int:
        return self.services.store.recorder.max_notification_id() or 0


@pytest.fixture
def client(services: Services) -> Iterator[Client]:
    with TestClient(create_app(services)) as http:
        yield Client(http, services)


def created(client: Client, **changes) -> dict:
    response = client.post("/appeals", APPEAL | changes, ENTERPRISE)
    assert response.status_code == 201, response.text
    return response.json()


def assigned(client: Client) -> dict:
    appeal = created(client)
    assert client.step(appeal["id"], "receive", {}).status_code == 200
    response = client.step(appeal["id"], "assign", {"department": "scjgj", "level": "county"})
    assert response.status_code == 200, response.text
    return response.json()


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code and body["status"] == status and body["detail"]
    return body


def test_an_appeal_through_its_whole_lifecycle(client: Client, clock: Clock) -> None:
    created_ = created(client)
    assert created_["case_number"] == "SQ-360121-2026-000001"
    assert (created_["status"], created_["version"]) == ("submitted", 1)
    assert created_["amount_involved"] == "1250000.50"
    appeal_id = created_["id"]
    steps = [
        ("receive", {}, COORDINATOR, "received"),
        ("assign", {"department": "scjgj", "level": "county"}, COORDINATOR, "assigned"),
        ("progress", {"note": "已约谈"}, HANDLER, "assigned"),
        ("resolve", {"outcome": "solved", "resolution": "已办理"}, HANDLER, "resolved"),
        ("follow-up", {"satisfaction": "unsatisfied", "comment": "未解决"}, COORDINATOR, "followed_up"),
        ("supervise", {"reason": "回访不满意", "deadline": "2026-03-13"}, COORDINATOR, "supervised"),
        ("resolve", {"outcome": "solved", "resolution": "现场解决"}, HANDLER, "resolved"),
        ("follow-up", {"satisfaction": "satisfied"}, ENTERPRISE, "followed_up"),
        ("close", {"reason": "企业满意，销号"}, COORDINATOR, "closed"),
    ]
    for version, (action, body, principal, status) in enumerate(steps, start=2):
        response = client.step(appeal_id, action, body, principal, **{"If-Match": f'"{version - 1}"'})
        assert response.status_code == 200, (action, response.text)
        assert (response.json()["status"], response.json()["version"]) == (status, version)
        assert response.headers["etag"] == f'"{version}"'
    final = client.get(f"/appeals/{appeal_id}", AUDITOR)
    assert final.status_code == 200
    body = final.json()
    assert body["deadline"] == "2026-03-13"
    assert (body["supervision_orders"], body["follow_ups"], body["satisfaction"]) == (1, 2, "satisfied")
    assert body["closed_at"] == clock.now.isoformat()
    assert body["submitted_at"] == "2026-03-02T08:30:00+08:00"
    assert body["amount_involved"] == "1250000.50"
    assert body["contact"] == {"name": "刘**", "phone": "138****0000"}  # the auditor reads
    assert client.get(f"/appeals/{appeal_id}", COORDINATOR).json()["contact"] == APPEAL["contact"]
    assert body["enterprise"] == APPEAL["enterprise"]


def test_times_are_kept_as_instants_and_shown_in_beijing_time(client: Client) -> None:
    appeal = created(client, occurred_at="2026-03-02T00:30:00Z")
    assert client.get(f"/appeals/{appeal['id']}").json()["submitted_at"] == "2026-03-02T08:30:00+08:00"


def test_assign_computes_the_deadline_in_working_days(client: Client) -> None:
    assert assigned(client)["deadline"] == "2026-03-09"


def test_a_bad_credit_code_is_unprocessable(client: Client) -> None:
    bad = APPEAL | {"enterprise": {"credit_code": "91360121MA35ABCD05", "name": "x"}}
    body = assert_problem(client.post("/appeals", bad), 422, "validation_error")
    assert "GB 32100" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "enterprise", "credit_code"]
    assert client.log_position() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"channel": "fax"},
        {"summary": "  "},
        {"jurisdiction": "990000"},
        {"amount_involved": 12.5},
        {"amount_involved": "1.234"},
        {"occurred_at": "2026-03-02T08:30:00"},
        {"unknown": 1},
    ],
)
def test_malformed_input_is_unprocessable(client: Client, change: dict) -> None:
    assert_problem(client.post("/appeals", APPEAL | change), 422, "validation_error")


def test_a_body_that_is_not_json_is_unprocessable(client: Client) -> None:
    response = client.http.post(
        "/api/v1/appeals",
        content=b"{not json",
        headers=client.headers(COORDINATOR, **{"Content-Type": "application/json"}),
    )
    assert_problem(response, 422, "validation_error")


def test_an_out_of_order_step_is_a_conflict(client: Client) -> None:
    appeal = created(client)
    body = assert_problem(client.step(appeal["id"], "close", {"reason": "x"}), 409, "invalid_transition")
    assert "submitted" in body["detail"] and "close" in body["detail"]
    assert client.get(f"/appeals/{appeal['id']}").json()["version"] == 1


def test_a_stale_if_match_fails_the_precondition(client: Client) -> None:
    appeal = assigned(client)
    stale = client.step(appeal["id"], "progress", {"note": "x"}, HANDLER, **{"If-Match": '"2"'})
    assert_problem(stale, 412, "precondition_failed")
    weak = client.step(appeal["id"], "progress", {"note": "x"}, HANDLER, **{"If-Match": 'W/"3"'})
    assert weak.status_code == 200


def test_requests_without_a_valid_token_are_unauthenticated(client: Client) -> None:
    assert_problem(client.post("/appeals", APPEAL, as_=None), 401, "unauthenticated")
    assert client.get("/appeals", as_=None).headers["www-authenticate"] == "Bearer"
    expired = client.services.tokens.mint(COORDINATOR, ttl=timedelta(seconds=-1))
    forged = jwt.encode({"sub": "x", "role": "coordinator"}, "w" * 32, algorithm="HS256")
    unsigned = jwt.encode({"sub": "x"}, None, algorithm="none")
    for token, code in ((expired, "token_expired"), (forged, "unauthenticated"),
                        (unsigned, "unauthenticated"), ("garbage", "unauthenticated")):  # fmt: skip
        response = client.http.get("/api/v1/appeals", headers={"Authorization": f"Bearer {token}"})
        assert_problem(response, 401, code)


def test_a_role_that_may_not_is_forbidden(client: Client) -> None:
    appeal = created(client)
    assert_problem(client.step(appeal["id"], "receive", {}, ENTERPRISE), 403, "forbidden")


def test_an_unknown_or_foreign_appeal_is_not_found(client: Client) -> None:
    appeal = created(client)
    assert_problem(client.get(f"/appeals/{appeal['id']}", FOREIGN_COORDINATOR), 404, "not_found")
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_problem(client.get(f"/appeals/{unknown}"), 404, "not_found")
    assert_problem(client.step(unknown, "receive", {}), 404, "not_found")
    assert_problem(client.http.get("/api/v1/nothing-here"), 404, "not_found")


def test_an_idempotent_retry_records_nothing_new(client: Client) -> None:
    first = client.post("/appeals", APPEAL, ENTERPRISE, **{"Idempotency-Key": "intake-42"})
    position = client.log_position()
    retry = client.post("/appeals", APPEAL, ENTERPRISE, **{"Idempotency-Key": "intake-42"})
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["idempotent-replayed"] == "true"
    assert client.log_position() == position
    other = client.post("/appeals", APPEAL | {"summary": "另一件事"}, ENTERPRISE, **{"Idempotency-Key": "intake-42"})
    assert_problem(other, 422, "idempotency_key_reused")


def test_an_idempotent_step_retry_does_not_repeat_the_step(client: Client) -> None:
    appeal = assigned(client)
    key = {"Idempotency-Key": "note-1"}
    first = client.step(appeal["id"], "progress", {"note": "已约谈"}, HANDLER, **key)
    again = client.step(appeal["id"], "progress", {"note": "已约谈"}, HANDLER, **key)
    assert first.json() == again.json()
    assert client.get(f"/appeals/{appeal['id']}").json()["progress_notes"] == 1


def test_a_failed_request_leaves_its_key_free_for_a_corrected_retry(client: Client) -> None:
    appeal = created(client)
    key = {"Idempotency-Key": "assign-1"}
    refused = client.step(appeal["id"], "assign", {"department": "scjgj", "level": "county"}, **key)
    assert refused.status_code == 409
    client.step(appeal["id"], "receive", {})
    retried = client.step(appeal["id"], "assign", {"department": "scjgj", "level": "county"}, **key)
    assert retried.status_code == 200


def test_the_list_filters_by_status_department_and_overdue(client: Client, clock: Clock) -> None:
    waiting = created(client)
    handled = assigned(client)

    def numbers(**params) -> list[str]:
        response = client.get("/appeals", **params)
        assert response.status_code == 200, response.text
        return [item["case_number"] for item in response.json()["items"]]

    assert numbers() == [handled["case_number"], waiting["case_number"]]
    assert numbers(status="submitted") == [waiting["case_number"]]
    assert numbers(department="scjgj") == [handled["case_number"]]
    assert numbers(jurisdiction="360121", overdue="true") == []
    clock.advance(days=10)
    assert numbers(overdue="true") == [handled["case_number"]]
    page = client.get("/appeals", limit=1).json()
    assert page["items"][0]["overdue"] is True
    assert numbers(limit=1, cursor=page["next_cursor"]) == [waiting["case_number"]]
    assert page["log_position"] == client.log_position()
    assert_problem(client.get("/appeals", jurisdiction="350100"), 403, "forbidden")
    assert_problem(client.get("/appeals", status="lost"), 422, "validation_error")


def test_an_enterprise_sees_only_its_own_appeals(client: Client) -> None:
    created(client)
    assert [i["credit_codes"] for i in client.get("/appeals", ENTERPRISE).json()["items"]] == [[ACME.value]]
    other = client.get("/appeals", ENTERPRISE, credit_code="91350100M000100Y43")
    assert_problem(other, 403, "forbidden")


def test_health_needs_no_token(client: Client) -> None:
    response = client.http.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_the_openapi_document_lists_every_appeal_action(client: Client) -> None:
    paths = client.http.get("/openapi.json").json()["paths"]
    actions = {p.rsplit("/", 1)[1] for p, operations in paths.items()
               if p.startswith("/api/v1/appeals/{case_id}/") and "post" in operations}  # fmt: skip
    assert actions == {
        "receive", "reject", "assign", "reassign", "return", "progress", "extend",
        "resolve", "follow-up", "supervise", "close", "withdraw", "merge",
    }  # fmt: skip
