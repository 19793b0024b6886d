"""One valid new case of every collection, for tests that exercise every collection alike."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from infrastructure.bootstrap import Services
from interface.http import (
    appeal_routes,
    inspection_routes,
    mediation_routes,
    policy_claim_routes,
    unit_routes,
)
from tests.builders import COORDINATOR, ENTERPRISE
from tests.test_http_appeals import APPEAL
from tests.test_http_inspections import INSPECTION
from tests.test_http_mediations import DISPUTE
from tests.test_http_policy_claims import POLICY, claim_body
from tests.test_inspection_service import INSPECTOR
from tests.test_policy_claim_service import ADMIN

UNIT = {"jurisdiction": "360121", "code": "yshb", "name": "县营商环境办", "kind": "coordinating_office"}
# collection → (a valid body given the ids made before, its creator, its steps)
COLLECTIONS = {
    "appeals": (lambda ids: APPEAL, ENTERPRISE, appeal_routes.STEPS),
    "inspections": (lambda ids: INSPECTION, INSPECTOR, inspection_routes.STEPS),
    "mediations": (lambda ids: DISPUTE, COORDINATOR, mediation_routes.STEPS),
    "policies": (lambda ids: POLICY, ADMIN, policy_claim_routes.POLICY_STEPS),
    "policy-claims": (lambda ids: claim_body(ids["policies"]), ENTERPRISE,
                      policy_claim_routes.CLAIM_STEPS),
    # a unit's code is unique: a second body, once the first unit is made, names another
    "units": (lambda ids: UNIT | {"code": "yshb-2" if "units" in ids else "yshb"}, ADMIN,
              unit_routes.UNIT_STEPS),
}  # fmt: skip



def auth(services: Services, principal: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {services.tokens.mint(principal)}"} if principal else {}


def create_one_of_each(http: TestClient, services: Services) -> dict[str, str]:
    """Create a case of every collection, in order; their ids by collection."""
    ids: dict[str, str] = {}
    for path, (body, creator, _) in COLLECTIONS.items():
        created = http.post(f"/api/v1/{path}", json=body(ids), headers=auth(services, creator))
        assert created.status_code == 201, created.text
        ids[path] = created.json()["id"]
    return ids
