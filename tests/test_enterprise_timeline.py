"""An enterprise's timeline across the four kinds of case, scoped, on both stores, over HTTP."""

from __future__ import annotations

from uuid import UUID

from fastapi.testclient import TestClient

from application.timeline_service import CASE_KINDS
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import ACME, AUDITOR, ENTERPRISE, OTHER_ENTERPRISE, OTHER_HANDLER, Clock
from tests.http_cases import auth, create_one_of_each
from tests.test_http_appeals import assert_problem


def test_the_timeline_spans_every_kind_of_case(services: Services, clock: Clock) -> None:
    with TestClient(create_app(services)) as http:
        ids = create_one_of_each(http, services)
        clock.advance(hours=1)
        http.post(f"/api/v1/appeals/{ids['appeals']}/withdraw", json={"reason": "已解决"},
                  headers=auth(services, ENTERPRISE))  # fmt: skip
        path = f"/api/v1/enterprises/{ACME.value}/timeline"
        mine = http.get(path, headers=auth(services, ENTERPRISE))
        assert mine.status_code == 200, mine.text
        entries = mine.json()["entries"]
        assert {e["kind"] for e in entries} == {"appeal", "inspection", "mediation", "policy_claim"}
        assert [e["occurred_at"] for e in entries] == sorted(e["occurred_at"] for e in entries)
        assert entries[-1]["event"] == "Withdrawn" and entries[-1]["actor_role"] == "enterprise"
        assert len(http.get(path, headers=auth(services, AUDITOR)).json()["entries"]) == len(entries)
        assert_problem(http.get(path, headers=auth(services, OTHER_HANDLER)), 403, "forbidden")
        other = f"/api/v1/enterprises/{OTHER_ENTERPRISE.value}/timeline"
        assert_problem(http.get(other, headers=auth(services, ENTERPRISE)), 403, "forbidden")
        bad = "/api/v1/enterprises/91360121MA35ABCD05/timeline"
        assert_problem(http.get(bad, headers=auth(services, AUDITOR)), 422, "validation_error")


def test_the_timeline_holds_every_event_of_the_enterprises_cases(services: Services) -> None:
    """Read from the activity view, it names each stored event of each case once, as stored."""
    with TestClient(create_app(services)) as http:
        ids = create_one_of_each(http, services)
    entries, _ = services.timelines.enterprise(AUDITOR, ACME.value)
    histories = [list(services.store.events.get(UUID(case_id))) for case_id in ids.values()]
    expected = sorted(
        (event.originator_id, event.originator_version, type(event).__name__, event.actor.id,
         event.occurred_at)
        for events in histories
        if ACME.value in services.store.repository.get(events[0].originator_id).credit_codes()
        for event in events
    )  # fmt: skip
    shown = sorted((e.case_id, e.version, e.event, e.actor_id, e.occurred_at) for e in entries)
    assert shown == expected and {entry.kind for entry in entries} == set(CASE_KINDS)
