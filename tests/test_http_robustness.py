"""No input makes the service answer 500: random bodies, headers and queries on every route get
a documented status with a problem+json body.
"""

from __future__ import annotations

from typing import Any


from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infrastructure.bootstrap import Services
from tests.builders import COORDINATOR, ENTERPRISE, HANDLER
from tests.http_cases import COLLECTIONS, auth
from tests.test_http_appeals import APPEAL
from tests.test_http_inspections import INSPECTION
from tests.test_http_mediations import DISPUTE
from tests.test_http_policy_claims import POLICY
from tests.test_mediation_service import CLERK, MEDIATOR
from tests.test_inspection_service import INSPECTOR
from tests.test_policy_claim_service import ADMIN, FINANCE

DOCUMENTED = {200, 201, 401, 403, 404, 405, 409, 412, 422}
STEP_ROUTES = [(path, s.action) for path, (_, _, steps) in COLLECTIONS.items() for s in steps]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8
)
field_values = st.sampled_from(["", "2026-03-02", "2026-03-02T09:00:00+08:00", "solved", "county",
                                "unsatisfied", "00000000-0000-4000-8000-000000000000", "0.01",
                                "99999999999.99"]) | scalars  # fmt: skip
bodies = json_values | st.dictionaries(
    st.sampled_from(sorted({*APPEAL, *INSPECTION, *POLICY, *DISPUTE, "terms", "court",
                            "court_case_number", "performed", "granted", "organisation_kind", "policy_id", "amount", "assisted",
                            "missing_materials", "amount_due", "commitment", "department", "level", "deadline", "reason",
                            "reply", "outcome", "resolution", "satisfaction", "note", "approver",
                            "into", "findings", "demands", "summary", "stars", "misconduct"})),
    field_values,
)  # fmt: skip
principals = st.sampled_from(
    [COORDINATOR, HANDLER, ENTERPRISE, INSPECTOR, ADMIN, FINANCE, MEDIATOR, CLERK, None]
)
if_match = st.none() | st.sampled_from(['"1"', "*", "", 'W/"x"', "1, 2"]) | st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=10
)


def check(response: Any) -> None:
    assert response.status_code in DOCUMENTED, response.text
    if response.status_code >= 400:
        assert response.json()["code"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(STEP_ROUTES), body=bodies, principal=principals, tag=if_match)
def test_no_step_request_answers_500(http: TestClient, services: Services, case_ids: dict[str, str],
                                    route, body, principal, tag) -> None:  # fmt: skip
    path, action = route
    headers = auth(services, principal) | ({"If-Match": tag} if tag is not None else {})
    check(http.post(f"/api/v1/{path}/{case_ids[path]}/{action}", json=body, headers=headers))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(sorted(COLLECTIONS)), body=bodies, params=st.dictionaries(
    st.sampled_from(["status", "department", "body", "organisation", "jurisdiction", "credit_code", "overdue",
                     "limit", "cursor"]),
    st.text(max_size=12) | st.integers().map(str),
))  # fmt: skip
def test_no_create_or_list_request_answers_500(http: TestClient, services: Services, path, body, params) -> None:
    check(http.post(f"/api/v1/{path}", json=body, headers=auth(services, COORDINATOR)))
    check(http.get(f"/api/v1/{path}", params=params, headers=auth(services, HANDLER)))


QUERY_ROUTES = ["supervision-list", "reports/closure-rates", "reports/mediation-ratios",
                "reports/policy-claims", "reports/inspections", "reports/department-ranking"]  # fmt: skip
query_values = st.sampled_from(["2026", "2026-Q5", "2026-13", "open", "cleared", "appeal_overdue",
                                "2026-03-02T09:00:00+08:00", "2026-03-02T09:00:00", "2999-01-01T00:00:00Z",
                                "department", "csv", "xlsx", "360121", ""]) | st.text(max_size=12)  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(QUERY_ROUTES), principal=principals, params=st.dictionaries(
    st.sampled_from(["period", "group_by", "jurisdiction", "rule", "department", "status", "kind", "as_of",
                     "format"]), query_values))  # fmt: skip
def test_no_report_query_answers_500(http: TestClient, services: Services, case_ids: dict[str, str],
                                     path, principal, params) -> None:  # fmt: skip
    check(http.get(f"/api/v1/{path}", params=params, headers=auth(services, principal)))
