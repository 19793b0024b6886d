"""Read consistency, on both stores: a write answers its log position; a read given that
position as `min_position` waits, bounded, until its view reflects it; in the background mode
reads never project, and the runner, woken rather than polled, keeps the views up to date."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

import application.consistency
from application.case_index import CaseFilter
from application.consistency import ViewsBehind
from application.principal import Principal
from infrastructure.bootstrap import Services
from infrastructure.policy_runner import PolicyRunner
from interface.http import create_app
from tests.builders import ACME, AUDITOR, COORDINATOR, ENTERPRISE, Clock, submission
from tests.conftest import open_services
from tests.test_http_appeals import APPEAL

ON_POSTGRES = pytest.mark.parametrize(  # LISTEN/NOTIFY is PostgreSQL's
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
QUIET = {"policy_interval_seconds": 600}  # no poll within a test: only a wake-up moves the runner
MARCH = {"period": "2026-03"}
READS = {  # every read that answers from a view: who may read it, and its parameters
    "/appeals": (COORDINATOR, {}),
    "/inspections": (COORDINATOR, {}),
    "/mediations": (COORDINATOR, {}),
    "/policy-claims": (COORDINATOR, {}),
    "/reports/closure-rates": (COORDINATOR, MARCH),
    "/reports/mediation-ratios": (COORDINATOR, MARCH),
    "/reports/policy-claims": (COORDINATOR, MARCH),
    "/reports/inspections": (COORDINATOR, MARCH),
    "/reports/department-ranking": (COORDINATOR, MARCH),
    "/reports/policy-catalogue": (COORDINATOR, MARCH),
    "/supervision-list": (COORDINATOR, {}),
    f"/enterprises/{ACME.value}/timeline": (COORDINATOR, {}),
    "/audit/activity": (AUDITOR, {}),
    "/audit/reads": (AUDITOR, {}),
}


@pytest.fixture
def background(database_url: str, clock: Clock) -> Iterator[Services]:
    """Services whose reads answer from the views as they stand, waiting at most 0.2 s."""
    opened = open_services(database_url, clock, views="background", read_wait_seconds=0.2, **QUIET)
    yield opened
    opened.close()


def auth(services: Services, principal: Principal) -> dict[str, str]:
    return {"Authorization": f"Bearer {services.tokens.mint(principal)}"}


def head(services: Services) -> int:
    return services.store.recorder.max_notification_id() or 0


def catch_up_views(services: Services) -> int:
    for updater in services.views.values():
        updater.catch_up()
    return head(services)


def test_a_command_answers_the_log_position_of_what_it_stored(services: Services) -> None:
    with TestClient(create_app(services)) as http:
        headers = auth(services, ENTERPRISE) | {"Idempotency-Key": "intake-1"}
        created = http.post("/api/v1/appeals", json=APPEAL, headers=headers)
        assert created.status_code == 201, created.text
        assert int(created.headers["X-Log-Position"]) == head(services) > 0
        replayed = http.post("/api/v1/appeals", json=APPEAL, headers=headers)
        assert replayed.headers["X-Log-Position"] == created.headers["X-Log-Position"]
        received = http.post(
            f"/api/v1/appeals/{created.json()['id']}/receive", json={},
            headers=auth(services, COORDINATOR),
        )  # fmt: skip
        assert received.status_code == 200, received.text
        assert int(received.headers["X-Log-Position"]) == head(services)
        assert int(received.headers["X-Log-Position"]) > int(created.headers["X-Log-Position"])


def test_the_embedded_store_names_the_position_its_thread_saved_last(services: Services) -> None:
    assert services.store.last_position == 0
    services.appeals.submit(submission(), ENTERPRISE)
    assert services.store.last_position == head(services) > 0


@pytest.mark.parametrize("path", READS)
def test_every_read_answers_at_once_up_to_the_views_position_and_names_it(
    path: str, background: Services
) -> None:
    background.appeals.submit(submission(), ENTERPRISE)
    reached = catch_up_views(background)
    reader, params = READS[path]
    background.consistency.wait_seconds = 30  # a read that waited would be seen to
    with TestClient(create_app(background)) as http:
        for asked in ({"min_position": reached}, {"min_position": 0}, {}):
            started = time.monotonic()
            response = http.get(f"/api/v1{path}", params=params | asked, headers=auth(background, reader))
            assert response.status_code == 200, response.text
            assert time.monotonic() - started < 10
            assert int(response.headers["X-Log-Position"]) >= reached
            if response.headers["content-type"] == "application/json":
                assert response.json()["log_position"] == int(response.headers["X-Log-Position"])
        table = http.get(
            f"/api/v1{path}", params=params | {"format": "csv"}, headers=auth(background, reader)
        )
        if table.status_code == 200:  # the reads that offer a spreadsheet name the position too
            assert int(table.headers["X-Log-Position"]) >= reached


@pytest.mark.parametrize("path", READS)
def test_a_read_beyond_the_views_waits_its_bound_then_answers_503(
    path: str, background: Services
) -> None:
    reached = catch_up_views(background)
    reader, params = READS[path]
    with TestClient(create_app(background)) as http:
        started = time.monotonic()
        response = http.get(
            f"/api/v1{path}", params=params,
            headers=auth(background, reader) | {"X-Min-Position": str(reached + 50)},
        )  # fmt: skip
        waited = time.monotonic() - started
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["Retry-After"] == "1"
    problem = response.json()
    assert problem["code"] == "views_behind" and problem["min_position"] == reached + 50
    assert problem["log_position"] == int(response.headers["X-Log-Position"]) >= reached
    assert 0.2 <= waited < 10


def test_an_inline_read_beyond_the_head_waits_its_bound_then_answers_503(
    database_url: str, clock: Clock
) -> None:
    services = open_services(database_url, clock, read_wait_seconds=0.3)
    try:
        services.appeals.submit(submission(), ENTERPRISE)
        with TestClient(create_app(services)) as http:
            behind = http.get(
                "/api/v1/appeals", params={"min_position": head(services) + 1},
                headers=auth(services, COORDINATOR),
            )  # fmt: skip
            caught_up = http.get(
                "/api/v1/appeals", params={"min_position": head(services)},
                headers=auth(services, COORDINATOR),
            )  # fmt: skip
        assert behind.status_code == 503 and behind.json()["code"] == "views_behind"
        assert caught_up.status_code == 200 and caught_up.json()["log_position"] == head(services)
    finally:
        services.close()


@pytest.mark.parametrize("given", ["-1", "abc", "1.5"])
def test_a_malformed_min_position_is_refused(given: str, background: Services) -> None:
    with TestClient(create_app(background)) as http:
        headers = auth(background, COORDINATOR)
        as_parameter = http.get("/api/v1/appeals", params={"min_position": given}, headers=headers)
        as_header = http.get("/api/v1/appeals", headers=headers | {"X-Min-Position": given})
    for response in (as_parameter, as_header):
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "validation_error"


def test_a_background_read_never_catches_up(background: Services) -> None:
    background.appeals.submit(submission(), ENTERPRISE)
    index = background.appeals.index
    with TestClient(create_app(background)) as http:
        listed = http.get("/api/v1/appeals", headers=auth(background, COORDINATOR))
        report = http.get(
            "/api/v1/reports/closure-rates", params={"period": "2026-03"},
            headers=auth(background, COORDINATOR),
        )  # fmt: skip
    assert listed.status_code == 200 and report.status_code == 200
    assert listed.json()["items"] == []
    assert listed.json()["log_position"] == report.json()["log_position"] == 0 < head(background)
    assert index.view.position() == 0  # nothing ran, and the reads projected nothing


def test_the_runner_woken_by_a_save_in_its_process_brings_the_views_up_at_once(
    background: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(application.consistency, "RECHECK_SECONDS", 30)  # only a wake-up helps
    background.consistency.wait_seconds = 5
    with TestClient(create_app(background, run_policies=True)) as http:
        created = http.post("/api/v1/appeals", json=APPEAL, headers=auth(background, ENTERPRISE))
        written = int(created.headers["X-Log-Position"])
        started = time.monotonic()
        reached = background.consistency.position(background.appeals.index, written)
        assert time.monotonic() - started < 5
        listed = http.get(
            "/api/v1/appeals", params={"min_position": written}, headers=auth(background, COORDINATOR)
        )
    assert reached >= written
    assert listed.status_code == 200 and [i["id"] for i in listed.json()["items"]] == [created.json()["id"]]


def test_the_runner_applies_what_was_stored_while_it_gathered_in_one_run() -> None:
    runs: list[float] = []
    runner = PolicyRunner([lambda: runs.append(time.monotonic())], interval=600, gather=0.5)
    runner.start()
    try:
        wait_for(lambda: len(runs) == 1)  # the run at start
        woken = time.monotonic()
        runner.wake()
        time.sleep(0.05)  # a runner that did not gather would be running by now
        runner.wake()
        wait_for(lambda: len(runs) == 2)
        time.sleep(0.3)
    finally:
        runner.stop()
    assert len(runs) == 2 and runs[1] - woken >= 0.5


def wait_for(condition: Callable[[], bool], patience: float = 5) -> None:
    deadline = time.monotonic() + patience
    while not condition():
        assert time.monotonic() < deadline, "not within the patience"
        time.sleep(0.01)


@ON_POSTGRES
def test_the_runner_woken_by_notify_follows_another_process_at_once(
    database_url: str, clock: Clock
) -> None:
    projector = open_services(database_url, clock, views="background", **QUIET)
    writer = open_services(database_url, clock)  # another process: its saves reach only the log
    work = projector.background(run_policies=True)
    work.start()
    try:
        assert work.listener is not None and work.listener.listening.wait(5)
        written = writer.appeals.submit(submission(), ENTERPRISE)
        position = writer.store.last_position
        started = time.monotonic()
        reached = projector.consistency.position(projector.appeals.index, position)
        assert time.monotonic() - started < 5 and reached >= position
        assert written.id in projector.appeals.index.view.all_rows()
    finally:
        work.stop()
        writer.close()
        projector.close()


@ON_POSTGRES
def test_a_read_in_a_process_without_background_work_is_woken_by_the_projector(
    database_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(application.consistency, "RECHECK_SECONDS", 30)  # only a wake-up helps
    server = open_services(database_url, clock, views="background", read_wait_seconds=5, **QUIET)
    projector = open_services(database_url, clock, views="background", **QUIET)
    answering, projecting = server.background(run_policies=False), projector.background(True)
    for work in (answering, projecting):
        work.start()
    try:
        for work in (answering, projecting):
            assert work.listener is not None and work.listener.listening.wait(5)
        projector.appeals.submit(submission(), ENTERPRISE)
        position = projector.store.last_position
        started = time.monotonic()
        page = server.appeals.list(CaseFilter(limit=None), COORDINATOR, min_position=position)
        assert time.monotonic() - started < 5
        assert page.position >= position and len(page.rows) == 1
    finally:
        for work in (answering, projecting):
            work.stop()
        server.close()
        projector.close()


def test_a_wait_in_vain_raises_views_behind_naming_both_positions(background: Services) -> None:
    with pytest.raises(ViewsBehind) as behind:
        background.consistency.position(background.appeals.index, 7)
    assert (behind.value.position, behind.value.min_position) == (0, 7)
