"""Cases with long histories load from snapshots, on both stores: a case is snapshotted every
`CASE_SNAPSHOT_INTERVAL` events, a load reads its latest snapshot and the events after it, and
what it loads equals the replay of every event; a short case is still read from its events.
Every kind's state survives a snapshot (the lifecycle property tests check it for random
histories of appeals, inspections, mediations and claims; here the reference-data kinds).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner

from application.appeal_commands import NoteProgress
from application.case_store import CASE_SNAPSHOT_INTERVAL, replayed
from domain.account import Account, AccountProfile
from domain.actor import Role
from domain.appeal import Appeal
from domain.calendar_year import CalendarYear
from domain.clock import CHINA_TZ
from domain.policy_claim import PolicyMode
from domain.unit import Unit, UnitKind, UnitTerms
from infrastructure.bootstrap import Services
from infrastructure.snapshot_sql import snapshot_table
from interface.cli import app
from tests.builders import AUDITOR, COORDINATOR, HANDLER, NANCHANG_COUNTY, TEST_SECRET, Clock
from tests.lifecycle import reloaded
from tests.policy_claim_steps import publish
from tests.test_appeal_service import assigned
from tests.test_calendar import EXAMPLE

AT = datetime(2026, 3, 2, 9, tzinfo=CHINA_TZ)


@pytest.fixture
def events_read(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The versions of the events the repository decodes, as it decodes them."""
    store = services.store.repository.event_store
    read: list[int] = []
    get = store.get

    def counted(originator_id: UUID, **kwargs: Any) -> Iterator[Any]:
        for event in get(originator_id, **kwargs):
            read.append(event.originator_version)
            yield event

    monkeypatch.setattr(store, "get", counted)
    yield read


def snapshot_versions(services: Services, case_id: UUID) -> list[int]:
    assert services.store.snapshots is not None
    return [s.originator_version for s in services.store.snapshots.get(case_id)]


def every_event(services: Services, case_id: UUID) -> Any:
    return replayed(None, services.store.events.get(case_id))


def with_notes(services: Services, clock: Clock, notes: int) -> Appeal:
    """An assigned appeal with `notes` progress notes, saved in one batch."""
    appeal = services.store.find(assigned(services).id, Appeal)
    assert appeal is not None
    for _ in range(notes):
        appeal.note_progress("跟踪", HANDLER.actor, clock())
    services.store.save(appeal)
    return appeal


def test_a_long_history_loads_from_its_latest_snapshot(
    services: Services, clock: Clock, events_read: list[int]
) -> None:
    appeal = with_notes(services, clock, 2 * CASE_SNAPSHOT_INTERVAL + 47)  # versions 1–250
    assert snapshot_versions(services, appeal.id) == [250]  # one, of the case as saved
    for _ in range(3):
        services.appeals.execute(appeal.id, NoteProgress(note="再跟踪"), HANDLER)
    events_read.clear()
    loaded = services.store.find(appeal.id, Appeal)
    assert events_read == [251, 252, 253]  # none from before the snapshot
    assert loaded is not None and vars(loaded) == vars(every_event(services, appeal.id))
    assert (loaded.version, loaded.progress_notes) == (253, 250)
    assert services.appeals.get(appeal.id, COORDINATOR).version == 253


def test_a_short_history_is_read_from_its_events_alone(
    services: Services, clock: Clock, events_read: list[int]
) -> None:
    appeal = with_notes(services, clock, CASE_SNAPSHOT_INTERVAL - 10)
    assert snapshot_versions(services, appeal.id) == []
    loaded = services.store.find(appeal.id, Appeal)
    assert loaded is not None and loaded.version == CASE_SNAPSHOT_INTERVAL - 7
    assert events_read == []  # one read of the stored events, decoded by the store itself


def test_a_version_of_a_long_history_is_the_replay_to_that_version(
    services: Services, clock: Clock
) -> None:
    appeal = with_notes(services, clock, CASE_SNAPSHOT_INTERVAL + 20)
    for version in (3, CASE_SNAPSHOT_INTERVAL, CASE_SNAPSHOT_INTERVAL + 5):
        shown = services.store.repository.get(appeal.id, version=version)  # as replays ask
        expected = replayed(None, services.store.events.get(appeal.id, lte=version))
        assert vars(shown) == vars(expected) and shown.version == version


def rewrite_snapshot(recorder: Any, version: int, old: bytes, new: bytes) -> None:
    """Replace `old` by `new` in the stored snapshot at `version`, as a database owner could."""
    table, mark = snapshot_table(recorder), "?" if "sqlite" in type(recorder).__module__ else "%s"
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"SELECT state FROM {table} WHERE originator_version = {version}")
        state = bytes(cursor.fetchall()[0]["state"])
        assert old in state
        cursor.execute(f"UPDATE {table} SET state = {mark} WHERE originator_version = {version}",
                       (state.replace(old, new),))  # fmt: skip


def test_audit_verify_names_a_rewritten_snapshot(
    services: Services, clock: Clock, database_url: str
) -> None:
    appeal = with_notes(services, clock, CASE_SNAPSHOT_INTERVAL)
    [version] = snapshot_versions(services, appeal.id)
    assert services.audit.verify(AUDITOR).holds
    recorder = services.store.snapshots.recorder  # type: ignore[union-attr]
    rewrite_snapshot(recorder, version, b'"department":"scjgj"', b'"department":"zrzyj"')
    verdict = services.audit.verify(AUDITOR)
    assert not verdict.holds and verdict.failure is not None
    assert (verdict.failure.problem, verdict.failure.case_id, verdict.failure.version) == (
        "snapshot_altered", appeal.id, version
    )
    env = {"YINGSHANG_DATABASE_URL": database_url, "YINGSHANG_TOKEN_SECRET": TEST_SECRET}
    refused = CliRunner().invoke(app, ["audit", "verify"], env=env)
    assert refused.exit_code == 1 and "snapshot_altered" in refused.output
    assert f"the snapshot of {appeal.id} at version {version} differs" in refused.output


@pytest.mark.parametrize(
    "case",
    [
        lambda: Unit.register(code="scjgj", jurisdiction=NANCHANG_COUNTY, actor=COORDINATOR.actor,
                              terms=UnitTerms("市场监督管理局", "市场监管", UnitKind.DEPARTMENT, None,
                                              AT.date()), occurred_at=AT),
        lambda: Account.open(login="li.na", jurisdiction=NANCHANG_COUNTY, actor=COORDINATOR.actor,
                             profile=AccountProfile("李娜", Role.HANDLER, "scjgj"), occurred_at=AT),
        lambda: CalendarYear.enter(EXAMPLE, "国办发明电〔2026〕1号", COORDINATOR.actor, AT),
        lambda: publish(PolicyMode.COMMITMENT, AT),
    ],
    ids=["unit", "account", "calendar", "policy"],
)  # fmt: skip
def test_every_reference_kind_survives_a_snapshot(case: Any) -> None:
    made = case()
    assert vars(reloaded(made)[0]) == vars(made)
