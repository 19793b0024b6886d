"""The OpenAPI document says what the service does: schemathesis, with every check it has, over
every operation, as several roles, on both stores, finds no server error and no mismatch
between an answer and the document (status, media type, body, headers, `Allow`), and no
schema-valid request refused by the request's validation.

The size here is what CI affords: each role over the operations it is admitted to (the
document's `x-roles`), every role on SQLite and two on PostgreSQL, 2 examples a phase.
`make fuzz` runs the same with `YINGSHANG_FUZZ_EXAMPLES` (more examples) and
`YINGSHANG_FUZZ_EVERYWHERE=1` (every role over every operation, on both stores).

What the document cannot say, and is therefore accepted (each is a documented answer):
- 503 `views_behind`: a read given a `min_position` the views had not reached in the wait;
- 412 `precondition_failed` to a schema-valid request: an `If-Match` of another version;
- 422 to a schema-valid request for a rule that no JSON schema states: a domain rule (no
  `errors`: a planned date before the day of registration, a party listed twice, a period named
  both ways) or a field's own check (`errors` all of type `value_error`: a credit code's check
  character). Any other 422 `errors` (type, pattern, length, enum, required or unknown field) is
  the request's validation refusing what the document allows: a failure.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import hypothesis.strategies as st
import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from application.principal import Principal
from infrastructure.bootstrap import Services
from interface.http import create_app
from interface.http.tables import XLSX
from tests.builders import ACME, AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, Clock
from tests.conftest import open_services
from tests.http_cases import create_one_of_each
from tests.test_inspection_service import INSPECTOR
from tests.test_mediation_service import CLERK, MEDIATOR
from tests.test_policy_claim_service import ADMIN, FINANCE

EXAMPLES = int(os.environ.get("YINGSHANG_FUZZ_EXAMPLES", "2"))
EVERYWHERE = os.environ.get("YINGSHANG_FUZZ_EVERYWHERE") == "1"
PRINCIPALS = (COORDINATOR, HANDLER, ENTERPRISE, AUDITOR, ADMIN, INSPECTOR, MEDIATOR, CLERK, FINANCE)
ROLES = {principal.actor.role.value: principal for principal in PRINCIPALS}
POSTGRES_ROLES = sorted(ROLES) if EVERYWHERE else ["coordinator", "enterprise"]
RUNS = [("sqlite", role) for role in sorted(ROLES)] + [
    pytest.param("postgres", role, marks=pytest.mark.postgres) for role in POSTGRES_ROLES
]


@dataclass
class Finding:
    """A failed check: which, where, how often, and one request that shows it."""

    check: str
    operation: str
    title: str
    count: int
    request: str
    status: int | None
    answer: str

    def __str__(self) -> str:
        return (
            f"{self.check} on {self.operation}: {self.title} ({self.count}×)\n"
            f"    {self.request}\n    → {self.status} {self.answer}"
        )


def problem_of(response: Any) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return {}
    return body if isinstance(body, dict) else {}


def accepted(failure: Any, response: Any) -> bool:
    """Whether `failure` is one of the documented answers the module's docstring lists."""
    problem = problem_of(response)
    if failure.title == "Server error":
        return response.status_code == 503 and problem.get("code") == "views_behind"
    if failure.title == "Schema-valid request rejected":
        if response.status_code == 412:
            return problem.get("code") == "precondition_failed"
        checks_only = all(error.get("type") == "value_error" for error in problem.get("errors", []))
        return response.status_code == 422 and checks_only
    return False


def as_served(app: FastAPI) -> Any:
    """`app` as a server runs it: an error the handlers answered with a 500 is that answer, not
    an exception in the caller (Starlette re-raises it, for the server's log, once answered)."""

    async def served(scope: Any, receive: Any, send: Any) -> None:
        try:
            await app(scope, receive, send)
        except Exception:
            if scope["type"] != "http":
                raise

    return served


def admits(operation: dict[str, Any], role: str) -> bool:
    """Whether the document says the operation admits `role` (`x-roles`; none: every role)."""
    return role in operation.get("x-roles", [role])


def fuzz(
    app: FastAPI, services: Services, role: str, ids: dict[str, str], examples: int
) -> tuple[int, list[Finding]]:
    """Run every phase and check of schemathesis over `app` as `role`; the number of requests
    made and what failed."""
    settings = {"generation": {"max-examples": examples}, "seed": 20260302}
    config = SchemathesisConfig.from_dict(settings)
    schema = schemathesis.openapi.from_asgi("/openapi.json", as_served(app), config=config)
    if not EVERYWHERE:  # elsewhere it hears 403 whatever it sends
        schema = schema.include(lambda context: admits(context.operation.definition.raw, role))
    subjects = itertools.count()

    class FreshToken:
        """A new token for every request, of an actor of its own: the run may log itself out
        (`POST /tokens/revoke`) without locking out the requests after it."""

        def get(self, case: Any, context: Any) -> str:
            principal: Principal = ROLES[role]
            actor = replace(principal.actor, id=f"{principal.actor.id}.{next(subjects)}")
            return services.tokens.mint(replace(principal, actor=actor))

        def set(self, case: Any, token: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}

    schema.auth(refresh_interval=None)(FreshToken)

    @schema.hook("flatmap_path_parameters")
    def existing(context: Any, parameters: dict[str, Any] | None) -> Any:
        """Half the time, a case (or enterprise) that exists, so steps get past 404."""
        if not parameters:
            return st.just(parameters)
        if "credit_code" in parameters:
            return st.sampled_from([parameters, {**parameters, "credit_code": ACME.value}])
        collection = parameters.get("collection") or context.operation.path.split("/")[3]
        if "case_id" not in parameters or collection not in ids:
            return st.just(parameters)
        return st.sampled_from([parameters, {**parameters, "case_id": ids[collection]}])

    @schema.hook("filter_failure")
    def undocumentable(context: Any, failure: Any, case: Any, response: Any) -> bool:
        return not accepted(failure, response)

    requests = 0
    findings: dict[tuple[str, str, str], Finding] = {}
    for event in from_schema(schema).execute():
        if isinstance(event, events.FatalError):
            raise event.exception
        if isinstance(event, events.NonFatalError):
            findings[("error", event.label, "")] = Finding(
                "error", event.label, repr(event.value), 1, "", None, event.info.message
            )
        if not isinstance(event, events.ScenarioFinished):
            continue
        recorder = event.recorder
        requests += len(recorder.interactions)
        for case_id, checks in recorder.checks.items():
            for check in checks:
                if check.failure_info is None:
                    continue
                failure = check.failure_info.failure
                key = (check.name, recorder.label, failure.title)
                if key in findings:
                    findings[key].count += 1
                    continue
                interaction = recorder.interactions.get(case_id)
                response = interaction.response if interaction else None
                findings[key] = Finding(
                    check.name, recorder.label, failure.title, 1,
                    check.failure_info.code_sample,
                    response.status_code if response else None,
                    (response.content or b"")[:300].decode("utf-8", "replace") if response else "",
                )  # fmt: skip
    return requests, sorted(findings.values(), key=lambda found: (found.operation, found.check))


@pytest.fixture
def seeded(database_url: str) -> Iterator[tuple[FastAPI, Services, dict[str, str]]]:
    """The service over a fresh store holding a case of every collection; reads wait for the
    views only briefly, since the run asks for positions no command answered."""
    services = open_services(database_url, Clock(), read_wait_seconds=0.05)
    app = create_app(services)
    with TestClient(app) as http:
        ids = create_one_of_each(http, services)
    yield app, services, ids
    services.close()


@pytest.mark.parametrize("database_url, role", RUNS, indirect=["database_url"])
def test_the_document_says_what_the_service_does(
    seeded: tuple[FastAPI, Services, dict[str, str]], role: str
) -> None:
    app, services, ids = seeded
    requests, findings = fuzz(app, services, role, ids, EXAMPLES)
    assert requests > 100
    summary = f"{len(findings)} kinds of failure in {requests} requests as {role}:"
    assert not findings, "\n".join([summary, *map(str, findings)])


def keywords(schema: Any) -> Iterator[str]:
    """Every key in a JSON document, at any depth."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            yield from keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from keywords(item)


# The media type each `format` a route offers answers with (tables, and the printed documents).
FORMAT_MEDIA = {"json": "application/json", "csv": "text/csv", "xlsx": XLSX, "pdf": "application/pdf"}


def test_the_document_describes_every_answer_a_client_can_get() -> None:
    document = create_app(services=None).openapi()
    assert not {"ge", "le", "gt", "lt"} & set(keywords(document["components"])), "a bound lost"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            parameters = {given["name"]: given for given in operation.get("parameters", [])}
            for parameter in parameters.values():
                assert {"type": "null"} not in parameter["schema"].get("anyOf", []), parameter
            for status, response in operation["responses"].items():
                for media_type, content in response.get("content", {}).items():
                    if media_type == "application/problem+json":
                        assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
            if "format" in parameters:
                formats = set(parameters["format"]["schema"]["enum"])
                media_types = set(operation["responses"]["200"]["content"])
                assert "json" in formats and formats <= set(FORMAT_MEDIA), (method, path)
                assert media_types >= {FORMAT_MEDIA[f] for f in formats}, (method, path)
