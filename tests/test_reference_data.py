"""Reference data an office keeps itself, end to end over HTTP, on both stores: an admin
registers the county's departments and its 2027 calendar; without a restart a deadline in January
2027 is computed, reports and spreadsheets show names and Chinese values, and the audit replay
shows who changed the registry and the calendar."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from domain.clock import CHINA_TZ
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, HANDLER, Clock
from tests.http_cases import auth
from tests.test_http_appeals import APPEAL
from tests.test_http_calendars import YEAR_2027
from tests.test_policy_claim_service import ADMIN

MONDAY_28_DECEMBER = datetime(2026, 12, 28, 9, 0, tzinfo=CHINA_TZ)
DEPARTMENTS = [
    {"code": "scjgj", "name": "南昌县市场监督管理局", "short_name": "县市场监管局", "kind": "department"},
    {"code": "zrzyj", "name": "南昌县自然资源局", "kind": "department"},
    {"code": "yshb", "name": "南昌县营商环境办", "kind": "coordinating_office"},
]


@pytest.fixture
def http(services: Services, clock: Clock) -> Iterator[TestClient]:
    clock.now = MONDAY_28_DECEMBER
    with TestClient(create_app(services)) as client:
        yield client


def test_an_office_keeps_its_reference_data_and_every_figure_follows(
    http: TestClient, services: Services, clock: Clock
) -> None:
    admin, office, auditor = (auth(services, who) for who in (ADMIN, COORDINATOR, AUDITOR))
    units = [http.post("/api/v1/units", json={"jurisdiction": "360121"} | body, headers=admin)
             for body in DEPARTMENTS]  # fmt: skip
    assert [unit.status_code for unit in units] == [201, 201, 201]
    assert http.put("/api/v1/calendars/2027", json=YEAR_2027, headers=admin).status_code == 200

    appeal = http.post("/api/v1/appeals", json=APPEAL | {"occurred_at": "2026-12-28T08:30:00+08:00"},
                       headers=office).json()  # fmt: skip
    steps = f"/api/v1/appeals/{appeal['id']}"
    assert http.post(f"{steps}/receive", json={}, headers=office).status_code == 200
    refused = http.post(f"{steps}/assign", json={"department": "yshb", "level": "county"}, headers=office)
    assert (refused.status_code, refused.json()["code"]) == (422, "unit_unavailable")
    assigned = http.post(f"{steps}/assign", json={"department": "scjgj", "level": "county"}, headers=office)
    assert assigned.status_code == 200, assigned.text
    # 审批服务 appeals: 5 working days from Monday 28 December, 元旦 (1–3 January) off
    assert (assigned.json()["deadline"], assigned.json()["deadline_calendar"]) == ("2027-01-05", "2026 2027#1")
    clock.now = datetime(2026, 12, 30, 15, 0, tzinfo=CHINA_TZ)
    resolve = {"outcome": "solved", "resolution": "已办结"}
    assert http.post(f"{steps}/resolve", json=resolve, headers=auth(services, HANDLER)).status_code == 200

    rates = http.get("/api/v1/reports/closure-rates", headers=office,
                     params={"period": "2026-12", "group_by": "department"}).json()  # fmt: skip
    assert [(g["group"], g["name"], g["received"], g["resolved"]) for g in rates["groups"]] == [
        ("scjgj", "南昌县市场监督管理局", 1, 1)
    ]
    sheet = http.get("/api/v1/appeals", params={"format": "csv"}, headers=office)
    row = next(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert (row["状态"], row["状态代码"], row["诉求渠道"], row["单位名称"]) == (
        "已办结", "resolved", "12345热线", "南昌县市场监督管理局"
    )  # fmt: skip
    vocabulary = http.get("/api/v1/vocabulary", params={"name": "unit_kind"}, headers=office).json()
    assert {"code": "department", "label": "职能部门"} in vocabulary["unit_kind"]

    activity = http.get("/api/v1/audit/activity", headers=auditor,
                        params={"from": "2026-12-28T00:00:00+08:00", "to": "2026-12-29T00:00:00+08:00"})  # fmt: skip
    changes = [(act["kind"], act["case_number"], act["event"], act["actor_id"])
               for act in activity.json()["items"] if act["kind"] in ("unit", "calendar")]  # fmt: skip
    assert sorted(changes) == [  # at one moment: ordered by case, not as entered
        ("calendar", "RL-2027", "Entered", "sun.hao"),
        ("unit", "scjgj", "Registered", "sun.hao"),
        ("unit", "yshb", "Registered", "sun.hao"),
        ("unit", "zrzyj", "Registered", "sun.hao"),
    ]
    replay = http.get(f"/api/v1/audit/units/{units[0].json()['id']}/events", headers=auditor)
    assert [(e["event"], e["actor_id"]) for e in replay.json()["events"]] == [("Registered", "sun.hao")]
