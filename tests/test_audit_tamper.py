"""The tamper matrix on both stores, with the service's signing key: every way someone with
write access to the database can change the log is caught by `verify` alone, and named, with
no checkpoint brought by the caller (the service signed its own)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from application.audit_package import PackageScope, check_package
from application.audit_service import AuditService
from application.package_seal import seal_line
from application.proofs import check_proof
from application.seal_check import Failure
from application.seals import preferred_hash, seal, tag_of
from domain.errors import InvalidValue
from infrastructure.bootstrap import Services
from infrastructure.signing_keys import write_key
from interface.cli import app
from tests.builders import AUDITOR, TEST_SECRET, Clock
from tests.conftest import open_services
from tests.test_audit_chain import RawLog, forge_seals_from, history

runner = CliRunner()


@pytest.fixture
def keyed(database_url: str, clock: Clock, tmp_path: Path) -> Iterator[tuple[Services, RawLog]]:
    """A history, then a checkpoint the service signed of it, then more history."""
    key = tmp_path / "signing.pem"
    write_key(key)
    services = open_services(database_url, clock, signing_key_file=key)
    history(services)
    services.audit.sign()
    history(services)
    yield services, RawLog(services)
    services.close()


def last(raw: RawLog) -> int:
    return max(row["position"] for row in raw.execute(f"SELECT position FROM {raw.seals}"))


def signed_head(services: Services) -> int:
    return services.store.recorder.select_checkpoints()[-1].position  # type: ignore[attr-defined]


def delete_with_seal(raw: RawLog, position: int) -> None:
    raw.delete(position, with_seal=True)
    raw.execute(f"DELETE FROM {raw.recorder.tags_table} WHERE position = ?", position)


def cut_from(raw: RawLog, position: int) -> None:
    """Delete every event from `position` on with its seal and tag: a clean cut."""
    for each in range(position, last(raw) + 1):
        delete_with_seal(raw, each)


def flip_a_byte(raw: RawLog, position: int) -> None:
    state = bytearray(raw.row(position)["state"])
    state[len(state) // 2] ^= 0x01
    raw.set_state(position, bytes(state))


def swap(raw: RawLog, first: int, second: int) -> None:
    raw.move(first, -1)
    raw.move(second, first)
    raw.move(-1, second)


def insert_event(raw: RawLog, like: int) -> int:
    """A row copied from position `like` as a new version of its case, at the log's end."""
    row = raw.row(like)
    raw.execute(
        f"INSERT INTO {raw.events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
        row["originator_id"], 99, row["topic"], row["state"],
    )  # fmt: skip
    return int(raw.execute(f"SELECT MAX({raw.position}) AS p FROM {raw.events}")[0]["p"])


def forge_append(raw: RawLog, like: int, key: bytes | None = None) -> int:
    """Append an event with its seal computed as the store computes it (and a tag made with
    `key`, a key that is not the service's)."""
    position = insert_event(raw, like)
    before = raw.execute(f"SELECT position, log_digest FROM {raw.seals} ORDER BY position DESC LIMIT 1")[0]
    row = raw.row(position)
    case_id = UUID(str(row["originator_id"]))
    case = raw.execute(f"SELECT case_digest FROM {raw.seals} WHERE case_id = ? ORDER BY version DESC LIMIT 1",
                       str(case_id))[0]["case_digest"]  # fmt: skip
    made = seal(preferred_hash(), position, case_id, 99, row["topic"], bytes(row["state"]), before["log_digest"], case)
    raw.execute(
        f"INSERT INTO {raw.seals} (position, case_id, version, event_digest, case_digest, log_digest) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        position, str(case_id), 99, made.event_digest, made.case_digest, made.log_digest,
    )  # fmt: skip
    if key is not None:
        raw.execute(f"INSERT INTO {raw.recorder.tags_table} (position, previous, tag) VALUES (?, ?, ?)",
                    position, before["position"], tag_of(key, position, before["position"], made.log_digest))  # fmt: skip
    return position


def rewrite_from(raw: RawLog, position: int, drop_tags: bool = False) -> int:
    """Change a payload and recompute every seal from it on, as a forger who knows the code."""
    raw.set_state(position, raw.row(position)["state"].replace(b"\xe6\x96\xbd", b"\xe6\x9c\xaa"))
    forge_seals_from(raw, 1)
    if drop_tags:
        raw.execute(f"DELETE FROM {raw.recorder.tags_table}")
    return position


def two_missing(raw: RawLog) -> str:
    """How positions 5 and 6, removed with their seals, are named: exactly on SQLite, whose
    positions leave no gaps; on PostgreSQL, which may leave one unused, as what can be known."""
    if not raw.recorder.gaps:
        return "the events at positions 5–6 are missing with their seals"
    return "the event at position 6 is missing with its seal, and position 5 holds no event either"


def _named(failure: Failure | None, problem: str, position: int) -> str:
    assert failure is not None, f"{problem} at {position} went unseen"
    assert (failure.problem, failure.position) == (problem, position), failure
    return failure.detail


Tamper = Callable[[Services, RawLog], tuple[str, int, str]]  # → problem, position, words in the detail

CASES: dict[str, Tamper] = {
    "a changed byte": lambda s, raw: (flip_a_byte(raw, 5), ("altered", 5, "stored bytes"))[1],
    "a middle event deleted": lambda s, raw: (raw.delete(5), ("deleted", 5, "no longer in the log"))[1],
    "a middle event deleted with its seal": lambda s, raw: (
        delete_with_seal(raw, 5), ("deleted", 6, "position 5 is missing"))[1],
    "two middle events deleted with their seals": lambda s, raw: (
        delete_with_seal(raw, 5), delete_with_seal(raw, 6), ("deleted", 7, two_missing(raw)))[2],
    "the last event deleted": lambda s, raw: (lambda p: (raw.delete(p), ("deleted", p, "no longer"))[1])(last(raw)),
    "the tail deleted with its seals": lambda s, raw: (lambda p: (
        cut_from(raw, p), ("truncated", p, "removed from its end"))[1])(signed_head(s)),
    "two events swapped": lambda s, raw: (swap(raw, 3, 6), ("reordered", 3, "sealed for case"))[1],
    "an event inserted without a seal": lambda s, raw: (lambda p: ("unsealed", p, "no seal"))(insert_event(raw, 3)),
    "a forged append with its seal recomputed": lambda s, raw: (lambda p: ("forged", p, "no tag"))(
        forge_append(raw, 3)),
    "a forged append tagged with another key": lambda s, raw: (lambda p: ("rewritten", p, "tag"))(
        forge_append(raw, 3, key=b"k" * 32)),
    "every seal rewritten": lambda s, raw: (rewrite_from(raw, 3), ("rewritten", 3, "without the service's key"))[1],
    "every seal rewritten and the tags removed": lambda s, raw: (
        rewrite_from(raw, 3, drop_tags=True), ("forged", 1, "no tag"))[1],
    "a signed checkpoint edited": lambda s, raw: (raw.execute(
        f"UPDATE {raw.recorder.checkpoints_table} SET size = size + 1"), ("bad_signature", signed_head(s), "signed"))[1],
}  # fmt: skip


@pytest.mark.parametrize("checked", ["in order", "on every core"])
@pytest.mark.parametrize("tamper", CASES, ids=list(CASES))
def test_every_tampering_is_caught_and_named_without_a_checkpoint_from_the_caller(
    keyed: tuple[Services, RawLog], tamper: str, checked: str
) -> None:
    services, raw = keyed
    audit = on_every_core(services) if checked == "on every core" else services.audit
    assert audit.verify(AUDITOR).holds
    problem, position, words = CASES[tamper](services, raw)
    detail = _named(audit.verify(AUDITOR).failure, problem, position)
    assert words in detail


def on_every_core(services: Services) -> AuditService:
    """The audit of `services`, checking a range of 4 positions in each process, as it does a
    long log's ranges on a machine of several cores."""
    services.audit.parallel_from, services.audit.parallel_range = 1, 4
    return services.audit


def test_an_event_stored_as_text_is_named_altered_both_ways(clock: Clock, tmp_path: Path) -> None:
    """SQLite lets the events' column hold text where the service wrote bytes (PostgreSQL's
    bytea does not): the check names the event, in order and on every core, and never fails."""
    key = tmp_path / "signing.pem"
    write_key(key)
    services = open_services(f"sqlite:///{tmp_path / 'yingshang.db'}", clock, signing_key_file=key)
    try:
        history(services)
        raw = RawLog(services)
        raw.execute(f"UPDATE {raw.events} SET state = CAST(state AS TEXT) || ' ' WHERE {raw.position} = ?", 3)
        _named(services.audit.verify(AUDITOR).failure, "altered", 3)
        _named(on_every_core(services).verify(AUDITOR).failure, "altered", 3)
    finally:
        services.close()


def test_a_log_checked_on_every_core_holds_as_it_does_in_order(keyed: tuple[Services, RawLog]) -> None:
    services, _ = keyed
    in_order = services.audit.verify(AUDITOR)
    at_once = on_every_core(services).verify(AUDITOR)
    assert at_once.holds and in_order.holds
    assert at_once.checked == in_order.checked + 1  # the first verify is in the log
    assert (at_once.signed, at_once.tagged_from) == (in_order.signed, in_order.tagged_from)


def test_without_the_key_the_signed_checkpoints_still_catch_a_rewrite_and_a_cut(
    keyed: tuple[Services, RawLog], database_url: str, clock: Clock
) -> None:
    services, raw = keyed
    reader = open_services(database_url, clock)  # an auditor's process: no signing key
    try:
        mark = signed_head(services)
        rewrite_from(raw, 3, drop_tags=True)
        _named(reader.audit.verify(AUDITOR).failure, "checkpoint_mismatch", mark)
        cut_from(raw, mark)
        _named(reader.audit.verify(AUDITOR).failure, "truncated", mark)
    finally:
        reader.close()


def test_a_published_checkpoint_is_checked_for_its_signature_and_that_the_log_extends_it(
    keyed: tuple[Services, RawLog], tmp_path: Path
) -> None:
    services, raw = keyed
    published = services.store.recorder.select_checkpoints()[-1]  # type: ignore[attr-defined]
    assert services.audit.verify(AUDITOR, published).holds
    forged = replace(published, position=published.position + 1, log_digest=raw_digest(raw, published.position + 1))
    detail = _named(services.audit.verify(AUDITOR, forged).failure, "bad_signature", forged.position)
    assert "published checkpoint" in detail
    package = services.audit.export(AUDITOR.actor, PackageScope(start=datetime(2020, 1, 1, tzinfo=UTC),
                                                                end=datetime(2100, 1, 1, tzinfo=UTC)))  # fmt: skip
    assert check_package(package, published).holds
    _named(check_package(package, forged).failure, "bad_signature", forged.position)
    services.store.recorder.insert_checkpoint(forged)  # type: ignore[attr-defined]
    _named(services.audit.verify(AUDITOR).failure, "bad_signature", forged.position)  # kept forged: named too
    raw.execute(f"DELETE FROM {raw.recorder.checkpoints_table}")  # the kept ones gone, the published one remains
    cut_from(raw, published.position)
    detail = _named(services.audit.verify(AUDITOR, published).failure, "truncated", published.position)
    assert "the published checkpoint signed at" in detail


def raw_digest(raw: RawLog, position: int) -> str:
    return str(raw.execute(f"SELECT log_digest FROM {raw.seals} WHERE position = ?", position)[0]["log_digest"])


def test_a_signed_package_refuses_a_resealed_edit_and_another_key(keyed: tuple[Services, RawLog]) -> None:
    services, _ = keyed
    lines = services.audit.export(AUDITOR.actor, PackageScope(start=datetime(2020, 1, 1, tzinfo=UTC),
                                                              end=datetime(2100, 1, 1, tzinfo=UTC)))  # fmt: skip
    key = services.audit.signer.public_key()  # type: ignore[union-attr]
    assert check_package(lines, public_key=key).holds
    header = json.loads(lines[0]) | {"events": len(lines) - 3, "exported_by": {"id": "someone"}}
    cut = [json.dumps(header, ensure_ascii=False), *lines[1:-2]]  # the last event dropped, the header adjusted
    forged = json.loads(lines[-1]) | json.loads(seal_line(cut, [0, *(json.loads(line)["position"] for line in cut[1:])], None))
    verdict = check_package([*cut, json.dumps(forged)], public_key=key)
    assert verdict.failure is not None and verdict.failure.problem == "bad_signature"
    assert check_package(lines, public_key="ed25519:" + "A" * 43 + "=").failure.problem == "bad_signature"  # type: ignore[union-attr]


def test_inclusion_and_consistency_proofs_verify_offline_and_fail_once_changed(keyed: tuple[Services, RawLog]) -> None:
    services, _ = keyed
    earlier = signed_head(services)
    later = services.audit.sign()
    assert later is not None
    key = services.audit.signer.public_key()  # type: ignore[union-attr]
    for position in (1, 3, later.position):
        proof = json.loads(json.dumps(services.audit.prove_inclusion(AUDITOR, position)))  # as written to a file
        assert f"(position {position}) is in the log signed at position {later.position}" in check_proof(proof, key)
    state = bytearray(base64.b64decode(proof["state"]))
    state[5] ^= 0x01
    with pytest.raises(InvalidValue, match="not those sealed"):
        check_proof(proof | {"state": base64.b64encode(bytes(state)).decode()}, key)
    with pytest.raises(InvalidValue, match="not in the tree"):
        check_proof(proof | {"leaf_index": 0}, key)
    consistency = services.audit.prove_consistency(AUDITOR, earlier)
    assert f"extends the one signed at position {earlier}" in check_proof(consistency, key)
    with pytest.raises(InvalidValue, match="does not extend"):
        check_proof(consistency | {"path": ["00" * 32, *consistency["path"][1:]]}, key)
    with pytest.raises(InvalidValue, match="pinned key"):
        check_proof(consistency, "ed25519:" + "A" * 43 + "=")


def test_an_empty_log_is_not_signed_and_verifies(database_url: str, clock: Clock, tmp_path: Path) -> None:
    write_key(tmp_path / "signing.pem")
    services = open_services(database_url, clock, signing_key_file=tmp_path / "signing.pem")
    try:
        assert services.audit.sign() is None and not services.audit.signed_checkpoints(AUDITOR)
        assert services.audit.verify(AUDITOR).holds
    finally:
        services.close()


def test_the_background_work_signs_checkpoints_at_its_interval(database_url: str, clock: Clock, tmp_path: Path) -> None:
    key = tmp_path / "signing.pem"
    write_key(key)
    services = open_services(database_url, clock, signing_key_file=key, checkpoint_interval_seconds=0.05)
    background = services.background(run_policies=True)
    try:
        history(services)
        background.start()
        deadline = time.monotonic() + 10
        while not services.audit.signed_checkpoints(AUDITOR) and time.monotonic() < deadline:
            time.sleep(0.05)
        signed = services.audit.signed_checkpoints(AUDITOR)
        assert signed and signed[-1].holds(services.audit.signer.public_key())  # type: ignore[union-attr]
    finally:
        background.stop()
        services.close()


def test_the_commands_make_a_key_sign_prove_and_check_offline(database_url: str, tmp_path: Path) -> None:
    key, proof, package = tmp_path / "signing.pem", tmp_path / "proof.json", tmp_path / "package.jsonl"
    made = runner.invoke(app, ["audit", "keygen", str(key)])
    assert made.exit_code == 0 and runner.invoke(app, ["audit", "keygen", str(key)]).exit_code == 1  # never overwritten
    public_key = made.stdout.split("公钥：")[1].split()[0]
    env = {"YINGSHANG_DATABASE_URL": database_url, "YINGSHANG_TOKEN_SECRET": TEST_SECRET,
           "YINGSHANG_SIGNING_KEY_FILE": str(key)}  # fmt: skip
    signed = runner.invoke(app, ["audit", "checkpoint"], env=env)
    assert signed.exit_code == 0 and json.loads(signed.stdout.splitlines()[1])["public_key"] == public_key
    assert runner.invoke(app, ["audit", "prove", "--position", "1", "--output", str(proof)], env=env).exit_code == 0
    offline = {"YINGSHANG_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    checked = runner.invoke(app, ["audit", "verify-proof", str(proof), "--public-key", public_key], env=offline)
    assert checked.exit_code == 0 and "(position 1) is in the log" in checked.stdout
    other = runner.invoke(app, ["audit", "verify-proof", str(proof), "--public-key", "ed25519:" + "A" * 43 + "="])
    assert other.exit_code == 1
    assert runner.invoke(app, ["audit", "verify", "--public-key", public_key], env=env).exit_code == 0
    published = signed.stdout.splitlines()[1]  # as printed in a brief: compared even if the table were emptied
    assert runner.invoke(app, ["audit", "verify", "--checkpoint", published], env=env).exit_code == 0
    forged = published.replace('"signed_at": "', '"signed_at": "1')
    refused = runner.invoke(app, ["audit", "verify", "--checkpoint", forged], env=env)
    assert refused.exit_code == 1 and "bad_signature" in refused.output and "published checkpoint" in refused.output
    written = runner.invoke(app, ["audit", "export", "--from", "2000-01-01T00:00+08:00", "--to",
                                  "2999-01-01T00:00+08:00", "--output", str(package)], env=env)  # fmt: skip
    assert written.exit_code == 0, written.output
    assert runner.invoke(app, ["audit", "verify-package", str(package), "--public-key", public_key],
                         env=offline).exit_code == 0  # fmt: skip


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_tampering_is_caught_at_its_position_and_undone_holds_again(
    keyed: tuple[Services, RawLog], data: st.DataObject
) -> None:
    services, raw = keyed
    positions = list(range(1, signed_head(services)))  # the first history's: the log grows as it is verified
    position = data.draw(st.sampled_from(positions), "position")
    kind = data.draw(st.sampled_from(["byte", "delete", "swap"]), "kind")
    row = raw.row(position)
    if kind == "byte":
        offset = data.draw(st.integers(0, 10**6), "offset")
        state = bytearray(row["state"])
        state[offset % len(state)] ^= 0x01
        raw.set_state(position, bytes(state))
        expected, problem = position, "altered"
    elif kind == "delete":
        raw.delete(position)
        expected, problem = position, "deleted"
    else:
        other = data.draw(st.sampled_from([p for p in positions if p != position]), "other")
        swap(raw, position, other)
        expected, problem = min(position, other), "reordered"
    _named(services.audit.verify(AUDITOR).failure, problem, expected)
    if kind == "byte":
        raw.set_state(position, bytes(row["state"]))
    elif kind == "delete":
        raw.execute(f"INSERT INTO {raw.events} ({raw.position}, originator_id, originator_version, topic, state) "
                    "VALUES (?, ?, ?, ?, ?)", position, row["originator_id"], row["originator_version"],
                    row["topic"], row["state"])  # fmt: skip
    else:
        swap(raw, position, other)
    assert services.audit.verify(AUDITOR).holds
