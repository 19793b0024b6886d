"""Signed checkpoints and proofs over HTTP, on both stores: an office signs on demand, an
auditor lists and reads them and fetches proofs that `yingshang audit verify-proof` checks
offline; unknown positions answer 404, bad ones 422, a service without its key 409."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from application.proofs import check_proof
from application.signatures import SignedCheckpoint
from infrastructure.bootstrap import Services
from infrastructure.signing_keys import write_key
from interface.cli import app
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, Clock, submission
from tests.conftest import open_services
from tests.http_cases import auth
from tests.test_audit_chain import history
from tests.test_audit_replay import ADMIN, FOREIGN_AUDITOR

AUDIT = "/api/v1/audit"


@pytest.fixture
def keyed(database_url: str, clock: Clock, tmp_path: Path) -> Iterator[tuple[TestClient, Services]]:
    write_key(tmp_path / "signing.pem")
    services = open_services(database_url, clock, signing_key_file=tmp_path / "signing.pem")
    history(services)
    with TestClient(create_app(services), raise_server_exceptions=False) as http:
        yield http, services
    services.close()


def call(http: TestClient, services: Services, method: str, path: str, who: Any = AUDITOR, **params: Any) -> Any:
    return http.request(method, AUDIT + path, params=params, headers=auth(services, who))


def test_an_office_signs_on_demand_and_an_auditor_proves_offline(
    keyed: tuple[TestClient, Services], tmp_path: Path
) -> None:
    http, services = keyed
    key = services.audit.signer.public_key()  # type: ignore[union-attr]
    assert call(http, services, "GET", "/checkpoints/latest").json()["code"] == "not_found"
    assert call(http, services, "GET", "/checkpoints").json() == []
    first = call(http, services, "POST", "/checkpoints", COORDINATOR)
    assert first.status_code == 201 and SignedCheckpoint(**first.json()).holds(key)
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    second = call(http, services, "POST", "/checkpoints", ADMIN).json()
    assert second["position"] > first.json()["position"]
    listed = call(http, services, "GET", "/checkpoints", FOREIGN_AUDITOR).json()  # the log is the store's
    assert listed == [first.json(), second] == [
        *(call(http, services, "GET", "/checkpoints").json()[:1]),
        call(http, services, "GET", "/checkpoints/latest").json(),
    ]
    consistency = call(http, services, "GET", "/proofs/consistency", since=first.json()["position"]).json()
    assert f"extends the one signed at position {first.json()['position']}" in check_proof(consistency, key)
    proof = call(http, services, "GET", f"/appeals/{appeal.id}/proof", version=1)
    assert proof.status_code == 200, proof.text
    (tmp_path / "proof.json").write_text(proof.text, encoding="utf-8")
    offline = CliRunner().invoke(app, ["audit", "verify-proof", str(tmp_path / "proof.json"), "--public-key", key])
    assert offline.exit_code == 0 and f"{appeal.id}" in offline.stdout


@pytest.mark.parametrize(
    ("method", "path", "who", "params", "status", "code"),
    [
        ("POST", "/checkpoints", AUDITOR, {}, 403, "forbidden"),  # auditors read, offices sign
        ("GET", "/proofs/consistency", AUDITOR, {"since": 999_999}, 404, "not_found"),
        ("GET", "/proofs/consistency", AUDITOR, {"until": 1}, 404, "not_found"),
        ("GET", "/proofs/consistency", AUDITOR, {"since": 0}, 422, "validation_error"),
        ("GET", "/appeals/{id}/proof", AUDITOR, {"version": 99}, 404, "not_found"),
        ("GET", "/appeals/{id}/proof", AUDITOR, {"version": 0}, 422, "validation_error"),
        ("GET", "/appeals/{id}/proof", FOREIGN_AUDITOR, {}, 404, "not_found"),
        ("GET", "/appeals/00000000-0000-0000-0000-000000000000/proof", AUDITOR, {}, 404, "not_found"),
    ],
)
def test_what_cannot_be_proved_answers_a_problem(  # noqa: PLR0913 - the case's parts
    keyed: tuple[TestClient, Services], method: str, path: str, who: Any, params: dict[str, Any], status: int,
    code: str,
) -> None:
    http, services = keyed
    appeal = services.appeals.submit(submission(), ENTERPRISE)
    services.audit.sign()
    answer = call(http, services, method, path.format(id=appeal.id), who, **params)
    assert answer.status_code == status and answer.json()["code"] == code, answer.text
    assert answer.headers["content-type"] == "application/problem+json"


def test_an_earlier_checkpoint_after_a_later_and_a_service_without_its_key_are_refused(
    keyed: tuple[TestClient, Services], database_url: str, clock: Clock
) -> None:
    http, services = keyed
    first = services.audit.sign()
    services.appeals.submit(submission(), ENTERPRISE)
    second = services.audit.sign()
    assert first is not None and second is not None
    backwards = call(http, services, "GET", "/proofs/consistency", since=second.position, until=first.position)
    assert backwards.status_code == 422 and "comes after" in backwards.json()["detail"]
    keyless = open_services(database_url, clock)
    try:
        with TestClient(create_app(keyless), raise_server_exceptions=False) as other:
            refused = call(other, keyless, "POST", "/checkpoints", COORDINATOR)
        assert refused.status_code == 409 and refused.json()["code"] == "no_signing_key"
    finally:
        keyless.close()
