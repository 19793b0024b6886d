"""Bulk import of history, on both stores: a dirty 12345 export imports as the same history
entered through the services, again adds nothing, dry runs write nothing, refused rows are
reported by row and column in Chinese and English, each case goes in whole or not at all, and
every imported event names its import."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from application.activity import ActivityQuery
from application.appeal_commands import Assign, Close, FollowUp, Receive, Resolve, SubmitAppeal
from application.import_mapping import ImportMapping
from application.import_rows import RowRefused, SourceRow, parse_moment
from application.principal import Principal
from bench.hotline_export import Order, hotline_export
from domain.actor import Actor, Role
from domain.appeal import Appeal, Category, Channel, HandlingLevel, Outcome, Satisfaction, Urgency
from domain.clock import CHINA_TZ
from domain.enterprise import Contact, CreditCode, Enterprise
from infrastructure.backends import BACKENDS
from infrastructure.bootstrap import Services
from infrastructure.database import store_env
from infrastructure.import_files import import_file
from tests.builders import (
    AUDITOR, COORDINATOR, FOREIGN_COORDINATOR, HANDLER, OTHER_COUNTY, Clock, submission,
)  # fmt: skip
from tests.conftest import open_services
from tests.console_support import signed_in

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ImportMapping.from_toml((ROOT / "docs" / "12345-mapping.example.toml").read_text())
HEADINGS = ("来源编号,企业名称,统一社会信用代码,诉求渠道,诉求类别,诉求内容,登记时间,受理时间,"
            "交办时间,承办单位,办理期限,办结时间,办结方式,办结答复,回访时间,回访结果,销号时间")  # fmt: skip
GOOD = "GD-1,南昌某某科技有限公司,91360121MA35ABCD04,12345热线,审批服务,施工许可超期,2025-03-03 09:00"
FOREIGN_AUDITOR = Principal(Actor("zhao.lei", Role.AUDITOR, "jw"), OTHER_COUNTY)


def ledger(*rows: str, encoding: str = "utf-8-sig") -> bytes:
    return "\n".join((HEADINGS, *rows)).encode(encoding)


def imported(services: Services, data: bytes, name: str = "台账.csv", **options: bool):  # noqa: ANN201
    mapping = MAPPING if name.endswith(".xlsx") else None
    return services.imports.run("appeals", import_file(data, name, mapping), COORDINATOR, **options)


def entered(services: Services, order: Order) -> None:
    """The order's history entered call by call, in the other county."""
    by, appeals = FOREIGN_COORDINATOR, services.appeals
    appeal = appeals.submit(SubmitAppeal(
        jurisdiction=OTHER_COUNTY, enterprise=Enterprise(CreditCode(order.credit_code), order.enterprise),
        channel=Channel.HOTLINE_12345, category=Category(order.category), urgency=Urgency.NORMAL,
        summary=order.summary, contact=Contact("刘先生", "13800000000"), occurred_at=order.submitted,
    ), by)  # fmt: skip
    appeals.execute(appeal.id, Receive(occurred_at=order.received), by)
    if order.assigned:
        step = Assign(department=order.unit, level=HandlingLevel.COUNTY, deadline=order.deadline,
                      occurred_at=order.assigned)  # fmt: skip
        appeals.execute(appeal.id, step, by)
    if order.resolved:
        handler = Principal(Actor("li.na", Role.HANDLER, order.unit or ""), OTHER_COUNTY)
        step = Resolve(outcome=Outcome(order.outcome), resolution="已答复", occurred_at=order.resolved)
        appeals.execute(appeal.id, step, handler)
    if order.followed_up:
        step = FollowUp(satisfaction=Satisfaction(order.satisfaction), occurred_at=order.followed_up)
        appeals.execute(appeal.id, step, by)
    if order.closed:
        appeals.execute(appeal.id, Close(reason="已销号", occurred_at=order.closed), by)


def figures(report: Any) -> list[str]:
    """Each group's counts and ratios, as they print."""
    return [f"{group!r} {group.ratios()!r}" for group in (report.total, *report.groups)]


def test_a_dirty_hotline_export_reports_as_the_same_history_entered_through_the_services(
    services: Services,
) -> None:
    data, orders = hotline_export(300, seed=7)
    report = imported(services, data, "12345工单.xlsx")
    for order in orders:
        entered(services, order)
    assert report.imported == len(orders) and report.failed
    assert {problem.column for problem in report.failed} == {"统一社会信用代码", "企业名称"}
    assert report.skipped == report.rows - len(orders) - len(report.failed)  # the repeated rows
    for group_by in (None, "department"):
        ours = services.reports.closure_rates(AUDITOR, "2025", group_by)
        theirs = services.reports.closure_rates(FOREIGN_AUDITOR, "2025", group_by)
        assert figures(ours) == figures(theirs) and len(ours.groups) == (5 if group_by else 0)
    assert ours.total.received == len(orders)
    again = imported(services, data, "12345工单.xlsx")
    assert (again.imported, again.events, again.skipped) == (0, 0, report.skipped + report.imported)
    assert all(not updater.differences() for updater in services.views.values())
    assert services.audit.verify(AUDITOR.actor).holds


def test_importing_again_or_dry_adds_nothing(services: Services) -> None:
    data = ledger(GOOD, GOOD.replace("GD-1", "GD-2"))
    dry = imported(services, data, dry_run=True)
    head = services.store.recorder.max_notification_id()
    assert (dry.import_id, dry.imported, dry.events) == (None, 2, 2)
    assert services.store.recorder.max_notification_id() == head
    first = imported(services, data)
    head = services.store.recorder.max_notification_id()
    second = imported(services, data)
    assert (first.imported, second.imported, second.skipped) == (2, 0, 2)
    recorded = services.store.recorder.select_notifications(start=head + 1, limit=100)
    assert [n.topic.rsplit(".", 1)[-1] for n in recorded] == ["Started", "Finished"]  # its record


def test_refused_rows_name_their_row_and_column_in_chinese_and_english(services: Services) -> None:
    rows = (
        GOOD,  # row 2
        GOOD.replace("GD-1", "GD-2").replace("ABCD04", "ABCD05"),  # a wrong check character
        GOOD.replace("GD-1", "GD-3").replace("南昌某某科技有限公司", ""),  # blank enterprise
        GOOD.replace("GD-1", "GD-4").replace("2025-03-03 09:00", "２０２５年３月４日"),  # fine
        GOOD.replace("GD-1", "GD-5").replace("2025-03-03 09:00", "2025年13月4日"),
        GOOD.replace("GD-1", "GD-6") + ",2025-03-03 10:00,,,,2025-03-05,已解决,已办理",  # no 交办
        GOOD,  # repeats row 2
        GOOD.replace("GD-1", "GD-8").replace("审批服务", "审批"),
    )
    report = imported(services, ledger(*rows, encoding="gb18030"))
    failed = {(p.row, p.column): (p.reason_zh, p.reason_en) for p in report.failed}
    assert set(failed) == {(3, "统一社会信用代码"), (4, "企业名称"), (6, "登记时间"), (7, "办结时间"),
                           (9, "诉求类别")}  # fmt: skip
    assert "GB 32100" in failed[3, "统一社会信用代码"][0] and "check" in failed[3, "统一社会信用代码"][1]
    assert failed[4, "企业名称"] == ("必填项为空", "required cell is blank")
    assert "不允许" in failed[7, "办结时间"][0] and "resolve" in failed[7, "办结时间"][1]
    assert (report.imported, report.skipped) == (2, 1)
    run = services.imports.get(report.import_id, AUDITOR)
    assert (run.rows, run.imported, run.failed) == (8, 2, tuple(report.failed))


def test_a_case_goes_in_whole_or_not_at_all_and_numbers_stay_contiguous(services: Services) -> None:
    resolved = ",2025-03-03 10:00,2025-03-04 09:00,scjgj,2025-03-20,2025-03-10 09:00,已解决,已办理"
    rows = [
        GOOD + resolved + ",2025-03-11 09:00,满意,2025-03-12 09:00",
        GOOD.replace("GD-1", "GD-2") + resolved + ",2025-03-11 09:00,不满意,2025-03-12 09:00",
        GOOD.replace("GD-1", "GD-3") + resolved,
    ]
    report = imported(services, ledger(*rows))
    assert [(p.row, p.column) for p in report.failed] == [(3, "销号时间")]
    numbers = sorted(services.store.find(_id(services, source), Appeal).case_number
                     for source in ("GD-1", "GD-3"))  # fmt: skip
    assert numbers == ["SQ-360121-2025-000001", "SQ-360121-2025-000002"]
    assert not services.store.exists(_id(services, "GD-2"))


def test_all_or_nothing_keeps_every_row_out_when_one_is_refused(services: Services) -> None:
    rows = (GOOD, GOOD.replace("GD-1", "GD-2").replace("ABCD04", "ABCD05"))
    report = imported(services, ledger(*rows), all_or_nothing=True)
    assert (report.imported, len(report.failed)) == (0, 1)
    assert not services.store.exists(_id(services, "GD-1"))
    assert services.imports.get(report.import_id, COORDINATOR).failed == tuple(report.failed)


def test_imported_events_name_their_import_and_the_replay_shows_them_imported(
    services: Services,
) -> None:
    report = imported(services, ledger(GOOD + ",2025-03-03 10:00"))
    case_id = _id(services, "GD-1")
    appeal = services.store.find(case_id, Appeal)
    assert appeal.source_id == "GD-1" and appeal.submitted_at.year == 2025
    replay = services.audit.events(AUDITOR, Appeal, case_id)
    assert [event.backdated for event in replay.events] == [False, False]
    assert {(e.imported.import_id, e.imported.digest, e.imported.row) for e in replay.events} == {
        (str(report.import_id), report.digest, 2)
    }
    assert {event.actor_id for event in replay.events} == {COORDINATOR.actor.id}
    assert report.digest.startswith(("sm3:", "sha256:"))
    acts, _ = services.audit.activity(AUDITOR, ActivityQuery(jurisdiction="360121", kind="import"))
    assert [(act.event, act.actor_id) for act in acts] == [
        ("Started", COORDINATOR.actor.id), ("Finished", COORDINATOR.actor.id)
    ]
    assert report.digest in acts[0].detail


def test_only_coordinators_and_admins_import(services: Services) -> None:
    from application.errors import Forbidden

    with pytest.raises(Forbidden):
        services.imports.run("appeals", import_file(ledger(GOOD), "台账.csv"), HANDLER)


def test_an_upload_over_http_and_its_record(http: TestClient, services: Services) -> None:
    data, orders = hotline_export(20, seed=3)
    token = services.tokens.mint(COORDINATOR)
    headers = {"Authorization": f"Bearer {token}"}
    files = {"file": ("12345工单.xlsx", data),
             "mapping": ("12345.toml", (ROOT / "docs" / "12345-mapping.example.toml").read_bytes())}  # fmt: skip
    dry = http.post("/api/v1/imports", data={"kind": "appeals", "dry_run": "true"}, files=files, headers=headers)
    assert dry.status_code == 200 and dry.json()["imported"] == len(orders), dry.text
    done = http.post("/api/v1/imports", data={"kind": "appeals"}, files=files, headers=headers)
    assert done.status_code == 201, done.text
    record = http.get(done.headers["Location"], headers=headers).json()
    assert record["imported"] == len(orders) and record["actor"]["id"] == COORDINATOR.actor.id
    assert record["failed"] == done.json()["failed"]
    listed = http.get(f"{done.headers['Location']}/errors", headers=headers).json()
    assert listed == record["failed"]
    sheet = http.get(f"{done.headers['Location']}/errors?format=xlsx", headers=headers)
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "原因", "reason") and len(rows) == len(record["failed"]) + 1
    bad = http.post("/api/v1/imports", data={"kind": "appeals"}, headers=headers,
                    files={"file": ("x.xlsx", b"not a workbook")})  # fmt: skip
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")


def _id(services: Services, source_id: str):  # noqa: ANN202
    from application.import_service import imported_case_id

    return imported_case_id("appeals", COORDINATOR.jurisdiction, source_id)


WRITTEN = st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}", "{y}年{m}月{d}日"])


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), WRITTEN, st.booleans())
def test_a_date_reads_however_an_office_writes_it(day: date, written: str, full_width: bool) -> None:
    text = written.format(y=day.year, m=day.month, d=day.day)
    if full_width:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert SourceRow(2, {"登记时间": text}).moment("登记时间").date() == day


@given(st.text(max_size=12))
def test_unreadable_dates_are_refused_never_misread(text: str) -> None:
    try:
        moment = parse_moment("登记时间", text)
    except RowRefused as refused:
        assert refused.column == "登记时间" and refused.reason_zh and refused.reason_en
    else:
        assert moment.tzinfo is CHINA_TZ


def test_the_command_line_imports_with_templates_and_error_reports(
    database_url: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from interface.cli import app
    from tests.test_cli import ENV

    runner, env = CliRunner(), ENV | {"YINGSHANG_DATABASE_URL": database_url}
    template = runner.invoke(app, ["import", "template", "appeals"], env=env)
    headings = next(load_workbook(io.BytesIO(template.stdout_bytes)).active.iter_rows(values_only=True))
    assert template.exit_code == 0 and headings[:2] == ("来源编号", "企业名称") and "销号时间" in headings
    ledger_file, errors = tmp_path / "台账.csv", tmp_path / "未导入.csv"
    ledger_file.write_bytes(ledger(GOOD, GOOD.replace("GD-1", "GD-2").replace("ABCD04", "ABCD05")))
    command = ["import", "run", "appeals", str(ledger_file), "--jurisdiction", "360121"]
    dry = runner.invoke(app, [*command, "--dry-run"], env=env)
    assert dry.exit_code == 1 and "可导入 1 件" in dry.stdout and "试运行" in dry.stdout
    done = runner.invoke(app, [*command, "--errors", str(errors)], env=env)
    assert done.exit_code == 1 and "导入 1 件" in done.stdout, done.stdout
    assert "第 3 行" not in done.stdout and "统一社会信用代码" in errors.read_text(encoding="utf-8-sig")
    import_id = done.stdout.split("导入编号 ")[1].split()[0]
    shown = runner.invoke(app, ["import", "show", import_id, "--jurisdiction", "360121"], env=env)
    assert shown.exit_code == 0 and "第 3 行\t统一社会信用代码" in shown.stdout
    assert runner.invoke(app, ["import", "run", "hearings", str(ledger_file),
                               "--jurisdiction", "360121"], env=env).exit_code == 2  # fmt: skip


def test_handovers_name_units_of_the_registry_where_the_jurisdiction_keeps_one(
    services: Services,
) -> None:
    from application.unit_service import RegisterUnit
    from domain.unit import UnitKind, UnitTerms
    from tests.test_policy_claim_service import ADMIN

    terms = UnitTerms("南昌县市场监督管理局", "县市场监管局", UnitKind.DEPARTMENT, None, date(2020, 1, 1))
    services.units.register(RegisterUnit(jurisdiction=COORDINATOR.jurisdiction, code="scjgj", terms=terms), ADMIN)
    assigned = ",2025-03-03 10:00,2025-03-04 09:00,{unit},2025-03-20"
    report = imported(services, ledger(GOOD + assigned.format(unit="scjgj"),
                                       GOOD.replace("GD-1", "GD-2") + assigned.format(unit="zrzyj")))  # fmt: skip
    assert report.imported == 1
    assert [(p.row, p.column) for p in report.failed] == [(3, "交办时间")]
    assert "zrzyj" in report.failed[0].reason_en and "zrzyj" in report.failed[0].reason_zh


def test_the_activity_marks_imported_acts_imported_never_backdated_and_filters_by_import(
    services: Services, http: TestClient
) -> None:
    report = imported(services, ledger(GOOD + ",2025-03-03 10:00"))
    live = services.appeals.submit(submission(occurred_at=datetime(2025, 3, 3, 9, tzinfo=CHINA_TZ)), COORDINATOR)
    acts, _ = services.audit.activity(AUDITOR, ActivityQuery(jurisdiction="360121", kind="appeal"))
    flags = {(act.case_id, act.version): (act.imported, act.backdated, act.import_id) for act in acts}
    case_id, by_import = _id(services, "GD-1"), (True, False, str(report.import_id))
    assert flags == {(case_id, 1): by_import, (case_id, 2): by_import, (live.id, 1): (False, True, None)}
    for query, ids in (({"import_id": str(report.import_id)}, {case_id}), ({"imported": True}, {case_id}),
                       ({"imported": False, "kind": "appeal"}, {live.id})):  # fmt: skip
        acts, _ = services.audit.activity(AUDITOR, ActivityQuery(jurisdiction="360121", **query))
        assert {act.case_id for act in acts} == ids
    headers = {"Authorization": f"Bearer {services.tokens.mint(AUDITOR)}"}
    listed = http.get(f"/api/v1/audit/activity?import_id={report.import_id}", headers=headers)
    assert [(item["imported"], item["backdated"]) for item in listed.json()["items"]] == [(True, False)] * 2
    sheet = http.get("/api/v1/audit/activity?imported=false&kind=appeal&format=csv", headers=headers)
    assert sheet.status_code == 200 and "导入" in sheet.text.splitlines()[0]
    page = signed_in(services, AUDITOR).get("/audit?imported=true")
    assert page.status_code == 200 and page.text.count(">导入</span>") == 2 and "补录</span>" not in page.text


def test_an_activity_view_from_before_imports_were_marked_is_made_again(
    database_url: str, clock: Clock
) -> None:
    services = open_services(database_url, clock)
    report = imported(services, ledger(GOOD))
    activity = services.audit.activity_view
    activity.catch_up()
    former = activity.view.table.replace("audit_acts", "audit_activity")
    with activity.view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DROP TABLE {activity.view.table}")  # the store as it was before
        cursor.execute(f"CREATE TABLE {former} (case_id text, version integer)")
    services.close()

    upgraded = open_services(database_url, clock)
    view = upgraded.audit.activity_view
    assert view.view.position() == 0  # emptied, to be made again
    assert "audit_activity" not in BACKENDS[store_env(database_url)["PERSISTENCE_MODULE"]].existing_tables(
        view.view.datastore
    )
    acts, _ = upgraded.audit.activity(AUDITOR, ActivityQuery(jurisdiction="360121", imported=True))
    assert {act.import_id for act in acts} == {str(report.import_id)} and view.differences() == []
    upgraded.close()
