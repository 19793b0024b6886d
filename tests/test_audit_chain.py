"""The hash chain on both stores: an untouched log verifies; every kind of tampering with the
stored rows is caught and the event named; a recorded checkpoint catches what rewrites the seals.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.sqlite import SQLiteApplicationRecorder

from application.appeal_commands import Assign, Receive
from application.seal_check import Verdict
from application.seals import GENESIS, Checkpoint, digest, preferred_hash, seal
from domain.appeal import HandlingLevel
from infrastructure.bootstrap import Services
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, Clock, submission
from tests.conftest import open_services


class RawLog:
    """The stored rows as someone with write access to the database would reach them."""

    def __init__(self, services: Services) -> None:
        recorder: Any = services.store.recorder
        self.recorder = recorder
        self.seals = recorder.seals_table
        if isinstance(recorder, SQLiteApplicationRecorder):
            self.events, self.position, self.mark = recorder.events_table_name, "rowid", "?"
        else:
            schema = recorder.datastore.schema
            self.events, self.position, self.mark = f'"{schema}".{recorder.events_table_name}', "notification_id", "%s"

    def execute(self, sql: str, *params: Any) -> list[Any]:
        with self.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(sql.replace("?", self.mark), params)
            return cursor.fetchall() if sql.lstrip().upper().startswith("SELECT") else []

    def row(self, position: int) -> Any:
        return self.execute(
            f"SELECT originator_id, originator_version, topic, state FROM {self.events} "
            f"WHERE {self.position} = ?", position,
        )[0]  # fmt: skip

    def delete(self, position: int, with_seal: bool = False) -> None:
        self.execute(f"DELETE FROM {self.events} WHERE {self.position} = ?", position)
        if with_seal:
            self.execute(f"DELETE FROM {self.seals} WHERE position = ?", position)

    def move(self, source: int, target: int) -> None:
        self.execute(f"UPDATE {self.events} SET {self.position} = ? WHERE {self.position} = ?", target, source)

    def set_state(self, position: int, state: bytes) -> None:
        self.execute(f"UPDATE {self.events} SET state = ? WHERE {self.position} = ?", state, position)


def history(services: Services) -> None:
    """Two appeals, one moved along: 9 events with their case-number series."""
    first = services.appeals.submit(submission(), ENTERPRISE)
    services.appeals.submit(submission(), ENTERPRISE)
    services.appeals.execute(first.id, Receive(), COORDINATOR)
    services.appeals.execute(first.id, Assign(department="scjgj", level=HandlingLevel.COUNTY), COORDINATOR)


@pytest.fixture
def tampered(services: Services) -> Iterator[tuple[Services, RawLog]]:
    history(services)
    yield services, RawLog(services)


def verify(services: Services, checkpoint: Checkpoint | None = None) -> Verdict:
    return services.audit.verify(AUDITOR, checkpoint)


def head(services: Services) -> int:
    return services.store.recorder.max_notification_id() or 0


def test_an_untouched_log_verifies_to_its_head(tampered: tuple[Services, RawLog]) -> None:
    services, _ = tampered
    mark = services.audit.checkpoint(AUDITOR)
    before = head(services)
    verdict = verify(services, mark)
    assert verdict.holds and verdict.failure is None
    assert verdict.checked == before  # every event, the recorded reads included
    assert head(services) == before + 1  # and this verification is recorded in turn
    assert verdict.head.digest.startswith(f"{preferred_hash()}:")
    assert verify(services).holds  # and still, after more reads were recorded


@pytest.mark.parametrize("which", ["first", "middle", "last"])
def test_one_changed_byte_of_a_payload_is_caught_and_named(
    tampered: tuple[Services, RawLog], which: str
) -> None:
    services, raw = tampered
    position = {"first": 1, "middle": head(services) // 2, "last": head(services)}[which]
    row = raw.row(position)
    state = bytearray(row["state"])
    state[len(state) // 2] ^= 0x01
    raw.set_state(position, bytes(state))
    failure = verify(services).failure
    assert failure is not None and failure.problem == "altered"
    named = (failure.position, failure.case_id, failure.version)
    assert named == (position, UUID(str(row["originator_id"])), row["originator_version"])


def test_a_deleted_event_in_the_middle_is_caught_and_named(tampered: tuple[Services, RawLog]) -> None:
    services, raw = tampered
    raw.delete(4)
    failure = verify(services).failure
    assert failure is not None and (failure.position, failure.problem) == (4, "deleted")


def test_a_deleted_event_and_its_seal_break_the_chain_after_it(tampered: tuple[Services, RawLog]) -> None:
    services, raw = tampered
    raw.delete(4, with_seal=True)
    failure = verify(services).failure
    assert failure is not None and failure.position == 5
    assert failure.problem in ("broken_chain", "version_gap")
    assert "position 4" in failure.detail or "versions" in failure.detail


def test_a_deleted_last_event_is_caught_and_named(tampered: tuple[Services, RawLog]) -> None:
    services, raw = tampered
    last = head(services)
    raw.delete(last)
    failure = verify(services).failure
    assert failure is not None and (failure.position, failure.problem) == (last, "deleted")


def test_a_deleted_tail_with_its_seals_is_caught_against_a_recorded_checkpoint(
    tampered: tuple[Services, RawLog],
) -> None:
    services, raw = tampered
    mark = services.store.recorder.head()  # type: ignore[attr-defined]
    raw.delete(mark.position, with_seal=True)
    failure = verify(services, mark).failure
    assert failure is not None and failure.problem == "truncated"
    assert failure.position == mark.position
    assert verify(services).holds  # a clean cut: only a digest recorded outside can tell
    later = verify(services, mark).failure  # new events now fill the place of the cut ones
    assert later is not None and later.problem == "checkpoint_mismatch"


def test_two_swapped_events_are_caught_and_named(tampered: tuple[Services, RawLog]) -> None:
    services, raw = tampered
    raw.move(3, -1)
    raw.move(6, 3)
    raw.move(-1, 6)
    failure = verify(services).failure
    assert failure is not None and (failure.position, failure.problem) == (3, "reordered")


def test_a_forged_event_is_caught_and_named(tampered: tuple[Services, RawLog]) -> None:
    services, raw = tampered
    appeal = raw.row(3)  # the first appeal's submission
    forged_version = 99
    raw.execute(
        f"INSERT INTO {raw.events} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
        appeal["originator_id"], forged_version, appeal["topic"], appeal["state"],
    )  # fmt: skip
    forged_at = head(services)
    failure = verify(services).failure
    assert failure is not None and failure.problem == "unsealed"
    assert (failure.position, failure.version) == (forged_at, forged_version)


def test_a_rewrite_that_recomputes_every_seal_is_caught_by_a_recorded_checkpoint(
    tampered: tuple[Services, RawLog],
) -> None:
    services, raw = tampered
    mark = services.audit.checkpoint(AUDITOR)
    row = raw.row(3)
    raw.set_state(3, row["state"].replace(b"\xe6\x96\xbd", b"\xe6\x9c\xaa"))  # 施 → 未 in the summary
    forge_seals_from(raw, 3)
    assert verify(services).holds  # the forger knew the algorithm and rewrote every seal after
    failure = verify(services, mark).failure
    assert failure is not None and failure.problem == "checkpoint_mismatch"
    assert failure.position == mark.position


def forge_seals_from(raw: RawLog, start: int) -> None:
    """Recompute every seal from `start` on, as a forger with database access could."""
    rows = raw.execute(f"SELECT {raw.position} AS position, originator_id, originator_version, topic, "
                       f"state FROM {raw.events} ORDER BY {raw.position}")  # fmt: skip
    previous_log, cases = GENESIS, {}
    for row in rows:
        case_id = UUID(str(row["originator_id"]))
        made = seal(preferred_hash(), row["position"], case_id, row["originator_version"], row["topic"],
                    bytes(row["state"]), previous_log, cases.get(case_id, GENESIS))  # fmt: skip
        if row["position"] >= start:
            raw.execute(
                f"UPDATE {raw.seals} SET event_digest = ?, case_digest = ?, log_digest = ? WHERE position = ?",
                made.event_digest, made.case_digest, made.log_digest, made.position,
            )  # fmt: skip
        previous_log, cases[case_id] = made.log_digest, made.case_digest


def test_digests_name_their_hash_and_sm3_matches_the_standards_vector() -> None:
    # GB/T 32905-2016, example 1: SM3("abc")
    assert digest("sm3", b"abc") != digest("sha256", b"abc")
    from cryptography.hazmat.primitives import hashes

    hasher = hashes.Hash(hashes.SM3())
    hasher.update(b"abc")
    assert hasher.finalize().hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert Checkpoint.parse("12:sm3:ab").digest == "sm3:ab"


def test_concurrent_writers_keep_one_unbroken_chain(database_url: str) -> None:
    writers = [open_services(database_url, Clock()) for _ in range(2)]
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda n: writers[n % 2].appeals.submit(submission(), ENTERPRISE), range(16)))
    stored = len(writers[0].store.recorder.select_notifications(1, 10_000))
    verdict = verify(writers[0])  # PostgreSQL leaves gaps where racing intakes rolled back
    assert verdict.holds and verdict.checked == stored
    assert len({appeal.case_number for appeal in made}) == 16
    for services in writers:
        services.close()
