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
    entries = services.timelines.enterprise(AUDITOR, ACME.value).entries
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


def test_the_pages_together_are_the_whole_timeline(services: Services, clock: Clock) -> None:
    """Over HTTP, a page at a time in the order of the whole, each event once; the embedded
    service pages alike; a cursor this service did not give is refused and changes nothing."""
    with TestClient(create_app(services)) as http:
        ids = create_one_of_each(http, services)
        clock.advance(hours=1)
        http.post(f"/api/v1/appeals/{ids['appeals']}/withdraw", json={"reason": "已解决"},
                  headers=auth(services, ENTERPRISE))  # fmt: skip
        path, headers = f"/api/v1/enterprises/{ACME.value}/timeline", auth(services, AUDITOR)
        for _ in range(3):  # audit reads of the appeal: acts on it, not in its timeline
            read = http.get(f"/api/v1/audit/appeals/{ids['appeals']}/events", headers=headers)
            assert read.status_code == 200, read.text
        whole = http.get(path, headers=headers).json()
        assert whole["next_cursor"] is None and len(whole["entries"]) == 5  # noqa: PLR2004 - 4 cases, 1 step
        for limit in (1, 2, 5):
            seen, cursor = [], None
            for _ in whole["entries"]:
                params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
                page = http.get(path, params=params, headers=headers).json()
                assert len(page["entries"]) <= limit
                seen += page["entries"]
                if (cursor := page["next_cursor"]) is None:
                    break
            assert seen == whole["entries"]
        first = services.timelines.enterprise(AUDITOR, ACME.value, limit=3)
        rest = services.timelines.enterprise(AUDITOR, ACME.value, cursor=first.next_cursor)
        assert [e.version for e in first.entries + rest.entries] == [e["version"] for e in whole["entries"]]
        case = whole["entries"][0]["case_id"]
        for bad in ({"cursor": "not-a-cursor"}, {"cursor": "2026-03-02T09:00:00|x|1"}, {"limit": 0},
                    {"limit": 1001}, {"cursor": f"0001-01-01T00:00:00+08:00|{case}|1"},
                    {"cursor": f"2026-03-02T09:00:00+08:00|{case}|{2**63}"}):  # fmt: skip
            assert_problem(http.get(path, params=bad, headers=headers), 422, "validation_error")
