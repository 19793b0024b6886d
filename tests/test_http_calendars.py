"""The working calendar as reference data an admin keeps over HTTP, on both stores: entering a
year the built-in calendar lacks makes deadlines in it computable without a restart; a revision
after a deadline was computed flags the case on the supervision list; the audit replays it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.calendar_year import CalendarYear
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import Services
from infrastructure.calendar_files import read_year_file
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, Clock
from tests.test_http_appeals import Client, assert_problem, created
from tests.test_http_policy_claims import claim_body, published
from tests.test_policy_claim_service import ADMIN, GXJ

EXAMPLE = read_year_file(Path(__file__).parent.parent / "docs" / "calendar-2027.example.toml", 2027)
YEAR_2027 = {
    "holidays": [day.isoformat() for day in EXAMPLE.days.holidays],
    "workdays": [day.isoformat() for day in EXAMPLE.days.workdays],
    "document": "国办发明电〔2026〕示例号",
}
MONDAY_28_DECEMBER = datetime(2026, 12, 28, 9, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def client(services: Services, clock: Clock) -> Iterator[Client]:
    clock.now = MONDAY_28_DECEMBER
    with TestClient(create_app(services)) as http:
        yield Client(http, services)


def put(client: Client, year: int, body: dict, as_=ADMIN, **headers: str):
    return client.http.put(
        f"/api/v1/calendars/{year}", json=body, headers=client.headers(as_, **headers)
    )


def received(client: Client) -> str:
    appeal = created(client)
    assert client.step(appeal["id"], "receive", {}).status_code == 200
    return appeal["id"]


def accepted_claim(client: Client, **accept: object):
    policy = published(client, review_days=5)
    body = claim_body(policy["id"], verification_due="2029-03-01")
    claim = client.post("/policy-claims", body, ENTERPRISE).json()
    return client.post(f"/policy-claims/{claim['id']}/accept", dict(accept), GXJ)


def test_a_year_entered_over_http_computes_deadlines_without_a_restart(
    client: Client, services: Services
) -> None:
    # 2027 is unknown: the refusal names the field that gives the deadline explicitly
    refused = assert_problem(
        client.step(received(client), "assign", {"department": "scjgj", "level": "county"}),
        422, "calendar_unavailable",
    )  # fmt: skip
    assert "2027" in refused["detail"] and "`deadline`" in refused["detail"]
    assert "`review_due`" in assert_problem(accepted_claim(client), 422, "calendar_unavailable")["detail"]
    explicit = accepted_claim(client, review_due="2027-01-08")
    assert explicit.status_code == 200 and explicit.json()["review_due"] == "2027-01-08"
    assert explicit.json()["review_calendar"] is None

    entered = put(client, 2027, YEAR_2027)
    assert entered.status_code == 200, entered.text
    assert entered.headers["ETag"] == '"1"'
    assert (entered.json()["calendar"], entered.json()["entered_by"]["id"]) == ("2027#1", "sun.hao")

    # five working days from Monday 28 December: 29, 30, 31, (元旦 1–3 off) 4, 5 January
    appeal = client.step(received(client), "assign", {"department": "scjgj", "level": "county"})
    assert appeal.status_code == 200, appeal.text
    assert (appeal.json()["deadline"], appeal.json()["deadline_calendar"]) == ("2027-01-05", "2026 2027#1")
    claim = accepted_claim(client)
    assert claim.status_code == 200, claim.text
    assert (claim.json()["review_due"], claim.json()["review_calendar"]) == ("2027-01-05", "2026 2027#1")
    stored = services.store.repository.get(CalendarYear.id_of(2027))
    assert stored.label() == "2027#1"
    assigned = services.appeals.get(UUID(appeal.json()["id"]), COORDINATOR)
    assert (assigned.deadline_calendar, assigned.deadline) == ("2026 2027#1", date(2027, 1, 5))

    listed = client.get("/calendars", AUDITOR).json()["years"]
    assert {"year": 2027, "source": "entered", "calendar": "2027#1"} in listed
    assert {"year": 2026, "source": "official", "calendar": None} in listed
    shown = client.get("/calendars/2027", HANDLER)
    assert shown.json()["holidays"] == YEAR_2027["holidays"] and shown.json()["revision"] == 1
    assert_problem(client.get("/calendars/2026", HANDLER), 404, "not_found")


def test_only_an_admin_enters_and_an_invalid_year_changes_nothing(client: Client) -> None:
    assert_problem(put(client, 2027, YEAR_2027, COORDINATOR), 403, "forbidden")
    wrong = [
        YEAR_2027 | {"holidays": ["2028-01-01"]},  # outside the year
        YEAR_2027 | {"workdays": ["2027-01-01"]},  # both off and on
        YEAR_2027 | {"workdays": ["2027-01-04"]},  # a make-up workday on a Monday
        YEAR_2027 | {"holidays": ["2027-01-01", "2027-01-01"]},  # named twice
        YEAR_2027 | {"holidays": []},
        YEAR_2027 | {"document": ""},
    ]
    for body in wrong:
        assert_problem(put(client, 2027, body), 422, "validation_error")
    assert_problem(client.get("/calendars/2027", ADMIN), 404, "not_found")
    assert put(client, 2027, YEAR_2027).status_code == 200
    assert put(client, 2027, YEAR_2027).json()["revision"] == 1  # the same again: nothing new
    revision = YEAR_2027 | {"holidays": [*YEAR_2027["holidays"], "2027-01-04"]}
    assert_problem(put(client, 2027, revision), 422, "validation_error")  # no reason given
    assert_problem(put(client, 2027, revision | {"reason": "补充"}, **{"If-Match": '"7"'}), 412, "precondition_failed")
    assert put(client, 2027, revision | {"reason": "补充"}, **{"If-Match": '"1"'}).json()["revision"] == 2


def test_a_revision_after_a_deadline_was_computed_flags_the_case_and_is_audited(
    client: Client, services: Services, clock: Clock
) -> None:
    assert put(client, 2027, YEAR_2027).status_code == 200
    appeal_id = received(client)
    assert client.step(appeal_id, "assign", {"department": "scjgj", "level": "county"}).status_code == 200
    clock.now = datetime(2027, 1, 7, 9, 0, tzinfo=CHINA_TZ)  # past the deadline of 5 January
    revised = YEAR_2027 | {"holidays": [*YEAR_2027["holidays"], "2027-01-04"], "reason": "通知更正"}
    assert put(client, 2027, revised).json()["calendar"] == "2027#2"

    entries = client.get("/supervision-list", COORDINATOR, rule="appeal_overdue").json()["entries"]
    [entry] = [e for e in entries if e["case_id"] == appeal_id]
    assert entry["calendar"] == "2026 2027#1"
    assert "第 1 版 → 第 2 版" in entry["calendar_changed"]
    table = client.http.get(
        "/api/v1/supervision-list", params={"format": "csv"}, headers=client.headers(COORDINATOR)
    )
    assert "期限所用工作日历" in table.text and "第 2 版" in table.text

    # a deadline computed under the revision in force is not flagged
    later = received(client)
    assert client.step(later, "assign", {"department": "scjgj", "level": "county"}).status_code == 200
    clock.now = datetime(2027, 1, 20, 9, 0, tzinfo=CHINA_TZ)
    entries = client.get("/supervision-list", COORDINATOR, rule="appeal_overdue").json()["entries"]
    [fresh] = [e for e in entries if e["case_id"] == later]
    assert fresh["calendar"] == "2027#2" and fresh["calendar_changed"] is None

    replay = client.get(f"/audit/calendars/{CalendarYear.id_of(2027)}/events", AUDITOR).json()
    assert [(e["event"], e["actor_id"]) for e in replay["events"]] == [
        ("Entered", "sun.hao"), ("Revised", "sun.hao")
    ]
    first = client.get(f"/audit/calendars/{CalendarYear.id_of(2027)}/state", AUDITOR, version=1)
    assert first.status_code == 200, first.text
    assert "2027-01-04" not in first.json()["state"]["holidays"]
    activity = client.get("/audit/activity", AUDITOR, kind="calendar").json()["items"]
    assert [item["event"] for item in activity] == ["Entered", "Revised"]
    for view in services.views.values():
        view.catch_up()
        assert view.differences() == [], view.name


def test_a_year_neither_calendar_knows_is_refused_unless_the_date_is_given(
    client: Client, clock: Clock
) -> None:
    assert put(client, 2027, YEAR_2027).status_code == 200
    clock.now = datetime(2027, 12, 27, 9, 0, tzinfo=CHINA_TZ)
    appeal_id = received(client)
    body = {"department": "scjgj", "level": "county"}
    assert "`deadline`" in assert_problem(client.step(appeal_id, "assign", body), 422, "calendar_unavailable")["detail"]
    assert client.step(appeal_id, "assign", body | {"deadline": "2028-01-10"}).json()["deadline"] == "2028-01-10"
    assert "`review_due`" in assert_problem(accepted_claim(client), 422, "calendar_unavailable")["detail"]


def test_disbursement_dates_beyond_the_calendar_are_given_explicitly(
    client: Client, clock: Clock
) -> None:
    clock.now = datetime(2026, 12, 24, 9, 0, tzinfo=CHINA_TZ)  # ten working days reach 2027
    policy = published(client, mode="apply_and_receive", title="即申即享补贴")
    body = claim_body(policy["id"], commitment=None, verification_due=None)
    claim = client.post("/policy-claims", body, ENTERPRISE).json()
    accept = {"review_due": "2026-12-31"}
    assert client.post(f"/policy-claims/{claim['id']}/accept", accept, GXJ).status_code == 200
    approve = f"/policy-claims/{claim['id']}/approve"
    refused = assert_problem(client.post(approve, {"amount": "1000.00"}, GXJ), 422, "calendar_unavailable")
    assert "`disbursement_due`" in refused["detail"]
    approved = client.post(approve, {"amount": "1000.00", "disbursement_due": "2027-01-11"}, GXJ)
    assert approved.status_code == 200, approved.text
    assert (approved.json()["disbursement_due"], approved.json()["disbursement_calendar"]) == ("2027-01-11", None)


def test_report_figures_stay_as_the_rebuild_makes_them_when_a_year_is_entered(
    client: Client, services: Services, clock: Clock
) -> None:
    appeal_id = received(client)
    body = {"department": "scjgj", "level": "county", "deadline": "2027-01-08"}
    assert client.step(appeal_id, "assign", body).status_code == 200
    clock.now = datetime(2027, 1, 6, 9, 0, tzinfo=CHINA_TZ)
    resolve = {"outcome": "solved", "resolution": "已办结"}
    assert client.step(appeal_id, "resolve", resolve, HANDLER).status_code == 200

    def verified() -> None:
        for view in services.views.values():
            view.catch_up()
            assert view.differences() == [], view.name

    def measures() -> set[str]:
        row = services.reports.counts.view.all_rows()[UUID(appeal_id)]
        return {name for kept in row.slots.values() for name in kept if name.startswith("resolve_")}

    verified()
    assert measures() == {"resolve_unknown"}  # 2027 is not known yet
    assert put(client, 2027, YEAR_2027).status_code == 200
    verified()  # the case's figures were made before the year was entered, and stay so
    assert measures() == {"resolve_unknown"}
    follow_up = {"satisfaction": "satisfied", "comment": "满意"}
    assert client.step(appeal_id, "follow-up", follow_up).status_code == 200
    verified()  # made again after it: with the entered year, as a rebuild makes them too
    assert measures() == {"resolve_days", "resolve_timed"}
    services.reports.counts.rebuild()
    verified()
    assert measures() == {"resolve_days", "resolve_timed"}
