"""The visit-demands policy reads the log from where it last looked, not from the last demands
it processed: a run costs what was stored since. On both stores."""

from __future__ import annotations

from typing import Any

import pytest

from application.case_index import CaseFilter
from application.inspection_commands import CollectDemands, Enter
from infrastructure.bootstrap import Services
from tests.builders import COORDINATOR, ENTERPRISE, submission
from tests.test_inspection_service import DEMANDS, VISIT


def test_a_run_reads_only_what_was_stored_since_the_last(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy, recorder = services.visit_demands, services.store.recorder
    visit = services.inspections.register(VISIT, COORDINATOR)
    services.inspections.execute(visit.id, Enter(), COORDINATOR)
    services.inspections.execute(visit.id, CollectDemands(demands=DEMANDS), COORDINATOR)
    processed = policy.catch_up()
    for _ in range(3):
        services.appeals.submit(submission(), ENTERPRISE)
    assert policy.catch_up() == processed  # nothing more to process
    starts: list[int] = []
    select = recorder.select_notifications

    def spied(*args: Any, **kwargs: Any) -> Any:
        starts.append(kwargs["start"])
        return select(*args, **kwargs)

    monkeypatch.setattr(recorder, "select_notifications", spied)
    head = recorder.max_notification_id()
    assert policy.catch_up() == processed
    assert starts == [head + 1]  # not processed + 1 again
    services.inspections.execute(visit.id, CollectDemands(demands=DEMANDS[:1]), COORDINATOR)
    assert policy.catch_up() > processed
    appeals = services.appeals.list(CaseFilter(), COORDINATOR).rows
    assert len(appeals) == 3 + len(DEMANDS) + 1
