"""The views of one store are caught up together, in one transaction per batch: exactly once
across the views, each from its own position, a lost race harmless; and a view transaction alone
commits without waiting for the disk. On both stores."""

from __future__ import annotations

from typing import Any

import pytest

from application.views import ViewUpdater, catch_up, keep_up, rebuild
from infrastructure.bootstrap import Services
from infrastructure import postgres
from tests.builders import AUDITOR, Clock
from tests.conftest import open_services
from tests.test_case_index import some_history
from tests.test_report_counts import stored


def state(updaters: list[ViewUpdater[Any]]) -> dict[str, tuple[int, dict[Any, Any]]]:
    """Each view's position and rows, by name."""
    return {updater.name: (updater.view.position(), updater.view.all_rows()) for updater in updaters}


def test_a_failure_in_the_last_view_leaves_every_view_where_it_was(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    updaters = list(services.views.values())
    some_history(services)
    catch_up(updaters)
    before = state(updaters)
    some_history(services)
    last = updaters[-1].view

    def fail(cursor: Any, rows: Any, tracking: Any) -> None:
        raise RuntimeError("killed in the last view's write")

    monkeypatch.setattr(last, "write", fail)
    with pytest.raises(RuntimeError):
        catch_up(updaters)
    assert state(updaters) == before  # the views written before the failure rolled back too
    monkeypatch.undo()
    head = services.store.recorder.max_notification_id()
    assert catch_up(updaters) == head
    assert all(updater.view.position() == head for updater in updaters)
    assert all(updater.differences() == [] for updater in updaters)


def test_a_view_that_fails_holds_back_no_other(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The background work catches the views up together, and each alone should that fail."""
    updaters = list(services.views.values())
    some_history(services)
    failing = updaters[1]

    def fail(notifications: Any, position: int) -> None:
        raise RuntimeError("a fault in the view's rows")

    monkeypatch.setattr(failing, "rows_after", fail)
    with pytest.raises(RuntimeError):
        keep_up(updaters)
    head = services.store.recorder.max_notification_id()
    assert [updater.view.position() for updater in updaters] == [head, 0, *[head] * (len(updaters) - 2)]
    monkeypatch.undo()
    assert keep_up(updaters) == head
    assert all(updater.differences() == [] for updater in updaters)


def test_views_at_different_positions_each_take_what_they_lack(services: Services) -> None:
    updaters = list(services.views.values())
    some_history(services)
    updaters[1].catch_up()  # one view alone, ahead of the others
    some_history(services)
    updaters[2].batch_size = 2  # the batches of the views together are of this size
    assert catch_up(updaters) == services.store.recorder.max_notification_id()
    assert all(updater.differences() == [] for updater in updaters)


def test_losing_a_race_to_another_updater_of_one_view_is_harmless(
    database_url: str, clock: Clock
) -> None:
    services, racer = open_services(database_url, clock), open_services(database_url, clock)
    updaters = list(services.views.values())
    some_history(services)
    raced = updaters[2]
    rows_after = raced.rows_after

    def overtaken(notifications: Any, position: int) -> Any:
        racer.views[raced.name].catch_up()  # before the views' transaction: it loses the race
        return rows_after(notifications, position)

    raced.rows_after = overtaken  # type: ignore[method-assign]
    head = services.store.recorder.max_notification_id()
    assert catch_up(updaters) == head
    assert all(updater.view.position() == head for updater in updaters)
    assert all(updater.differences() == [] for updater in updaters)
    services.close()
    racer.close()


def test_only_a_view_transaction_commits_without_waiting_for_the_disk(services: Services) -> None:
    view = services.appeals.index.view
    sqlite = services.settings.database_url.startswith("sqlite")
    setting = "synchronous AS value FROM pragma_synchronous" if sqlite else (
        "current_setting('synchronous_commit') AS value"
    )
    relaxed, full = (1, 2) if sqlite else ("off", "on")  # 1 is NORMAL, 2 FULL

    def seen(cursor: Any) -> Any:
        cursor.execute(f"SELECT {setting}")
        return cursor.fetchone()["value"]

    with view.transaction() as cursor:
        assert seen(cursor) == relaxed
    with pytest.raises(RuntimeError), view.transaction() as cursor:
        raise RuntimeError("a view transaction that fails")
    for _ in range(3):  # the pool's connection, which the events are written with too
        with services.store.recorder.datastore.transaction(commit=True) as cursor:
            assert seen(cursor) == full


def test_a_rebuild_in_large_batches_equals_the_views_caught_up_in_small_ones(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild's batch adds many cases at once (on PostgreSQL its rows are copied in): the
    views, their sums and the reports read from them end as catching up a few events at a time
    left them, whatever batches cut the cases' histories."""
    updaters = list(services.views.values())
    for _ in range(2):
        some_history(services)
        catch_up(updaters, batch_size=3)
    caught = state(updaters)
    report = stored(services.reports.closure_rates(AUDITOR, "2026", "department"))
    monkeypatch.setattr(postgres, "BULK", 1)  # every batch's rows copied in
    assert rebuild(updaters, batch_size=7) == services.store.recorder.max_notification_id()
    assert state(updaters) == caught
    assert stored(services.reports.closure_rates(AUDITOR, "2026", "department")) == report
    assert all(updater.differences() == [] for updater in updaters)


def test_a_view_whose_emptying_fails_keeps_its_rows_its_sums_and_its_position(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view is emptied in one transaction, its sums with its rows and position: were the sums
    left behind while the position went back to 0, catching up would count every case twice."""
    updaters = list(services.views.values())
    some_history(services)
    catch_up(updaters)
    before = state(updaters)
    report = stored(services.reports.closure_rates(AUDITOR, "2026", "department"))
    counts = services.views["report_counts"].view
    emptied = type(counts).tables
    missing = property(lambda view: [*emptied.fget(view), "no_such_table"])  # type: ignore[attr-defined]
    monkeypatch.setattr(type(counts), "tables", missing)  # fails after the rows and the sums
    with pytest.raises(Exception, match="no_such_table"):
        counts.clear()
    monkeypatch.undo()
    assert state(updaters) == before
    catch_up(updaters)
    assert stored(services.reports.closure_rates(AUDITOR, "2026", "department")) == report
    assert all(updater.differences() == [] for updater in updaters)
