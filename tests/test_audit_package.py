"""Audit packages: exported from either store, they verify offline; tampered, they do not.
And the `yingshang audit` commands that write and check them."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from application.audit_package import PackageScope, check_package
from application.seals import Checkpoint
from domain.actor import Actor, Role
from domain.appeal import Appeal
from domain.enterprise import Enterprise
from infrastructure.bootstrap import Services
from interface.cli import app
from tests.builders import ACME, AUDITOR, COORDINATOR, OTHER_ENTERPRISE, TEST_SECRET, Clock, submission
from tests.test_audit_chain import RawLog
from tests.test_audit_replay import handled_appeal

OPERATOR = Actor("zhao.lei", Role.AUDITOR, "command-line")
runner = CliRunner()


@pytest.fixture
def exported(services: Services, clock: Clock) -> list[str]:
    handled_appeal(services, clock)
    appeal = handled_appeal(services, clock)
    return services.audit.export(OPERATOR, PackageScope(case_id=appeal.id))


def edited(lines: list[str], index: int, **changes: object) -> list[str]:
    record = json.loads(lines[index]) | changes
    return [*lines[:index], json.dumps(record, ensure_ascii=False), *lines[index + 1 :]]


def test_a_case_package_verifies_offline(exported: list[str]) -> None:
    header = json.loads(exported[0])
    assert header["scope"]["kind"] == "case" and header["events"] == 4 == len(exported) - 2
    assert json.loads(exported[4])["payload"]["resolution"] == "已办结"
    verdict = check_package(exported)
    assert verdict.holds and verdict.checked == 4


def test_an_enterprise_package_holds_its_cases_only(services: Services, clock: Clock) -> None:
    handled_appeal(services, clock)
    other = submission(enterprise=Enterprise(OTHER_ENTERPRISE, "他厂"))
    services.appeals.submit(other, COORDINATOR)
    lines = services.audit.export(OPERATOR, PackageScope(credit_code=ACME.value))
    submitted = [json.loads(line) for line in lines[1:-1] if json.loads(line)["event"] == "Appeal.Submitted"]
    assert len(lines) == 6 and [r["payload"]["enterprise"]["credit_code"] for r in submitted] == [ACME.value]
    assert check_package(lines).holds


def test_a_window_package_is_a_contiguous_stretch_of_the_log(services: Services, clock: Clock) -> None:
    appeal = handled_appeal(services, clock)
    recorded = services.audit.events(AUDITOR, Appeal, appeal.id).events
    start, end = recorded[1].recorded_at, recorded[-1].recorded_at + timedelta(microseconds=1)
    lines = services.audit.export(OPERATOR, PackageScope(start=start, end=end))
    positions = [json.loads(line)["position"] for line in lines[1:-1]]
    assert positions == list(range(recorded[1].position, recorded[-1].position + 1))
    assert check_package(lines).holds
    head = Checkpoint(positions[-1], json.loads(lines[-2])["log_digest"])
    assert check_package(lines, head).holds  # the package reaches a recorded checkpoint
    assert check_package(lines, Checkpoint(head.position, "sm3:00")).failure.problem == "checkpoint_mismatch"
    assert check_package(lines, Checkpoint(1, "sm3:00")).failure.problem == "checkpoint_absent"


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        (lambda lines: edited(lines, 4, payload=json.loads(lines[4])["payload"] | {"resolution": "未办"}), "altered"),
        (lambda lines: edited(lines, 3, actor={"id": "someone", "role": "coordinator", "org": "yshb"}), "altered"),
        (lambda lines: edited(lines, 2, state=_flip(json.loads(lines[2])["state"])), "altered"),
        (lambda lines: lines[:2] + lines[3:], "deleted"),
        (lambda lines: [*lines[:-2], lines[-1]], "deleted"),
        (lambda lines: lines[:-1], "deleted"),
        (lambda lines: [lines[0], lines[1], lines[3], lines[2], *lines[4:]], "reordered"),
        (lambda lines: [lines[0], "{not json", *lines[1:]], "added"),
        (lambda lines: [*lines[:-1], lines[2], lines[-1]], "added"),
        (lambda lines: ["{}", *lines[1:]], "malformed"),
        (lambda lines: edited(lines, 0, exported_by={"id": "someone", "role": "auditor", "org": "x"}), "header_altered"),
        (lambda lines: edited(lines, 0, log_head="1:sm3:00"), "header_altered"),
        (lambda lines: edited(lines, len(lines) - 1, package_digest="sm3:00"), "altered"),
    ],
    ids=["payload", "actor", "stored-byte", "middle-line", "last-event", "seal-line", "swap", "garbage",
         "duplicate", "header", "exporter", "log-head", "seal-edited"],
)
def test_a_tampered_package_does_not_verify(exported: list[str], tamper, problem: str) -> None:  # noqa: ANN001
    verdict = check_package(tamper(exported))
    assert not verdict.holds and verdict.failure.problem == problem


def _flip(encoded: str) -> str:
    state = bytearray(base64.b64decode(encoded))
    state[10] ^= 0x01
    return base64.b64encode(bytes(state)).decode()


def test_the_audit_commands_verify_checkpoint_export_and_check_offline(
    services: Services, clock: Clock, database_url: str, tmp_path: Path
) -> None:
    appeal = handled_appeal(services, clock)
    env = {"YINGSHANG_DATABASE_URL": database_url, "YINGSHANG_TOKEN_SECRET": TEST_SECRET}
    checkpoint = runner.invoke(app, ["audit", "checkpoint", "--actor", "zhao.lei"], env=env)
    assert checkpoint.exit_code == 0, checkpoint.output
    mark = checkpoint.stdout.strip()
    verified = runner.invoke(app, ["audit", "verify", "--checkpoint", mark], env=env)
    assert verified.exit_code == 0 and "校验通过" in verified.stdout
    package = tmp_path / "case.jsonl"
    written = runner.invoke(app, ["audit", "export", "--case", str(appeal.id), "--output", str(package)], env=env)
    assert written.exit_code == 0 and "：4 个事件" in written.stdout
    offline = {"YINGSHANG_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}  # no database
    assert runner.invoke(app, ["audit", "verify-package", str(package)], env=offline).exit_code == 0
    lines = package.read_text(encoding="utf-8").splitlines()
    package.write_text("\n".join(edited(lines, 1, occurred_at="2026-01-01T00:00:00+08:00")) + "\n", encoding="utf-8")
    tampered = runner.invoke(app, ["audit", "verify-package", str(package)], env=offline)
    assert tampered.exit_code == 1 and "position" in tampered.output
    RawLog(services).delete(3)
    broken = runner.invoke(app, ["audit", "verify"], env=env)
    assert broken.exit_code == 1 and "校验未通过：位置 3（deleted）" in broken.output
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", "nonsense"], env=env).exit_code == 2
    assert runner.invoke(app, ["audit", "export", "--output", str(package)], env=env).exit_code == 2
