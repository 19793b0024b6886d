"""Case numbers at scale, on both stores: a sequence loads from its latest snapshot, so intake
reads a bounded number of events however many numbers the year has issued; numbers stay
consecutive across snapshots, under concurrent writers and with an encrypted store; the sealed
log and the views never see a snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import IntegrityError
from typer.testing import CliRunner

from application.case_store import SEQUENCE_SNAPSHOT_INTERVAL
from application.errors import VersionConflict
from application.intake_turns import attempts
from domain.appeal import Appeal
from domain.case_numbers import CaseNumberSequence
from infrastructure.bootstrap import Services
from interface.cli import VIEWS, app
from tests.builders import AUDITOR, ENTERPRISE, NANCHANG_COUNTY, TEST_SECRET, Clock, submission
from tests.conftest import open_services
from tests.test_appeal_service import run_together
from tests.test_encryption import KEY

SERIES = CaseNumberSequence.create_id("SQ", NANCHANG_COUNTY, 2026)
runner = CliRunner()


def numbers(count: int) -> list[str]:
    return [f"SQ-360121-2026-{n:06d}" for n in range(1, count + 1)]


def register(services: Services, count: int) -> list[str]:
    return [services.appeals.submit(submission(), ENTERPRISE).case_number for _ in range(count)]


def latest_snapshot(services: Services) -> Any:
    assert services.store.snapshots is not None
    found = list(services.store.snapshots.get(SERIES, desc=True, limit=1))
    return found[0] if found else None


def replayed(services: Services) -> CaseNumberSequence:
    """The sequence made from every one of its events, ignoring snapshots."""
    return project_aggregate(None, services.store.events.get(SERIES))


def state(sequence: CaseNumberSequence) -> tuple[Any, ...]:
    return sequence.id, sequence.version, sequence.prefix, sequence.jurisdiction, sequence.year, sequence.last


@pytest.fixture
def events_read(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The versions of the sequence's events the repository reads, as it reads them."""
    store = services.store.repository.event_store
    read: list[int] = []
    get = store.get

    def counted(originator_id: UUID, **kwargs: Any) -> Iterator[Any]:
        for stored in get(originator_id, **kwargs):
            if originator_id == SERIES:
                read.append(stored.originator_version)
            yield stored

    monkeypatch.setattr(store, "get", counted)
    yield read


def test_numbers_stay_consecutive_across_snapshots(services: Services) -> None:
    assert register(services, 250) == numbers(250)
    assert latest_snapshot(services).originator_version == 250  # version = 1 + numbers issued
    assert services.appeals.submit(submission(), ENTERPRISE).case_number.endswith("000251")


def test_a_sequence_loads_from_its_latest_snapshot(services: Services, events_read: list[int]) -> None:
    register(services, 25)
    events_read.clear()
    loaded = services.store.find(SERIES, CaseNumberSequence)
    assert loaded is not None and latest_snapshot(services).originator_version == 20
    assert events_read == [21, 22, 23, 24, 25, 26]
    assert state(loaded) == state(replayed(services))


def test_intake_reads_a_bounded_number_of_events(services: Services, events_read: list[int]) -> None:
    register(services, 120)
    events_read.clear()
    register(services, 30)  # replaying every number would read 121 + … + 150 events
    # none from before the snapshot at 120, nor those a snapshot was taken at: a snapshot is
    # taken of the sequence as saved, not read back
    assert set(events_read) == set(range(121, 151)) - {130, 140, 150}
    assert len(events_read) < 30 * SEQUENCE_SNAPSHOT_INTERVAL  # loads and snapshots alike


def test_concurrent_intakes_never_share_a_number_across_snapshots(
    database_url: str, clock: Clock
) -> None:
    opened = [open_services(database_url, clock) for _ in range(3)]
    calls = [lambda s=s: register(s, 12) for s in opened] * 2  # two threads per store
    results = run_together(calls)
    assert not [r for r in results if isinstance(r, Exception)]
    assert sorted(n for r in results for n in r) == numbers(72)
    assert state(opened[0].store.find(SERIES, CaseNumberSequence)) == state(replayed(opened[0]))
    assert opened[0].audit.verify(AUDITOR).holds
    for services in opened:
        services.close()


def test_intakes_of_one_process_take_turns(services: Services) -> None:
    results = run_together([lambda: register(services, 10) for _ in range(8)])
    assert sorted(n for r in results for n in r) == numbers(80)


def test_a_failed_snapshot_leaves_the_intake_registered_once(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(services, SEQUENCE_SNAPSHOT_INTERVAL - 2)

    def refuse(*_: Any, **__: Any) -> None:
        raise IntegrityError("a snapshot at this version exists")

    monkeypatch.setattr(services.store.snapshots, "put", refuse)
    appeal = services.appeals.submit(submission(), ENTERPRISE)  # the save that snapshots
    monkeypatch.undo()
    assert appeal.case_number == numbers(SEQUENCE_SNAPSHOT_INTERVAL - 1)[-1]
    assert register(services, 2) == numbers(SEQUENCE_SNAPSHOT_INTERVAL + 1)[-2:]
    appeals = [n for n in services.store.recorder.select_notifications(1, 1000) if "Appeal" in n.topic]
    assert len({n.originator_id for n in appeals}) == SEQUENCE_SNAPSHOT_INTERVAL + 1


def test_an_intake_that_keeps_losing_is_refused_after_its_patience(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lose(*_: Any, **__: Any) -> None:
        raise IntegrityError("another intake took the number")

    monkeypatch.setattr(services.store, "save", lose)
    services.appeals.intake_patience = 0.05
    with pytest.raises(VersionConflict, match="too many concurrent intakes"):
        services.appeals.submit(submission(), ENTERPRISE)
    assert list(attempts(0)) == [0]


def test_an_encrypted_store_snapshots_and_numbers_on(database_url: str, clock: Clock) -> None:
    encrypted = open_services(database_url, clock, cipher_key=KEY)
    assert register(encrypted, 25) == numbers(25)
    assert b"last" not in _snapshot_bytes(encrypted)
    encrypted.close()
    reopened = open_services(database_url, clock, cipher_key=KEY)
    assert register(reopened, 1) == numbers(26)[-1:]
    assert reopened.audit.verify(AUDITOR).holds
    reopened.close()


def test_without_a_key_a_snapshot_holds_its_state_in_the_clear(services: Services) -> None:
    register(services, SEQUENCE_SNAPSHOT_INTERVAL)
    assert b"last" in _snapshot_bytes(services)


def _snapshot_bytes(services: Services) -> bytes:
    assert services.store.snapshots is not None
    stored = services.store.snapshots.recorder.select_events(SERIES, desc=True, limit=1)
    return bytes(stored[0].state)


def test_the_audit_and_the_views_hold_after_many_intakes(database_url: str, clock: Clock) -> None:
    services = open_services(database_url, clock)
    made = [services.appeals.submit(submission(), ENTERPRISE) for _ in range(60)]
    verdict = services.audit.verify(AUDITOR)
    assert verdict.holds and verdict.checked == 2 * len(made) + 1  # each appeal, each number, Started
    assert latest_snapshot(services).originator_version == 60
    services.close()
    env = {"YINGSHANG_TOKEN_SECRET": TEST_SECRET, "YINGSHANG_DATABASE_URL": database_url}
    audited = runner.invoke(app, ["audit", "verify", "--actor", "zhao.lei"], env=env)
    assert audited.exit_code == 0, audited.output
    projected = runner.invoke(app, ["projections", "verify"], env=env)
    assert projected.exit_code == 0 and projected.stdout.count("equals a rebuild") == len(VIEWS)
    reopened = open_services(database_url, clock)
    rows = reopened.appeals.index.view.all_rows()
    assert sorted(row.case_number for row in rows.values()) == numbers(60)
    assert all(isinstance(reopened.store.find(row.id, Appeal), Appeal) for row in rows.values())
    reopened.close()
