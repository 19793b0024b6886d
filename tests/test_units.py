"""The registry of units (机构名录), on both stores: kept by the admin over HTTP and the CLI,
audited; assignments checked against it; names shown beside codes in reports, the ranking,
the supervision list and case lists."""

from __future__ import annotations

import csv
import io
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from application.appeal_commands import Assign, Receive
from application.errors import VersionConflict
from application.policy_claim_commands import Accept, Route
from application.unit_service import RegisterUnit
from application.principal import Principal
from domain.actor import Actor, Role
from domain.appeal import HandlingLevel
from domain.policy_claim import PolicyMode
from domain.clock import CHINA_TZ
from domain.errors import InvalidValue
from domain.unit import HANDLING, Unit, UnitKind, UnitRegistry, UnitTerms, UnitUnavailable, unit_id
from infrastructure.bootstrap import Services
from interface.cli import app as cli
from tests.builders import AUDITOR, COORDINATOR, FOREIGN_COORDINATOR, HANDLER, NANCHANG_COUNTY, Clock
from tests.builders import submission
from tests.http_cases import auth
from tests.test_department_ranking import history
from tests.test_mediation_service import ASSIGN, DISPUTE
from tests.test_policy_claim_service import ADMIN, GXJ, publish, submitted

UNITS = "/api/v1/units"
SCJGJ = {"jurisdiction": "360121", "code": "scjgj", "name": "南昌县市场监督管理局",
         "short_name": "县市场监管局", "kind": "department"}  # fmt: skip
ZRZYJ = {"jurisdiction": "360121", "code": "zrzyj", "name": "南昌县自然资源局", "kind": "department"}
SWJ = {"jurisdiction": "360121", "code": "swj", "name": "南昌县税务局", "kind": "department"}
COURT = {"jurisdiction": "360121", "code": "ncxfy", "name": "南昌县人民法院", "kind": "court"}
OTHER_ADMIN = Principal(Actor("qian.li", Role.ADMIN, "zwfw"), FOREIGN_COORDINATOR.jurisdiction)


def register(http: TestClient, services: Services, body: dict[str, Any]) -> dict[str, Any]:
    answer = http.post(UNITS, json=body, headers=auth(services, ADMIN))
    assert answer.status_code == 201, answer.text
    return answer.json()


def assign(services: Services, department: str) -> Any:
    appeal = services.appeals.submit(submission(), COORDINATOR)
    services.appeals.execute(appeal.id, Receive(), COORDINATOR)
    command = Assign(department=department, level=HandlingLevel.COUNTY)
    return services.appeals.execute(appeal.id, command, COORDINATOR)


# --- keeping the registry --------------------------------------------------------------------


def test_an_admin_registers_changes_and_retires_units_and_everyone_reads_them(
    http: TestClient, services: Services, clock: Clock
) -> None:
    unit = register(http, services, SCJGJ)
    assert (unit["code"], unit["name"], unit["short_name"], unit["kind"], unit["status"]) == (
        "scjgj", "南昌县市场监督管理局", "县市场监管局", "department", "active"
    )  # fmt: skip
    url = f"{UNITS}/{unit['id']}"
    revise = {"name": "南昌县市场监管局", "kind": "department", "reason": "机构改革更名"}
    stale = http.post(f"{url}/revise", json=revise, headers=auth(services, ADMIN) | {"If-Match": '"9"'})
    assert stale.status_code == 412
    revised = http.post(f"{url}/revise", json=revise, headers=auth(services, ADMIN) | {"If-Match": '"1"'})
    assert revised.status_code == 200, revised.text
    assert (revised.json()["name"], revised.json()["short_name"], revised.headers["ETag"]) == (
        "南昌县市场监管局", "南昌县市场监管局", '"2"'
    )  # fmt: skip
    retire = {"last_day": "2026-03-31", "reason": "职能划转"}
    retired = http.post(f"{url}/retire", json=retire, headers=auth(services, ADMIN))
    assert (retired.json()["status"], retired.json()["active_to"]) == ("retired", "2026-03-31")
    again = http.post(f"{url}/retire", json=retire, headers=auth(services, ADMIN))
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    for reader in (COORDINATOR, HANDLER, AUDITOR):  # names are public within the county
        listed = http.get(UNITS, headers=auth(services, reader)).json()
        assert [(item["case_number"], item["status"]) for item in listed["items"]] == [("scjgj", "retired")]
        assert listed["units"] == {"scjgj": "南昌县市场监管局"}
    assert http.get(UNITS, headers=auth(services, FOREIGN_COORDINATOR)).json()["items"] == []


def test_only_an_admin_of_the_jurisdiction_keeps_its_registry_and_bad_entries_change_nothing(
    http: TestClient, services: Services
) -> None:
    assert http.post(UNITS, json=SCJGJ, headers=auth(services, COORDINATOR)).status_code == 403
    assert http.post(UNITS, json=SCJGJ, headers=auth(services, OTHER_ADMIN)).status_code == 403
    for bad in (
        SCJGJ | {"code": "市场局"},
        SCJGJ | {"code": "A" * 3},
        SCJGJ | {"kind": "ministry"},
        SCJGJ | {"name": " "},
        SCJGJ | {"name": "市场\u202e局"},
        SCJGJ | {"parent": "scjgj"},
        SCJGJ | {"active_from": "2026-02-30"},
        SCJGJ | {"extra": 1},
    ):
        answer = http.post(UNITS, json=bad, headers=auth(services, ADMIN))
        assert answer.status_code == 422, (bad, answer.text)
    assert services.store.recorder.max_notification_id() in (None, 0)
    register(http, services, SCJGJ)
    twice = http.post(UNITS, json=SCJGJ | {"name": "另一个"}, headers=auth(services, ADMIN))
    assert (twice.status_code, twice.json()["code"]) == (409, "version_conflict")
    assert "registered already" in twice.json()["detail"]


def test_the_audit_replay_shows_who_changed_the_registry(
    http: TestClient, services: Services, clock: Clock
) -> None:
    unit = register(http, services, SCJGJ)
    clock.advance(hours=1)
    revise = {"name": "南昌县市场监管局", "kind": "department", "reason": "机构改革更名"}
    http.post(f"{UNITS}/{unit['id']}/revise", json=revise, headers=auth(services, ADMIN))
    replay = http.get(f"/api/v1/audit/units/{unit['id']}/events", headers=auth(services, AUDITOR))
    assert replay.status_code == 200, replay.text
    events = replay.json()["events"]
    assert [(e["event"], e["actor_id"], e["actor_role"]) for e in events] == [
        ("Registered", "sun.hao", "admin"), ("Revised", "sun.hao", "admin"),
    ]  # fmt: skip
    changed = {c["field"]: (c["before"], c["after"]) for c in events[1]["changes"]}
    assert "terms" in changed and "南昌县市场监管局" in str(changed["terms"][1])
    before = http.get(
        f"/api/v1/audit/units/{unit['id']}/state", params={"version": 1}, headers=auth(services, AUDITOR)
    )
    assert before.json()["state"]["terms"]["name"] == "南昌县市场监督管理局"
    activity = http.get("/api/v1/audit/activity", params={"kind": "unit"}, headers=auth(services, AUDITOR))
    assert [act["event"] for act in activity.json()["items"]] == ["Registered", "Revised"]


# --- assignments checked against it ----------------------------------------------------------


def test_a_jurisdiction_without_a_registry_assigns_to_any_code(services: Services) -> None:
    assert assign(services, "anything").department == "anything"


def test_once_kept_an_appeal_goes_only_to_an_active_handling_unit(
    http: TestClient, services: Services, clock: Clock
) -> None:
    register(http, services, SCJGJ)
    register(http, services, COURT)
    unit = register(http, services, ZRZYJ)
    retire = {"last_day": "2026-03-02", "reason": "职能划转"}
    http.post(f"{UNITS}/{unit['id']}/retire", json=retire, headers=auth(services, ADMIN))
    assert assign(services, "scjgj").department == "scjgj"
    assert assign(services, "zrzyj").department == "zrzyj"  # its last day is today
    clock.advance(days=1)
    for code, says in [("nobody", "not in the registry"), ("ncxfy", "is a court, not a department or park or township"),
                       ("zrzyj", "does not act on 2026-03-03")]:  # fmt: skip
        with pytest.raises(UnitUnavailable, match=says):
            assign(services, code)
    appeal = services.appeals.submit(submission(), COORDINATOR)
    headers = auth(services, COORDINATOR)
    http.post(f"/api/v1/appeals/{appeal.id}/receive", json={}, headers=headers)
    refused = http.post(f"/api/v1/appeals/{appeal.id}/assign",
                        json={"department": "nobody", "level": "county"}, headers=headers)  # fmt: skip
    assert (refused.status_code, refused.json()["code"]) == (422, "unit_unavailable")
    assert services.appeals.get(appeal.id, COORDINATOR).version == 2  # nothing recorded


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(UnitKind), first=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
       last=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2031, 12, 31))),
       day=st.dates(date(2000, 1, 1), date(2031, 12, 31)))  # fmt: skip
def test_a_unit_takes_appeals_exactly_while_it_is_an_active_handling_unit(
    kind: UnitKind, first: date, last: date | None, day: date
) -> None:
    unit = Unit.register(code="u1", jurisdiction=NANCHANG_COUNTY, actor=ADMIN.actor,
                         terms=UnitTerms("单位", "单位", kind, None, first),
                         occurred_at=datetime(2026, 3, 2, tzinfo=CHINA_TZ))  # fmt: skip
    if last is not None:
        try:
            unit.retire(last, "撤销", ADMIN.actor, datetime(2026, 3, 2, tzinfo=CHINA_TZ))
        except InvalidValue:
            # the only retirements refused: before its first day, or over 5 years ahead
            assert last < first or last > date(2031, 3, 2)
            last = None
    takes = kind in HANDLING and first <= day and (last is None or day <= last)
    try:
        unit.require_acting(day, HANDLING, "test")
        assert takes
    except UnitUnavailable:
        assert not takes


# --- names beside codes ----------------------------------------------------------------------


def test_reports_lists_and_the_ranking_show_names_and_rank_only_handling_units(
    http: TestClient, services: Services, clock: Clock
) -> None:
    history(services, clock)  # March 2026: swj, zrzyj, scjgj handled appeals; yjglj inspected
    for body in (SCJGJ, ZRZYJ, SWJ):
        register(http, services, body)
    register(http, services, {"jurisdiction": "360121", "code": "yjglj", "name": "县应急管理局",
                              "kind": "mediating_organisation"})  # fmt: skip
    headers = auth(services, COORDINATOR)
    rates = http.get("/api/v1/reports/closure-rates",
                     params={"period": "2026-03", "group_by": "department"}, headers=headers)  # fmt: skip
    assert {g["group"]: g["name"] for g in rates.json()["groups"]} == {
        "scjgj": "南昌县市场监督管理局", "swj": "南昌县税务局", "zrzyj": "南昌县自然资源局",
    }  # fmt: skip
    assert rates.json()["total"]["name"] is None
    as_csv = http.get("/api/v1/reports/closure-rates", headers=headers,
                      params={"period": "2026-03", "group_by": "department", "format": "csv"})  # fmt: skip
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["分组", "分组代码"] and ["南昌县市场监督管理局", "scjgj"] in [r[:2] for r in rows]
    ranking = http.get("/api/v1/reports/department-ranking", params={"period": "2026-03"}, headers=headers)
    assert [(d["department"], d["name"], d["rank"]) for d in ranking.json()["departments"]] == [
        ("swj", "南昌县税务局", 1), ("zrzyj", "南昌县自然资源局", 1), ("scjgj", "南昌县市场监督管理局", 3),
    ]  # yjglj, a mediating organisation here, is not ranked  # fmt: skip
    ranked = http.get("/api/v1/reports/department-ranking", headers=headers,
                      params={"period": "2026-03", "format": "csv"})  # fmt: skip
    table = list(csv.reader(io.StringIO(ranked.content.decode("utf-8-sig"))))
    assert [row[:3] for row in table[:2]] == [["排名", "单位", "单位代码"], ["1", "南昌县税务局", "swj"]]
    listed = http.get("/api/v1/supervision-list", headers=headers, params={"as_of": "2026-03-31T18:00:00+08:00"})
    assert listed.json()["units"] == {"scjgj": "南昌县市场监督管理局", "yjglj": "县应急管理局"}
    sheet = http.get("/api/v1/supervision-list", headers=headers,
                     params={"as_of": "2026-03-31T18:00:00+08:00", "format": "csv"})  # fmt: skip
    table = list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert {row["责任单位名称"] for row in table} == {"南昌县市场监督管理局", "县应急管理局"}
    appeals = http.get("/api/v1/appeals", params={"department": "zrzyj"}, headers=headers).json()
    assert appeals["units"] == {"zrzyj": "南昌县自然资源局"}
    exported = http.get("/api/v1/appeals", params={"format": "csv"}, headers=headers)
    names = {row["单位名称"] for row in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))}
    assert names == {"南昌县市场监督管理局", "南昌县自然资源局", "南昌县税务局"}


# --- the command line ------------------------------------------------------------------------


def test_the_command_line_imports_lists_and_retires_units(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YINGSHANG_DATABASE_URL", services.settings.database_url)
    monkeypatch.setenv("YINGSHANG_TOKEN_SECRET", services.settings.token_secret.get_secret_value())
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        "代码,名称,简称,类型,上级,启用日期\n"
        "scjgj,南昌县市场监督管理局,县市场监管局,department,,2019-03-01\n"
        "scjgj-zx,县市场监管局执法大队,执法大队,department,scjgj,\n"
        "tjwyh,县人民调解委员会,县调委会,mediating_organisation,,\n"
        "bad,没有类型,,ministry,,\n",
        encoding="utf-8-sig",
    )
    runner = CliRunner()
    imported = runner.invoke(cli, ["unit", "import", str(sheet), "--jurisdiction", "360121", "--actor", "sun.hao"])
    assert imported.exit_code == 1, imported.output  # the bad row is named; the good went in
    assert "row 5" in imported.output and "ministry" in imported.output
    again = runner.invoke(cli, ["unit", "import", str(sheet), "--jurisdiction", "360121"])
    assert again.output.count("registered already") == 3
    listed = runner.invoke(cli, ["unit", "list", "--jurisdiction", "360121"])
    assert listed.exit_code == 0 and listed.output.splitlines() == [
        "scjgj\t南昌县市场监督管理局\t县市场监管局\tdepartment\tactive",
        "scjgj-zx\t县市场监管局执法大队\t执法大队\tdepartment\tactive",
        "tjwyh\t县人民调解委员会\t县调委会\tmediating_organisation\tactive",
    ]
    added = runner.invoke(cli, ["unit", "add", "swj", "--jurisdiction", "360121",
                                "--name", "南昌县税务局", "--kind", "department"])  # fmt: skip
    assert added.exit_code == 0, added.output
    again_added = runner.invoke(cli, ["unit", "add", "swj", "--jurisdiction", "360121",
                                      "--name", "南昌县税务局", "--kind", "department"])  # fmt: skip
    assert again_added.exit_code == 1 and "registered already" in again_added.output
    retired = runner.invoke(cli, ["unit", "retire", "tjwyh", "--jurisdiction", "360121",
                                  "--last-day", "2026-12-31", "--reason", "合并"])  # fmt: skip
    assert retired.exit_code == 0 and "retired after 2026-12-31" in retired.output
    replay = services.audit.events(AUDITOR, Unit, unit_id(NANCHANG_COUNTY, "scjgj"))
    assert [event.actor_id for event in replay.events] == ["sun.hao"]


def test_mediations_and_claims_are_handed_only_to_registered_units_of_their_kind(
    http: TestClient, services: Services
) -> None:
    register(http, services, SCJGJ)  # the county keeps a registry from now on
    case = services.mediations.register(DISPUTE, COORDINATOR)
    with pytest.raises(UnitUnavailable, match="gsl-tjwyh is not in the registry"):
        services.mediations.execute(case.id, ASSIGN, COORDINATOR)
    register(http, services, {"jurisdiction": "360121", "code": "gsl-tjwyh",
                              "name": "县工商联人民调解委员会", "kind": "mediating_organisation"})  # fmt: skip
    assert services.mediations.execute(case.id, ASSIGN, COORDINATOR).organisation == "gsl-tjwyh"
    policy = publish(services, mode=PolicyMode.COMMITMENT)
    claim = submitted(services, policy.id, commitment="承诺", verification_due=date(2027, 1, 4))
    services.claims.execute(claim.id, Accept(), GXJ)
    with pytest.raises(UnitUnavailable, match="kjj is not in the registry"):
        services.claims.execute(claim.id, Route(department="kjj"), GXJ)
    with pytest.raises(UnitUnavailable, match="not a department or park or township"):
        services.claims.execute(claim.id, Route(department="gsl-tjwyh"), GXJ)
    register(http, services, {"jurisdiction": "360121", "code": "kjj", "name": "县科技局", "kind": "department"})
    assert services.claims.execute(claim.id, Route(department="kjj"), GXJ).review_department == "kjj"


def test_units_registered_at_once_all_go_in_and_open_one_registry(services: Services) -> None:
    """The first units of a county registered concurrently: each goes in (the ones that lose
    the race to open the registry try again), the registry is opened once, and a code
    registered twice at once goes in once."""
    codes = [f"u{n}" for n in range(6)] + ["u0"]
    barrier = threading.Barrier(len(codes))
    outcomes: list[str] = []

    def register_one(code: str) -> None:
        terms = UnitTerms(f"单位{code}", code, UnitKind.DEPARTMENT, None, None)
        barrier.wait()
        try:
            services.units.register(RegisterUnit(jurisdiction=NANCHANG_COUNTY, code=code, terms=terms), ADMIN)
            outcomes.append(code)
        except VersionConflict as conflict:
            outcomes.append(f"conflict {code}: {conflict}")

    threads = [threading.Thread(target=register_one, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict u0: unit u0 of 360121 is registered already",
                                "u0", "u1", "u2", "u3", "u4", "u5"]  # fmt: skip
    registry = services.store.repository.get(UnitRegistry.create_id(NANCHANG_COUNTY))
    assert registry.version == 1
    assert sorted(services.units.directory("360121")) == [f"u{n}" for n in range(6)]
