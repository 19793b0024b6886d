"""No input makes the service answer 500: random bodies, headers and queries on every route get
a documented status with a problem+json body.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infrastructure.bootstrap import Services
from interface.http import create_app
from interface.http.appeal_routes import STEPS
from tests.builders import COORDINATOR, ENTERPRISE, HANDLER
from tests.test_http_appeals import APPEAL

DOCUMENTED = {200, 201, 401, 403, 404, 405, 409, 412, 422}
ACTIONS = [command.action for command in STEPS]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8
)
field_values = st.sampled_from(["", "2026-03-02", "2026-03-02T09:00:00+08:00", "solved", "county",
                                "unsatisfied", "00000000-0000-4000-8000-000000000000"]) | scalars  # fmt: skip
bodies = json_values | st.dictionaries(
    st.sampled_from(sorted({*APPEAL, "department", "level", "deadline", "reason", "reply",
                            "outcome", "resolution", "satisfaction", "note", "approver", "into"})),
    field_values,
)  # fmt: skip
principals = st.sampled_from([COORDINATOR, HANDLER, ENTERPRISE, None])
if_match = st.none() | st.sampled_from(['"1"', "*", "", 'W/"x"', "1, 2"]) | st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=10
)


@pytest.fixture
def http(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def appeal_id(http: TestClient, services: Services) -> str:
    """An appeal that the random steps act on (and may move along its lifecycle)."""
    return http.post("/api/v1/appeals", json=APPEAL, headers=auth(services, ENTERPRISE)).json()["id"]


def check(response: Any) -> None:
    assert response.status_code in DOCUMENTED, response.text
    if response.status_code >= 400:
        assert response.json()["code"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(action=st.sampled_from(ACTIONS), body=bodies, principal=principals, tag=if_match)
def test_no_step_request_answers_500(http: TestClient, services: Services, appeal_id: str,
                                    action, body, principal, tag) -> None:  # fmt: skip
    headers = auth(services, principal) | ({"If-Match": tag} if tag is not None else {})
    check(http.post(f"/api/v1/appeals/{appeal_id}/{action}", json=body, headers=headers))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, params=st.dictionaries(
    st.sampled_from(["status", "department", "jurisdiction", "credit_code", "overdue", "limit", "cursor"]),
    st.text(max_size=12) | st.integers().map(str),
))  # fmt: skip
def test_no_create_or_list_request_answers_500(http: TestClient, services: Services, body, params) -> None:
    check(http.post("/api/v1/appeals", json=body, headers=auth(services, COORDINATOR)))
    check(http.get("/api/v1/appeals", params=params, headers=auth(services, HANDLER)))


def auth(services: Services, principal: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {services.tokens.mint(principal)}"} if principal else {}
