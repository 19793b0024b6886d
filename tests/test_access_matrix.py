"""The access matrix, generated from the routes and the permission table, on both stores.

For every guarded route and every role: a role the table refuses hears 403 whatever it sends; a
role the table admits gets through within its scope, and outside it (another enterprise, another
department or body, another county) is told nothing of the cases it may not see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient

from application.permissions import ACTIONS, PUBLIC_KINDS, SCOPES, Scope
from application.principal import Principal
from domain.actor import Actor, Role
from infrastructure.bootstrap import Services
from infrastructure.signing_keys import write_key
from interface.http import create_app
from tests.builders import ACME, NANCHANG_COUNTY, OTHER_COUNTY, OTHER_ENTERPRISE, Clock
from tests.conftest import STORES, fresh_store, open_services
from tests.test_http_appeals import APPEAL
from tests.test_http_inspections import INSPECTION
from tests.test_http_mediations import DISPUTE
from tests.test_http_policy_claims import POLICY, TERMS, claim_body

PEOPLE = [role for role in Role if role is not Role.SYSTEM]
HOME_ORG = {
    Role.ENTERPRISE: "acme", Role.HANDLER: "scjgj", Role.COORDINATOR: "yshb",
    Role.INSPECTOR: "scjgj", Role.MEDIATOR: "gsl-tjwyh", Role.COURT_CLERK: "ncxfy",
    Role.FINANCE: "czj", Role.AUDITOR: "jw", Role.ADMIN: "zwfw",
}  # fmt: skip
AWAY_ORG = {Role.HANDLER: "zrzyj", Role.INSPECTOR: "yjglj", Role.MEDIATOR: "rmtjwyh"}
# Registering a dispute binds no organisation: a mediator of any organisation may, in its county.
OPEN_TO_EVERY_ORGANISATION = {("mediations", Role.MEDIATOR)}
INVALID = {"occurred_at": "not a moment"}  # fails validation once past the guards
KINDS = {
    "appeals": "appeal", "inspections": "inspection", "mediations": "mediation",
    "policies": "policy", "policy-claims": "policy_claim", "units": "unit",
    "calendars": "calendar",
}  # fmt: skip
NATIONAL = {"calendars"}  # reference data of no jurisdiction: every office's, in every county
YEAR = {"holidays": ["2027-01-01"], "document": "国办发明电〔2026〕示例号"}
UNGUARDED = {"/healthz"}
WRITES = ("POST", "PUT")


def insider(role: Role) -> Principal:
    """The role within the world's cases: Nanchang county, their enterprise and departments."""
    credit_code = ACME if role is Role.ENTERPRISE else None
    return Principal(Actor(f"{role.value}.in", role, HOME_ORG[role]), NANCHANG_COUNTY, credit_code)


def outsider(role: Role) -> Principal:
    """The same role just outside its scope: another enterprise, organisation or county."""
    scope = SCOPES[role]
    if scope is Scope.ENTERPRISE:
        return Principal(Actor("enterprise.out", role, "other"), NANCHANG_COUNTY, OTHER_ENTERPRISE)
    if scope is Scope.ORGANISATION:
        return Principal(Actor(f"{role.value}.out", role, AWAY_ORG[role]), NANCHANG_COUNTY)
    return foreigner(role)


def foreigner(role: Role) -> Principal:
    return Principal(Actor(f"{role.value}.abroad", role, HOME_ORG[role]), OTHER_COUNTY)


@dataclass
class World:
    """One case of each collection within every insider's scope, over one store."""

    http: TestClient
    services: Services
    ids: dict[str, str] = field(default_factory=dict)
    numbers: list[str] = field(default_factory=list)
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)

    def call(self, method: str, url: str, who: Principal, **kwargs: Any) -> Any:
        token = self.services.tokens.mint(who)
        return self.http.request(
            method, url, headers={"Authorization": f"Bearer {token}"}, **kwargs
        )

    def create(self, collection: str, body: dict[str, Any], role: Role) -> str:
        created = self.call("POST", f"/api/v1/{collection}", insider(role), json=body)
        assert created.status_code == 201, created.text
        self.ids[collection] = created.json()["id"]
        self.numbers.append(created.json()["case_number"])
        self.bodies[collection] = body
        return self.ids[collection]

    def step(self, collection: str, action: str, body: dict[str, Any], role: Role) -> None:
        url = f"/api/v1/{collection}/{self.ids[collection]}/{action}"
        response = self.call("POST", url, insider(role), json=body)
        assert response.status_code == 200, response.text

    def leaks(self, response: Any) -> list[str]:
        """The world's case numbers, and ids the request did not name, the response shows."""
        ids = [
            id_ for collection, id_ in self.ids.items()
            if collection not in NATIONAL and id_ not in str(response.request.url)
        ]  # fmt: skip
        return [mark for mark in [*ids, *self.numbers] if mark in response.text]


def build(world: World) -> World:
    """A policy of department scjgj and a claim under it; an appeal assigned to scjgj; an
    inspection by scjgj; a dispute (with a person as respondent) with mediator gsl-tjwyh.
    """
    R = Role
    world.create("policies", POLICY | {"terms": TERMS | {"issuing_department": "scjgj"}}, R.ADMIN)
    world.create("appeals", APPEAL, R.COORDINATOR)
    world.step("appeals", "receive", {}, R.COORDINATOR)
    world.step("appeals", "assign", {"department": "scjgj", "level": "county"}, R.COORDINATOR)
    world.create("inspections", INSPECTION, R.INSPECTOR)
    person = {"name": "王五", "role": "respondent"}
    world.create(
        "mediations", DISPUTE | {"parties": [DISPUTE["parties"][0], person]}, R.COORDINATOR
    )
    assign = {
        "organisation_kind": "federation_of_commerce",
        "organisation": "gsl-tjwyh",
        "mediator": "胡军",
    }
    world.step("mediations", "assign", assign, R.COORDINATOR)
    world.create("policy-claims", claim_body(world.ids["policies"]), R.ENTERPRISE)
    entered = world.call("PUT", "/api/v1/calendars/2027", insider(R.ADMIN), json=YEAR)
    assert entered.status_code == 200, entered.text
    world.ids["calendars"] = entered.json()["id"]
    office = {"jurisdiction": "360121", "code": "yshb", "name": "县营商环境办", "kind": "coordinating_office"}
    world.create("units", office, R.ADMIN)  # last: a registry binds assignments from then on
    ledger = "来源编号,企业名称\nGD-1,南昌某某科技有限公司\n".encode()  # refused: too few columns
    imported = world.call("POST", "/api/v1/imports", insider(R.COORDINATOR),
                          data={"kind": "appeals"}, files={"file": ("台账.csv", ledger)})  # fmt: skip
    assert imported.status_code == 201, imported.text
    world.ids["imports"] = imported.json()["import_id"]
    return world


@pytest.fixture(scope="module", params=STORES)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("matrix")
    write_key(folder / "signing.pem")  # checkpoints signed, and proofs against them
    for url in fresh_store(request, folder):
        services = open_services(url, Clock(), signing_key_file=folder / "signing.pem")
        with TestClient(create_app(services), raise_server_exceptions=False) as http:
            world = build(World(http, services))
            services.audit.sign()
            yield world
        services.close()


@dataclass(frozen=True)
class Target:
    """One guarded operation of the OpenAPI document, its collection filled in where the path
    names one."""

    method: str
    path: str
    kind: str
    action: str
    collection: str | None
    query: frozenset[str]

    @property
    def name(self) -> str:
        return f"{self.method} {self.path.replace('{collection}', self.collection or '')}"

    @property
    def names_a_case(self) -> bool:
        return "{case_id}" in self.path or "{import_id}" in self.path

    @property
    def public(self) -> bool:
        """A read of published reference data, open to every role everywhere."""
        return self.action == "read" and KINDS.get(self.collection or "") in PUBLIC_KINDS

    def url(self, world: World) -> str:
        collection = self.collection or ""
        return self.path.format(
            collection=collection, case_id=world.ids.get(collection), credit_code=ACME.value,
            year=2027, kind="assignment", import_id=world.ids.get("imports"),
        )

    def params(self) -> dict[str, str]:
        return {"period": "2026"} if "/reports/" in self.path else {}


def collection_of(path: str) -> str | None:
    parts = path.split("/")
    return parts[3] if len(parts) > 3 and parts[3] in KINDS else None  # noqa: PLR2004


def targets() -> Iterator[Target]:
    """Every operation the service documents, which must name its permission."""
    for path, operations in create_app().openapi()["paths"].items():
        for method, operation in operations.items():
            if path in UNGUARDED:
                continue
            assert "x-permission" in operation, f"{method} {path} is not guarded by the table"
            permit = operation["x-permission"]
            query = frozenset(
                p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
            )
            collections = list(KINDS) if "{collection}" in path else [collection_of(path)]
            for collection in collections:
                yield Target(
                    method.upper(), path, permit["kind"], permit["action"], collection, query
                )


TARGETS = list(targets())


def test_every_route_but_health_is_guarded() -> None:
    guarded = {target.path for target in TARGETS}
    assert len(guarded) > 60 and "/api/v1/appeals/{case_id}/resolve" in guarded  # noqa: PLR2004


def test_the_table_lets_every_acting_role_read_what_it_acts_on_and_auditors_only_read() -> None:
    for kind in KINDS.values():
        actions = ACTIONS[kind]
        acting = frozenset().union(*actions.values()) - {Role.SYSTEM}
        assert acting <= actions["read"], kind
        writes = [action for action in actions if action != "read"]
        assert not [action for action in writes if Role.AUDITOR in actions[action]], kind


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_each_role_on_each_route(world: World, target: Target) -> None:
    problems = []
    for role in PEOPLE:
        if role in ACTIONS[target.kind][target.action]:
            problems += allowed_within(world, target, role) + told_nothing_outside(
                world, target, role
            )
        else:
            problems += refused(world, target, role)
    assert not problems, "\n".join(problems)


def refused(world: World, target: Target, role: Role) -> list[str]:
    response = world.call(
        target.method, target.url(world), insider(role), params=target.params(), json=INVALID
    )
    if response.status_code != 403 or response.json().get("code") != "forbidden":  # noqa: PLR2004
        return [
            f"{role.value}: expected 403 forbidden, got {response.status_code} {response.text[:200]}"
        ]
    return []


def allowed_within(world: World, target: Target, role: Role) -> list[str]:
    """Let through: a read answers 200 and shows the case; a write reaches validation (422)."""
    body = INVALID if target.method in WRITES else None
    response = world.call(
        target.method, target.url(world), insider(role), params=target.params(), json=body
    )
    expected = 422 if target.method in WRITES else 200
    if response.status_code != expected:
        return [
            f"{role.value} within scope: expected {expected}, got {response.status_code} {response.text[:200]}"
        ]
    shows_case = (
        target.collection and target.method == "GET" and target.path.endswith("{collection}")
    )
    if shows_case and world.ids[target.collection] not in response.text:  # type: ignore[index]
        return [f"{role.value} within scope: the list does not show its case"]
    return []


def told_nothing_outside(world: World, target: Target, role: Role) -> list[str]:
    """Outside its scope the role is refused (403) or not told the case exists (404); a list or
    report it may read shows nothing of the world's cases, and naming their county is refused."""
    if target.public or target.collection in NATIONAL:
        return []
    problems = []
    stranger = outsider(role)
    if target.method == "POST" and not target.collection:  # the caller's own tokens: no scope
        return []
    if target.method == "POST" and not target.names_a_case:  # registering in another's name
        stranger = (
            foreigner(role) if (target.collection, role) in OPEN_TO_EVERY_ORGANISATION else stranger
        )
        body = world.bodies[target.collection]  # type: ignore[index]
        response = world.call("POST", target.url(world), stranger, json=body)
        expected: tuple[int, ...] = (403,)
    else:
        body = INVALID if target.method == "POST" else None
        response = world.call(
            target.method, target.url(world), stranger, params=target.params(), json=body
        )
        expected = (
            (403, 404)
            if target.names_a_case or "timeline" in target.path and role is Role.ENTERPRISE
            else (200,)
        )
    if response.status_code not in expected or world.leaks(response):
        problems.append(
            f"{role.value} outside scope: got {response.status_code}, leaks {world.leaks(response)}"
        )
    if "jurisdiction" in target.query and stranger.jurisdiction != NANCHANG_COUNTY:
        named = world.call(
            "GET", target.url(world), stranger, params=target.params() | {"jurisdiction": "360121"}
        )
        if named.status_code != 403:  # noqa: PLR2004
            problems.append(
                f"{role.value} of another county naming 360121: got {named.status_code}"
            )
    return problems
