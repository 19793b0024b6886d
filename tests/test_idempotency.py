"""`Idempotency-Key`: a retry after a crash at any moment gets the first answer, records
nothing twice and never waits; keys belong to the whole principal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from application.case_store import CaseStore
from application.principal import Principal
from domain.actor import Actor, Role
from infrastructure.bootstrap import Services
from infrastructure.idempotency_sql import RequestRecords
from interface.http import create_app
from tests.builders import COORDINATOR, ENTERPRISE, HANDLER, OTHER_COUNTY, Clock
from tests.conftest import open_services
from tests.http_cases import auth
from tests.test_http_appeals import APPEAL, assert_problem


class Crash(BaseException):
    """The process dies here: nothing after this point runs, no handler catches it."""


def crash_after(method: Callable[..., Any]) -> Callable[..., Any]:
    def crashed(*args: Any, **kwargs: Any) -> Any:
        method(*args, **kwargs)
        raise Crash

    return crashed


def crash_before(method: Callable[..., Any]) -> Callable[..., Any]:
    def crashed(*args: Any, **kwargs: Any) -> Any:
        raise Crash

    return crashed


# Where a keyed command can die: before it stores anything; inside the transaction that
# stores its events and key, before the commit; just after the commit, before any answer.
CRASH_POINTS = {
    "before the save": (CaseStore, "save", crash_before),
    "inside the transaction": (RequestRecords, "_record_request", crash_after),
    "after the commit": (CaseStore, "_notify", crash_before),
}


def dying(point: str, monkeypatch: pytest.MonkeyPatch, send: Callable[[], Any]) -> None:
    """`send` a request, the process dying at `point` of it."""
    owner, method, crash = CRASH_POINTS[point]
    with monkeypatch.context() as patched:
        patched.setattr(owner, method, crash(getattr(owner, method)))
        with pytest.raises(Crash):
            send()


@contextmanager
def serving(database_url: str, clock: Clock) -> Iterator[tuple[TestClient, Services]]:
    """A service process over the store: started, and dropped at the end as a crash would."""
    services = open_services(database_url, clock)
    try:
        yield TestClient(create_app(services)), services
    finally:
        services.close()


def appeals_of(services: Services) -> list[str]:
    """The ids of the appeals the store holds, from its log."""
    log = services.store.recorder.select_notifications(start=1, limit=100_000)
    return [str(n.originator_id) for n in log if n.topic.endswith("Appeal.Submitted")]


def versions_of(services: Services, case_id: str) -> list[int]:
    """The versions of a case's stored events."""
    return [e.originator_version for e in services.store.recorder.select_events(UUID(case_id))]


def submit(http: TestClient, services: Services, key: str, who: Principal = ENTERPRISE) -> Any:
    headers = auth(services, who) | {"Idempotency-Key": key}
    return http.post("/api/v1/appeals", json=APPEAL, headers=headers)


@pytest.mark.parametrize("point", sorted(CRASH_POINTS))
def test_a_retried_intake_after_a_crash_gets_the_first_answer_and_records_once(
    database_url: str, clock: Clock, point: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving(database_url, clock) as (http, services):
        dying(point, monkeypatch, lambda: submit(http, services, "intake-1"))
    with serving(database_url, clock) as (http, services):  # the restarted process
        retried = submit(http, services, "intake-1")
        again = submit(http, services, "intake-1")
        assert retried.status_code == again.status_code == 201, retried.text
        assert again.json() == retried.json()
        assert again.headers["etag"] == retried.headers["etag"] == '"1"'
        assert again.headers["location"] == retried.headers["location"]
        assert again.headers["x-log-position"] == retried.headers["x-log-position"]
        assert len(appeals_of(services)) == 1
        committed_by_the_crashed = point == "after the commit"
        assert ("idempotent-replayed" in retried.headers) == committed_by_the_crashed


def assigned_appeal(http: TestClient, services: Services) -> str:
    """An appeal received and assigned to 市场监管局 (HANDLER's department); its id."""
    created = submit(http, services, "setup")
    case_id = created.json()["id"]
    for action, body in (("receive", {}), ("assign", {"department": "scjgj", "level": "county"})):
        done = http.post(f"/api/v1/appeals/{case_id}/{action}", json=body, headers=auth(services, COORDINATOR))
        assert done.status_code == 200, done.text
    return case_id


def note(http: TestClient, services: Services, case_id: str, key: str | None, text: str = "已约谈") -> Any:
    headers = auth(services, HANDLER) | ({"Idempotency-Key": key} if key else {})
    return http.post(f"/api/v1/appeals/{case_id}/progress", json={"note": text}, headers=headers)


@pytest.mark.parametrize("point", sorted(CRASH_POINTS))
def test_a_retried_step_after_a_crash_gets_the_first_answer_and_records_once(
    database_url: str, clock: Clock, point: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving(database_url, clock) as (http, services):
        case_id = assigned_appeal(http, services)
        dying(point, monkeypatch, lambda: note(http, services, case_id, "note-1"))
    with serving(database_url, clock) as (http, services):
        retried = note(http, services, case_id, "note-1")
        clock.advance(days=30)  # the answer is the first one, not one reckoned today
        again = note(http, services, case_id, "note-1")
        assert retried.status_code == again.status_code == 200, retried.text
        assert again.json() == retried.json() and retried.json()["version"] == 4
        assert again.headers["etag"] == retried.headers["etag"] == '"4"'
        assert versions_of(services, case_id) == [1, 2, 3, 4]


def test_concurrent_requests_with_one_key_record_once_and_get_one_answer(services: Services) -> None:
    app = create_app(services)

    def submitted(_: int) -> Any:
        return submit(TestClient(app), services, "burst-1")

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(submitted, range(16)))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers if a.status_code != 201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(appeals_of(services)) == 1


def test_a_key_belongs_to_the_whole_principal(http: TestClient, services: Services) -> None:
    case_id = assigned_appeal(http, services)
    same_name_elsewhere = Principal(Actor(HANDLER.actor.id, Role.HANDLER, "scjgj"), OTHER_COUNTY)
    key = {"Idempotency-Key": "note-1"}
    body = {"note": "同一个键"}
    path = f"/api/v1/appeals/{case_id}/progress"
    first = http.post(path, json=body, headers=auth(services, HANDLER) | key)
    assert first.status_code == 200, first.text
    replayed = http.post(path, json=body, headers=auth(services, same_name_elsewhere) | key)
    assert_problem(replayed, 404, "not_found")  # not the first answer, which showed the case
    assert_problem(http.post(path, json={"note": "别的"}, headers=auth(services, HANDLER) | key),
                   422, "idempotency_key_reused")  # fmt: skip


def test_steps_without_if_match_on_one_case_all_land(database_url: str, clock: Clock) -> None:
    """Officers noting progress at once, through two processes: none is refused for
    another's note; each lands once."""
    with serving(database_url, clock) as (http, services), serving(database_url, clock) as (_, other):
        case_id = assigned_appeal(http, services)
        apps = [create_app(services), create_app(other)]

        def noted(n: int) -> int:
            return note(TestClient(apps[n % 2]), services, case_id, None, f"进展{n}").status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(noted, range(32)))
        assert statuses == [200] * 32
        assert versions_of(services, case_id) == list(range(1, 4 + 32))


def test_steps_with_if_match_on_one_version_have_one_winner(database_url: str, clock: Clock) -> None:
    with serving(database_url, clock) as (http, services), serving(database_url, clock) as (_, other):
        case_id = assigned_appeal(http, services)
        apps = [create_app(services), create_app(other)]

        def noted(n: int) -> int:
            headers = auth(services, HANDLER) | {"If-Match": '"3"'}
            client = TestClient(apps[n % 2])
            return client.post(f"/api/v1/appeals/{case_id}/progress", json={"note": f"进展{n}"},
                               headers=headers).status_code  # fmt: skip

        with ThreadPoolExecutor(8) as pool:
            statuses = sorted(pool.map(noted, range(16)))
        assert statuses.count(200) == 1 and set(statuses) <= {200, 409, 412}
        assert versions_of(services, case_id) == [1, 2, 3, 4]
