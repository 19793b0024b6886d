"""At-rest encryption (`YINGSHANG_CIPHER_KEY`), on both stores: the stored bytes of the events
hold no plaintext, yet the service, the case list, the process policies, the seals and audit
packages work as before; a store is refused with another key or none, and a malformed key by
the settings. Without a key the same bytes do hold the plaintext, so the check means something.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError
from typer.testing import CliRunner

from application.appeal_commands import Assign, NoteProgress, Receive, Resolve
from application.audit_package import PackageScope, check_package
from application.case_index import CaseFilter
from application.inspection_commands import CollectDemands, Enter
from application.visit_demands import appeal_id_for
from domain.actor import Actor, Role
from domain.appeal import Appeal, HandlingLevel, Outcome
from domain.enterprise import Contact, Enterprise
from infrastructure.bootstrap import Services
from infrastructure.encryption import UnreadableLog, new_key, package_cipher
from infrastructure.settings import Settings
from interface.cli import app
from interface.http import create_app
from tests.builders import ACME, COORDINATOR, ENTERPRISE, HANDLER, TEST_SECRET, Clock, submission
from tests.conftest import open_services
from tests.test_audit_chain import RawLog
from tests.test_inspection_service import DEMANDS, VISIT

KEY, OTHER_KEY = new_key(), new_key()
NAME, CONTACT, PHONE, SUMMARY = "南昌张三科技有限公司", "张三", "13800138000", "用地审批超期未办"
OPERATOR = Actor("zhao.lei", Role.AUDITOR, "command-line")
runner = CliRunner()


@pytest.fixture
def encrypted(database_url: str, clock: Clock) -> Iterator[Services]:
    """The services over a fresh store that encrypts with KEY."""
    opened = open_services(database_url, clock, cipher_key=KEY)
    yield opened
    opened.close()


def handled(services: Services, clock: Clock) -> Appeal:
    """An appeal naming 张三 and his phone, taken from intake to resolution."""
    intake = submission(enterprise=Enterprise(ACME, NAME), contact=Contact(CONTACT, PHONE), summary=SUMMARY)
    appeal = services.appeals.submit(intake, ENTERPRISE)
    for step, actor in [
        (Receive(), COORDINATOR),
        (Assign(department="scjgj", level=HandlingLevel.COUNTY, deadline=date(2026, 3, 20)), COORDINATOR),
        (NoteProgress(note=f"已电话联系{CONTACT}"), HANDLER),
        (Resolve(outcome=Outcome.SOLVED, resolution=f"已书面答复{NAME}"), HANDLER),
    ]:
        clock.advance(hours=1)
        appeal = services.appeals.execute(appeal.id, step, actor)
    return appeal


def plaintexts(appeal: Appeal) -> dict[str, list[bytes]]:
    """Each secret with the forms it could be stored in: UTF-8, and JSON's \\uXXXX escapes."""
    texts = [NAME, CONTACT, PHONE, SUMMARY, ACME.value, appeal.case_number, "occurred_at"]
    return {text: list(dict.fromkeys([text.encode(), json.dumps(text)[1:-1].encode()])) for text in texts}


def stored_states(services: Services) -> list[bytes]:
    """The `state` column of every stored event, read with SQL as the database holds it."""
    raw = RawLog(services)
    return [bytes(row["state"]) for row in raw.execute(f"SELECT state FROM {raw.events}")]


def test_the_stored_events_hold_no_plaintext(encrypted: Services, clock: Clock) -> None:
    appeal = handled(encrypted, clock)
    states = stored_states(encrypted)
    assert len(states) >= appeal.version
    leaks = [text for text, forms in plaintexts(appeal).items() for form in forms for state in states if form in state]
    assert leaks == []


def test_without_a_key_the_stored_events_hold_the_plaintext(services: Services, clock: Clock) -> None:
    appeal = handled(services, clock)
    states = stored_states(services)
    missing = [
        text for text, forms in plaintexts(appeal).items()
        if not any(form in state for form in forms for state in states)
    ]  # fmt: skip
    assert missing == []


def test_an_encrypted_case_reads_back_lists_and_verifies(encrypted: Services, clock: Clock) -> None:
    appeal = handled(encrypted, clock)
    again = encrypted.appeals.get(appeal.id, COORDINATOR)
    assert (again.enterprise.name, again.contact, again.summary) == (NAME, Contact(CONTACT, PHONE), SUMMARY)
    assert again.version == appeal.version == 5 and again.resolution == f"已书面答复{NAME}"
    rows = [row for _, row in encrypted.appeals.list(CaseFilter(), COORDINATOR).rows]
    assert [(row.id, row.enterprise_name, row.status) for row in rows] == [(appeal.id, NAME, "resolved")]
    assert all(view.differences() == [] for view in encrypted.views.values())
    assert encrypted.audit.verify(OPERATOR).holds
    with TestClient(create_app(encrypted)) as http:
        answer = http.get(
            f"/api/v1/appeals/{appeal.id}",
            headers={"Authorization": f"Bearer {encrypted.tokens.mint(COORDINATOR)}"},
        )
    assert answer.status_code == 200 and answer.json()["enterprise"]["name"] == NAME


def test_the_process_policies_read_encrypted_events(encrypted: Services) -> None:
    visit = encrypted.inspections.register(VISIT, COORDINATOR)
    encrypted.inspections.execute(visit.id, Enter(), COORDINATOR)
    encrypted.inspections.execute(visit.id, CollectDemands(demands=DEMANDS), COORDINATOR)
    encrypted.visit_demands.catch_up()
    assert len(encrypted.appeals.list(CaseFilter(), COORDINATOR).rows) == len(DEMANDS)
    made = encrypted.appeals.get(appeal_id_for(visit.id, 1), COORDINATOR)
    assert made.visit_id == visit.id and made.summary == DEMANDS[0].summary


def test_an_encrypted_package_verifies_with_its_key_only(encrypted: Services, clock: Clock) -> None:
    appeal = handled(encrypted, clock)
    lines = encrypted.audit.export(OPERATOR, PackageScope(case_id=appeal.id))
    stored = [base64.b64decode(json.loads(line)["state"]) for line in lines[1:-1]]  # the last line is the seal
    assert len(stored) == 5 and not any(PHONE.encode() in state for state in stored)
    verdict = check_package(lines, cipher=package_cipher(SecretStr(KEY)))
    assert verdict.holds and verdict.checked == 5
    for cipher, why in [(None, "no key was given"), (package_cipher(SecretStr(OTHER_KEY)), "does not decrypt")]:
        failure = check_package(lines, cipher=cipher).failure
        assert failure is not None and failure.problem == "unreadable" and why in failure.detail


def test_the_commands_read_an_encrypted_store_and_package_with_the_key(
    encrypted: Services, clock: Clock, database_url: str, tmp_path: Path
) -> None:
    appeal = handled(encrypted, clock)
    env = {"YINGSHANG_DATABASE_URL": database_url, "YINGSHANG_TOKEN_SECRET": TEST_SECRET, "YINGSHANG_CIPHER_KEY": KEY}
    package = tmp_path / "case.jsonl"
    written = runner.invoke(app, ["audit", "export", "--case", str(appeal.id), "--output", str(package)], env=env)
    assert written.exit_code == 0 and "：5 个事件" in written.stdout
    assert runner.invoke(app, ["audit", "verify-package", str(package)], env=env).exit_code == 0
    for key, said in [(None, "no key was given"), (OTHER_KEY, "does not decrypt")]:
        checked = runner.invoke(app, ["audit", "verify-package", str(package)], env=env | {"YINGSHANG_CIPHER_KEY": key})
        assert checked.exit_code == 1 and "（unreadable）" in checked.output and said in checked.output
        assert "请将 YINGSHANG_CIPHER_KEY 设为" in checked.output
        assert isinstance(checked.exception, SystemExit)  # an exit with a message, not a crash
    for key, said in [(None, "are encrypted"), (OTHER_KEY, "another key")]:
        refused = runner.invoke(app, ["audit", "verify"], env=env | {"YINGSHANG_CIPHER_KEY": key})
        assert refused.exit_code == 1 and said in refused.output and isinstance(refused.exception, SystemExit)


def test_a_store_is_refused_with_another_key_or_none(database_url: str, clock: Clock) -> None:
    first = open_services(database_url, clock, cipher_key=KEY)
    handled(first, clock)
    first.close()
    with pytest.raises(UnreadableLog, match="written with another key"):
        open_services(database_url, clock, cipher_key=OTHER_KEY)
    with pytest.raises(UnreadableLog, match="are encrypted: set YINGSHANG_CIPHER_KEY"):
        open_services(database_url, clock)
    open_services(database_url, clock, cipher_key=KEY).close()


def test_a_plain_store_is_refused_with_a_key(services: Services, database_url: str, clock: Clock) -> None:
    handled(services, clock)
    with pytest.raises(UnreadableLog, match="not encrypted, but YINGSHANG_CIPHER_KEY is set"):
        open_services(database_url, clock, cipher_key=KEY)


def test_the_settings_decide_not_a_stray_environment_variable(
    monkeypatch: pytest.MonkeyPatch, database_url: str, clock: Clock
) -> None:
    # the library would read YINGSHANG_CIPHER_KEY itself, as the store's prefixed CIPHER_KEY
    monkeypatch.setenv("YINGSHANG_CIPHER_KEY", KEY)
    monkeypatch.setenv("CIPHER_KEY", KEY)
    services = open_services(database_url, clock, cipher_key=None)
    try:
        appeal = handled(services, clock)
        assert any(PHONE.encode() in state for state in stored_states(services))
        assert services.appeals.get(appeal.id, COORDINATOR).contact.phone == PHONE
    finally:
        services.close()


@pytest.mark.parametrize(
    ("key", "said"),
    [("not base64!", "is not base64"), ("YWJj", "holds 3 bytes, AES takes 16, 24, 32"), ("", "holds 0 bytes")],
)
def test_a_malformed_key_is_refused_by_the_settings(key: str, said: str) -> None:
    with pytest.raises(ValidationError, match=said) as refused:
        Settings(cipher_key=key, _env_file=None)
    assert "yingshang cipher-key" in str(refused.value) and (not key or key not in str(refused.value))


def test_cipher_key_prints_a_fresh_key_the_settings_take() -> None:
    made = [runner.invoke(app, ["cipher-key"]) for _ in range(2)]
    keys = [result.stdout.strip().splitlines()[-1] for result in made]
    assert all(result.exit_code == 0 for result in made) and keys[0] != keys[1]
    assert len(base64.b64decode(keys[0], validate=True)) == 32
    assert Settings(cipher_key=keys[0], _env_file=None).cipher_key.get_secret_value() == keys[0]
    assert "never in the repository" in made[0].stderr
