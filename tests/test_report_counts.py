"""The report counts: what each case adds, kept as sums by day and month in the store, give every
report exactly what counting the cases themselves gives, for any period; on both stores, and
however many updaters race to apply the same events.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.case_index import CaseFilter, CaseRow
from application.claim_figures import claim_figures
from application.closure_rates import closure_rates
from application.inspection_figures import inspection_figures
from application.mediation_ratios import mediation_ratios
from application.periods import Period
from application.ratio_definitions import APPEALS, CLAIMS, INSPECTIONS, MEDIATIONS, chosen_for
from domain.case import Case
from infrastructure.bootstrap import Services
from tests.builders import AUDITOR, Clock
from tests.conftest import open_services
from tests.test_case_index import some_history
from tests.test_policy_claim_service import FINANCE
from tests.test_report_properties import CALENDAR, cases, periods


def shown(figures: Any) -> dict[str, Any]:
    """A group's figures and ratios, comparable."""
    fields = {name: value for name, value in vars(figures).items() if name != "ratio_counts"}
    return fields | {"ratios": figures.ratios()}


def both(pair: tuple[Any, list[Any]]) -> list[dict[str, Any]]:
    total, groups = pair
    return [shown(figures) for figures in (total, *groups)]


def stored(report: Any) -> list[dict[str, Any]]:
    return both((report.total, report.groups))


def rows(services: Services, kind: str) -> list[CaseRow]:
    services.appeals.index.catch_up()
    query = CaseFilter(kind=kind, jurisdiction="360121", limit=None)
    return [row for _, row in services.appeals.index.view.select(query)]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mix=st.lists(cases(), min_size=1, max_size=8), period=periods())
def test_every_report_from_the_stored_sums_equals_a_count_of_the_cases(
    services: Services, mix: list[Case], period: Period
) -> None:
    services.store.save(*mix)  # the cases pile up from one example to the next
    reports, label = services.reports, period.label
    assert stored(reports.closure_rates(AUDITOR, label, "channel")) == both(
        closure_rates(rows(services, "appeal"), period, "channel", CALENDAR, chosen_for(APPEALS))
    )
    assert stored(reports.mediation_ratios(AUDITOR, label)) == both(
        mediation_ratios(rows(services, "mediation"), period, CALENDAR, chosen_for(MEDIATIONS))
    )
    assert stored(reports.claim_figures(FINANCE, label, "policy")) == both(
        claim_figures(rows(services, "policy_claim"), period, "policy", CALENDAR, chosen_for(CLAIMS))
    )
    assert stored(reports.inspection_figures(AUDITOR, label)) == both(
        inspection_figures(rows(services, "inspection"), period, CALENDAR, chosen_for(INSPECTIONS))
    )


def test_updaters_racing_over_the_same_events_count_each_case_once(
    database_url: str, clock: Clock
) -> None:
    writer = open_services(database_url, clock)
    for _ in range(4):
        some_history(writer)
    racers = [open_services(database_url, clock) for _ in range(3)]
    failures: list[BaseException] = []

    def race(services: Services, batch_size: int) -> None:
        services.reports.counts.batch_size = batch_size  # the racers' batches overlap unevenly
        try:
            services.reports.counts.catch_up()
        except BaseException as failure:  # noqa: BLE001 - reported below
            failures.append(failure)

    threads = [threading.Thread(target=race, args=(r, n)) for r, n in zip(racers, (3, 5, 7))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    counts = writer.reports.counts
    assert counts.view.position() == writer.store.recorder.max_notification_id()
    assert counts.differences() == []
    assert writer.reports.closure_rates(AUDITOR, "2026").total.received == 12
    for services in (writer, *racers):
        services.close()


def test_a_store_that_kept_a_row_per_measure_is_counted_again_after_the_upgrade(
    database_url: str, clock: Clock
) -> None:
    services = open_services(database_url, clock)
    some_history(services)
    counts = services.reports.counts
    counts.catch_up()
    sums = counts.view.sums_table
    former = sums.replace("report_sums", "report_counts")
    with counts.view.datastore.transaction(commit=True) as cursor:  # as a store made before
        cursor.execute(f"DROP TABLE {sums}")
        cursor.execute(f"CREATE TABLE {former} (measure TEXT, value BIGINT)")
    services.close()

    upgraded = open_services(database_url, clock)
    counts = upgraded.reports.counts
    assert counts.view.position() == 0  # emptied, to be made again
    with counts.view.datastore.transaction(commit=False) as cursor:
        with pytest.raises(Exception, match="report_counts"):  # the former table is gone
            cursor.execute(f"SELECT * FROM {former}")
    counts.catch_up()
    assert counts.differences() == []
    assert upgraded.reports.closure_rates(AUDITOR, "2026").total.received == 3
    upgraded.close()
