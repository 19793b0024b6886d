"""Every view (the case list, the supervision list) is a projection: exactly once, resumable
after a crash at any point, and equal to a rebuild from the events alone; on both stores.
"""

from __future__ import annotations

from datetime import date

import pytest

from application.appeal_commands import Assign, Receive, Resolve
from application.case_index import CaseFilter
from application.inspection_commands import CollectDemands, Enter
from domain.appeal import HandlingLevel, Outcome
from domain.policy_claim import PolicyMode
from application.views import rebuild
from infrastructure.bootstrap import Services
from tests.builders import ACME, AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, Clock, submission
from tests.conftest import open_services
from tests.test_inspection_service import DEMANDS, VISIT
from tests.test_mediation_service import ASSIGN, DISPUTE
from tests.test_policy_claim_service import publish


def some_history(services: Services) -> None:
    """Cases of three kinds, some moved along, and appeals made by the visit policy."""
    for _ in range(3):
        appeal = services.appeals.submit(submission(), ENTERPRISE)
        services.appeals.execute(appeal.id, Receive(), COORDINATOR)
        services.appeals.execute(appeal.id, Assign(department="scjgj", level=HandlingLevel.COUNTY,
                                                   deadline=date(2026, 3, 20)), COORDINATOR)  # fmt: skip
    services.appeals.execute(appeal.id, Resolve(outcome=Outcome.SOLVED, resolution="ok"), HANDLER)
    visit = services.inspections.register(VISIT, COORDINATOR)
    services.inspections.execute(visit.id, Enter(), COORDINATOR)
    services.inspections.execute(visit.id, CollectDemands(demands=DEMANDS), COORDINATOR)
    services.visit_demands.catch_up()
    case = services.mediations.register(DISPUTE, COORDINATOR)
    services.mediations.execute(case.id, ASSIGN, COORDINATOR)


VIEWS = ["case_index", "supervision_list", "audit_activity", "report_counts", "appeal_documents"]


@pytest.mark.parametrize("view", VIEWS)
def test_the_live_view_equals_a_rebuild(services: Services, view: str) -> None:
    some_history(services)
    updater = services.views[view]
    updater.catch_up()
    assert updater.differences() == []
    before = updater.view.all_rows()
    assert before
    reports: list[tuple[int, int]] = []
    position = updater.rebuild(lambda done, total: reports.append((done, total)))
    assert position == services.store.recorder.max_notification_id()
    assert updater.view.all_rows() == before
    assert reports and reports[-1][0] == reports[-1][1]


def test_every_view_rebuilt_in_one_pass_equals_its_live_view(services: Services) -> None:
    some_history(services)
    updaters = list(services.views.values())
    before = {updater.name: (updater.catch_up(), updater.view.all_rows()) for updater in updaters}
    services.appeals.index.histories.clear()  # as a fresh process knows no case
    reports: list[tuple[int, int]] = []
    position = rebuild(updaters, lambda done, total: reports.append((done, total)), batch_size=4)
    assert position == services.store.recorder.max_notification_id() == reports[-1][0]
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    for updater in updaters:
        assert (updater.view.position(), updater.view.all_rows()) == before[updater.name]


def test_views_at_different_positions_share_what_they_kept(services: Services) -> None:
    """One view far ahead of another on the same cases: the one behind still gets the rows of
    the versions it asks for, and the one ahead its own."""
    some_history(services)
    ahead, behind = services.views["case_index"], services.views["audit_activity"]
    ahead.catch_up()
    behind.batch_size = 2
    behind.catch_up()
    some_history(services)
    ahead.batch_size = 3
    ahead.catch_up()
    behind.catch_up()
    assert ahead.differences() == [] and behind.differences() == []


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("crash_at", [1, 2, 3, 5, 8])
def test_a_crash_at_any_batch_loses_and_doubles_nothing(
    database_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch, crash_at: int, view: str
) -> None:
    services = open_services(database_url, clock)
    some_history(services)
    updater = services.views[view]
    updater.batch_size = 3
    index = updater.view
    calls = 0
    insert_tracking = index._insert_tracking  # type: ignore[attr-defined]

    def crash_on_nth(cursor, tracking):  # noqa: ANN001 - the recorder's own signature
        nonlocal calls
        calls += 1
        if calls == crash_at:
            raise RuntimeError("killed mid-transaction")
        return insert_tracking(cursor, tracking)

    monkeypatch.setattr(index, "_insert_tracking", crash_on_nth)
    with pytest.raises(RuntimeError):
        updater.catch_up()
    services.close()

    restarted = open_services(database_url, clock)
    updater = restarted.views[view]
    assert updater.catch_up() == restarted.store.recorder.max_notification_id()
    assert updater.differences() == []
    restarted.close()


def case_list_indexes(services: Services) -> set[str]:
    """The names of the indexes on the case list's table."""
    view = services.appeals.index.view
    with view.datastore.transaction(commit=False) as cursor:
        if services.settings.database_url.startswith("sqlite"):
            cursor.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'case_index'")
        else:
            cursor.execute("SELECT indexname AS name FROM pg_indexes WHERE schemaname = %(schema)s",
                           {"schema": view.datastore.schema})  # fmt: skip
        return {record["name"] for record in cursor.fetchall()}


def test_a_case_list_made_before_the_mode_index_gains_it(database_url: str, clock: Clock) -> None:
    """A store whose case list has no mode index yet (made before it existed) opens, gains the
    index, and filters the rows it already held by mode."""
    services = open_services(database_url, clock)
    publish(services, mode=PolicyMode.COMMITMENT, title="承诺制研发奖励")
    publish(services)
    services.policies.list(CaseFilter(), AUDITOR)
    view = services.appeals.index.view
    index = view.table.removesuffix("case_index") + "case_index_mode"  # schema-qualified on PG
    with view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP INDEX {index}")
    assert "case_index_mode" not in case_list_indexes(services)
    services.close()

    reopened = open_services(database_url, clock)
    assert "case_index_mode" in case_list_indexes(reopened)
    rows = reopened.policies.list(CaseFilter(mode="commitment"), AUDITOR).rows
    assert [row.details["title"] for _, row in rows] == ["承诺制研发奖励"]
    reopened.close()


def test_the_enterprises_of_the_cases_are_indexed_checked_and_made_again_after_an_upgrade(
    database_url: str, clock: Clock
) -> None:
    services = open_services(database_url, clock)
    some_history(services)
    updater = services.appeals.index
    updater.catch_up()
    mine = CaseFilter(kind="appeal", credit_code=ACME.value)
    every = services.appeals.list(CaseFilter(kind="appeal"), AUDITOR).rows
    found = services.appeals.list(mine, AUDITOR).rows
    assert found and found == [(seq, row) for seq, row in every if ACME.value in row.credit_codes]
    with updater.view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DELETE FROM {updater.view.enterprises_table}")  # an index that lost its rows
    assert any(line.startswith("enterprise ") for line in updater.differences())
    with updater.view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP TABLE {updater.view.enterprises_table}")  # as before it existed
    services.close()

    upgraded = open_services(database_url, clock)
    assert upgraded.appeals.index.view.position() == 0  # emptied, to be made again
    ids = [row.id for _, row in found]
    assert [row.id for _, row in upgraded.appeals.list(mine, AUDITOR).rows] == ids
    assert upgraded.appeals.index.differences() == []
    upgraded.close()
