"""The conventions of `shared/api.md` hold on every collection alike: `ETag` and `version`,
`If-Match`, `Idempotency-Key`, 404 for unknown and 401 without a token.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE
from tests.http_cases import COLLECTIONS, auth, create_one_of_each
from tests.test_http_appeals import assert_problem
from tests.test_inspection_service import INSPECTOR
from tests.test_policy_claim_service import ADMIN

UNKNOWN = "00000000-0000-4000-8000-000000000000"
# A step each collection's new case may be asked for, with its body and an actor who may take it.
A_STEP = {
    "appeals": ("receive", {}, COORDINATOR),
    "inspections": ("enter", {}, INSPECTOR),
    "mediations": ("withdraw", {"reason": "已和解"}, COORDINATOR),
    "policies": ("withdraw", {"reason": "到期"}, ADMIN),
    "policy-claims": ("supply-materials", {}, ENTERPRISE),
    "units": ("retire", {"last_day": "2026-03-31", "reason": "职能划转"}, ADMIN),
}


@pytest.fixture
def http(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as client:
        yield client


@pytest.mark.parametrize("path", sorted(COLLECTIONS))
def test_every_collection_follows_the_conventions(http: TestClient, services: Services, path: str) -> None:
    ids = create_one_of_each(http, services)
    one = http.get(f"/api/v1/{path}/{ids[path]}", headers=auth(services, AUDITOR))
    assert one.status_code == 200 and one.headers["etag"] == f'"{one.json()["version"]}"'
    assert_problem(http.get(f"/api/v1/{path}/{UNKNOWN}", headers=auth(services, AUDITOR)), 404, "not_found")
    assert_problem(http.get(f"/api/v1/{path}"), 401, "unauthenticated")

    action, step_body, actor = A_STEP[path]
    stale = auth(services, actor) | {"If-Match": '"99"'}
    response = http.post(f"/api/v1/{path}/{ids[path]}/{action}", json=step_body, headers=stale)
    assert_problem(response, 412, "precondition_failed")

    body, creator, _ = COLLECTIONS[path]
    position = services.store.recorder.max_notification_id()
    key = auth(services, creator) | {"Idempotency-Key": f"again-{path}"}
    first = http.post(f"/api/v1/{path}", json=body(ids), headers=key)
    after_first = services.store.recorder.max_notification_id()
    again = http.post(f"/api/v1/{path}", json=body(ids), headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert after_first > position
    assert services.store.recorder.max_notification_id() == after_first


def test_a_method_the_path_lacks_answers_405_naming_every_method_it_has(http: TestClient) -> None:
    for method, path, allowed in [
        ("OPTIONS", "/api/v1/appeals", "GET, POST"),
        ("DELETE", f"/api/v1/policies/{UNKNOWN}", "GET"),
        ("GET", f"/api/v1/appeals/{UNKNOWN}/receive", "POST"),
    ]:
        response = http.request(method, path)
        assert response.status_code == 405 and response.headers["allow"] == allowed, path
        assert response.headers["content-type"] == "application/problem+json"
