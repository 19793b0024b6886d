"""The `yingshang` command: `token` mints what the service accepts; `serve` serves it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import httpx2
import jwt
import pytest
from typer.testing import CliRunner

from interface.cli import ROLE_SCOPES, VIEWS, app
from application.case_index import CaseFilter
from application.inspection_commands import CollectDemands, Enter
from domain.actor import Role
from infrastructure.tokens import TokenRevoked
from tests.builders import COORDINATOR, TEST_SECRET, Clock
from tests.conftest import open_services
from tests.test_case_index import some_history
from tests.test_inspection_service import DEMANDS, VISIT

runner = CliRunner()
ENV = {"YINGSHANG_TOKEN_SECRET": TEST_SECRET}
ROOT = Path(__file__).resolve().parents[1]


def child_env(**settings: str) -> dict[str, str]:
    """The environment of a `yingshang` child process: it imports the code under test, whatever
    its working directory."""
    return os.environ | ENV | settings | {"PYTHONPATH": str(ROOT)}


def mint(*args: str) -> str:
    result = runner.invoke(app, ["token", *args], env=ENV)
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


COORDINATOR_TOKEN = ("--role", "coordinator", "--org", "yshb", "--jurisdiction", "360121")


def test_token_prints_a_token_with_the_claims_of_api_md() -> None:
    token = mint("--role", "enterprise", "--org", "acme", "--jurisdiction", "360121",
                 "--credit-code", "91360121MA35ABCD04")  # fmt: skip
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience="yingshang-api")
    assert claims["role"] == "enterprise" and claims["jurisdiction"] == "360121"
    assert claims["credit_code"] == "91360121MA35ABCD04" and claims["exp"] > claims["iat"]


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "enterprise", "--org", "acme", "--jurisdiction", "360121"],
        ["--role", "mayor", "--org", "x", "--jurisdiction", "360121"],
        ["--role", "coordinator", "--org", "x", "--jurisdiction", "12"],
        ["--role", "system", "--org", "x", "--jurisdiction", "360121"],
    ],
)
def test_token_refuses_what_it_cannot_vouch_for(args: list[str]) -> None:
    result = runner.invoke(app, ["token", *args], env=ENV)
    assert result.exit_code != 0


def test_token_tells_its_jti_and_expiry_and_prints_the_token_last() -> None:
    result = runner.invoke(app, ["token", *COORDINATOR_TOKEN], env=ENV)
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience="yingshang-api")
    assert f"# jti {claims['jti']}" in result.stderr
    assert f"# expires {datetime.fromtimestamp(claims['exp'], timezone.utc).isoformat()}" in (
        result.stderr
    )
    assert claims["sub"] == "coordinator:yshb@360121"


def test_token_help_documents_every_role() -> None:
    assert set(ROLE_SCOPES) == set(Role) - {Role.SYSTEM}
    result = runner.invoke(app, ["token", "--help"], env=ENV, terminal_width=200)
    assert result.exit_code == 0, result.output
    for role in ROLE_SCOPES:
        assert f"{role.value} — " in result.stdout, role
    assert "revoke" in result.stdout


def test_token_revoke_round_trip(database_url: str, clock: Clock) -> None:
    env = ENV | {"YINGSHANG_DATABASE_URL": database_url}
    minted = runner.invoke(app, ["token", *COORDINATOR_TOKEN], env=env)
    token = minted.stdout.strip().splitlines()[-1]
    jti = next(line.split()[-1] for line in minted.stderr.splitlines() if line.startswith("# jti"))
    revoked = runner.invoke(
        app, ["token", "revoke", "--jti", jti, "--reason", "device lost", "--actor", "sun.hao"],
        env=env,
    )  # fmt: skip
    assert revoked.exit_code == 0, revoked.output
    assert f"revoked token {jti}" in revoked.stdout
    other = mint(*COORDINATOR_TOKEN)
    services = open_services(database_url, clock)
    try:
        with pytest.raises(TokenRevoked, match="device lost"):
            services.tokens.check(token)
        assert services.tokens.verify(other).actor.id == "coordinator:yshb@360121"
        by_subject = runner.invoke(app, ["token", "revoke", "--sub", "coordinator:yshb@360121"], env=env)
        assert by_subject.exit_code == 0, by_subject.output
        with pytest.raises(TokenRevoked):
            services.tokens.check(other)
    finally:
        services.close()
    for wrong in ([], ["--jti", jti, "--sub", "coordinator:yshb@360121"], ["--jti", " "]):
        assert runner.invoke(app, ["token", "revoke", *wrong], env=env).exit_code != 0
    pruned = runner.invoke(app, ["token", "prune"], env=env)
    assert pruned.exit_code == 0 and "pruned 0" in pruned.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[str]:
    """`yingshang serve` in a child process over the test's store; its base URL."""
    port = free_port()
    env = child_env(YINGSHANG_DATABASE_URL=database_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "interface.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "exited")
        try:
            httpx2.get(f"{base}/healthz", timeout=1)
            return
        except httpx2.TransportError:
            time.sleep(0.1)
    raise AssertionError("yingshang serve did not come up")


def test_serve_accepts_a_token_from_the_token_command(served: str) -> None:
    token = mint("--role", "coordinator", "--org", "yshb", "--jurisdiction", "360121")
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "enterprise": {"credit_code": "91360121MA35ABCD04", "name": "某公司"},
        "jurisdiction": "360121",
        "channel": "zhengqitong",
        "category": "financing",
        "summary": "贷款贴息未到位",
    }
    created = httpx2.post(f"{served}/api/v1/appeals", json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert created.json()["case_number"].startswith("SQ-360121-")
    written = {"min_position": created.headers["X-Log-Position"]}  # serve reads in the background
    listed = httpx2.get(f"{served}/api/v1/appeals", params=written, headers=headers)
    assert listed.json()["items"][0]["id"] == created.json()["id"]


def test_projections_verify_and_rebuild(database_url: str, clock: Clock) -> None:
    services = open_services(database_url, clock)
    some_history(services)
    env = ENV | {"YINGSHANG_DATABASE_URL": database_url}
    assert runner.invoke(app, ["projections", "verify"], env=env).exit_code == 0
    index = services.appeals.index.view
    with index.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"UPDATE {index.table} SET status = 'closed'")  # a tampered view
    tampered = runner.invoke(app, ["projections", "verify"], env=env)
    assert tampered.exit_code == 1 and "differs" in tampered.stdout
    rebuilt = runner.invoke(app, ["projections", "rebuild", "case_index"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert runner.invoke(app, ["projections", "verify"], env=env).exit_code == 0
    assert runner.invoke(app, ["projections", "rebuild", "nonsense"], env=env).exit_code != 0
    supervision = services.supervision.updater.view
    with supervision.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DELETE FROM {supervision.table}")  # a view that lost its rows
    lost = runner.invoke(app, ["projections", "verify", "supervision_list"], env=env)
    assert lost.exit_code == 1 and "missing" in lost.stdout
    rebuilt = runner.invoke(app, ["projections", "rebuild"], env=env)
    assert rebuilt.exit_code == 0 and "supervision_list: rebuilt" in rebuilt.stdout
    counts = services.reports.counts.view
    with counts.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"UPDATE {counts.sums_table} SET measures = '{{\"forged\": 1}}'")
    miscounted = runner.invoke(app, ["projections", "verify", "report_counts"], env=env)
    assert miscounted.exit_code == 1 and "sums of" in miscounted.stdout
    rebuilt = runner.invoke(app, ["projections", "rebuild", "report_counts"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    verified = runner.invoke(app, ["projections", "verify"], env=env)
    assert verified.exit_code == 0 and verified.stdout.count("equals a rebuild") == len(VIEWS)
    services.close()


def test_project_once_runs_the_policies_and_projections(database_url: str, clock: Clock) -> None:
    services = open_services(database_url, clock)
    visit = services.inspections.register(VISIT, COORDINATOR)
    services.inspections.execute(visit.id, Enter(), COORDINATOR)
    services.inspections.execute(visit.id, CollectDemands(demands=DEMANDS), COORDINATOR)
    env = ENV | {"YINGSHANG_DATABASE_URL": database_url}
    result = runner.invoke(app, ["project", "--once"], env=env)
    assert result.exit_code == 0, result.output
    index = services.appeals.index
    assert index.view.position() == services.store.recorder.max_notification_id()
    rows = index.view.select(CaseFilter(kind="appeal", limit=None))
    assert len(rows) == 2
    services.close()


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_project_follows_other_processes_woken_by_notify(
    database_url: str, clock: Clock, tmp_path: Path
) -> None:
    services = open_services(database_url, clock)
    quiet = child_env(YINGSHANG_DATABASE_URL=database_url, YINGSHANG_POLICY_INTERVAL_SECONDS="600")
    process = subprocess.Popen(
        [sys.executable, "-m", "interface.cli", "project"], env=quiet,
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None and b"following" in process.stdout.readline()
        index = services.appeals.index.view
        for _ in range(3):  # each save wakes it, the poll being ten minutes away
            visit = services.inspections.register(VISIT, COORDINATOR)
            head = services.store.last_position
            deadline = time.monotonic() + 5
            while index.position() < head and time.monotonic() < deadline:
                time.sleep(0.05)
            assert index.position() >= head, "the projector was not woken"
        assert visit.id in index.all_rows()
    finally:
        process.terminate()
        process.wait(timeout=10)
        services.close()


def test_the_permission_doc_is_the_table_the_services_check() -> None:
    printed = runner.invoke(app, ["permissions"])
    assert printed.exit_code == 0, printed.output
    doc = ROOT / "docs" / "permissions.md"
    assert printed.output == doc.read_text(encoding="utf-8"), "run: yingshang permissions > docs/permissions.md"
    assert "| appeal | resolve |  | ✓ |" in printed.output


@pytest.mark.parametrize(("switch", "background"), [([], True), (["--no-background"], False)])
def test_serve_runs_the_background_work_unless_told_not_to(
    switch: list[str], background: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import interface.http

    made: list[bool | None] = []

    def create_app(services: object, run_policies: bool | None = None) -> str:
        made.append(run_policies)
        return "the app"

    monkeypatch.setattr(interface.http, "create_app", create_app)
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port: None)
    env = ENV | {"YINGSHANG_DATABASE_URL": f"sqlite:///{tmp_path / 'y.db'}"}
    result = runner.invoke(app, ["serve", *switch], env=env)
    assert result.exit_code == 0, result.output
    assert made == [background]
    assert ("yingshang project" in result.stdout) is not background


@pytest.mark.parametrize(("configured", "inline"), [({}, False), ({"YINGSHANG_VIEWS": "inline"}, True)])
def test_serve_reads_from_the_views_as_they_stand_unless_configured_inline(
    configured: dict[str, str], inline: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import interface.http

    made: list[bool] = []
    monkeypatch.setattr(
        interface.http, "create_app",
        lambda services, run_policies=None: made.append(services.consistency.inline),
    )  # fmt: skip
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port: None)
    env = ENV | configured | {"YINGSHANG_DATABASE_URL": f"sqlite:///{tmp_path / 'y.db'}"}
    result = runner.invoke(app, ["serve"], env=env)
    assert result.exit_code == 0, result.output
    assert made == [inline]


def test_default_subjects_differ_between_offices() -> None:
    def subject(*args: str) -> str:
        token = mint(*args)
        return jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience="yingshang-api")["sub"]

    other_county = ("--role", "coordinator", "--org", "yshb", "--jurisdiction", "360122")
    enterprise = ("--role", "enterprise", "--org", "acme", "--jurisdiction", "360121")
    subjects = [
        subject(*COORDINATOR_TOKEN),
        subject(*other_county),
        subject(*enterprise, "--credit-code", "91360121MA35ABCD04"),
        subject(*enterprise, "--credit-code", "91350100M000100Y43"),
    ]
    assert subjects[:3] == [
        "coordinator:yshb@360121", "coordinator:yshb@360122", "enterprise:acme@360121/91360121MA35ABCD04"
    ]  # fmt: skip
    assert len(set(subjects)) == 4
    assert subject(*COORDINATOR_TOKEN, "--sub", "zhang.wei") == "zhang.wei"
