"""Lists and report tables as CSV and XLSX with Chinese headings, on both stores."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from application.vocabulary import VOCABULARIES
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import COORDINATOR, Clock
from tests.http_cases import auth, create_one_of_each
from tests import test_claim_figures as claims
from tests import test_inspection_figures as inspections
from tests import test_mediation_ratios as mediations
from tests.test_closure_rates import scenario


def test_case_lists_as_csv_and_xlsx(services: Services) -> None:
    with TestClient(create_app(services)) as http:
        create_one_of_each(http, services)
        headers = auth(services, COORDINATOR)
        as_csv = http.get("/api/v1/appeals", params={"format": "csv"}, headers=headers)
        assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
        assert rows[0][:5] == ["案件编号", "类型", "类型代码", "状态", "状态代码"]
        assert rows[1][:5] == ["SQ-360121-2026-000001", "企业诉求", "appeal", "已登记", "submitted"]
        as_xlsx = http.get("/api/v1/mediations", params={"format": "xlsx"}, headers=headers)
        sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
        assert sheet["A1"].value == "案件编号" and sheet["A2"].value.startswith("TJ-360121-2026-")
        refused = http.get("/api/v1/appeals", params={"format": "pdf"}, headers=headers)
        assert refused.status_code == 422


def test_an_appeal_list_shows_chinese_values_beside_their_codes(services: Services) -> None:
    with TestClient(create_app(services)) as http:
        create_one_of_each(http, services)
        headers = auth(services, COORDINATOR)
        as_csv = http.get("/api/v1/appeals", params={"format": "csv"}, headers=headers)
        as_xlsx = http.get("/api/v1/appeals", params={"format": "xlsx"}, headers=headers)
    heading, *rows = csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")))
    sheet = [[c.value for c in row] for row in load_workbook(io.BytesIO(as_xlsx.content)).active.iter_rows()]
    assert sheet[0] == heading and len(sheet) == len(rows) + 1 == 2  # noqa: PLR2004
    for row in (dict(zip(heading, rows[0], strict=True)), dict(zip(sheet[0], sheet[1], strict=True))):
        assert (row["状态"], row["状态代码"], row["类型"], row["类型代码"]) == (
            "已登记", "submitted", "企业诉求", "appeal"
        )
        assert (row["诉求渠道"], row["诉求渠道代码"]) == ("12345热线", "hotline_12345")
        assert (row["诉求类别"], row["诉求类别代码"]) == ("审批服务", "approval_services")
        assert (row["紧急程度"], row["紧急程度代码"]) == ("一般", "normal")
        assert row["是否逾期"] == "否"
    assert all(any("\u4e00" <= char <= "\u9fff" for char in title) for title in heading), heading


def test_every_list_has_chinese_headings_and_values(services: Services) -> None:
    with TestClient(create_app(services)) as http:
        create_one_of_each(http, services)
        tables = {
            path: list(csv.DictReader(io.StringIO(http.get(
                f"/api/v1/{path}", params={"format": "csv"}, headers=auth(services, COORDINATOR)
            ).content.decode("utf-8-sig"))))
            for path in ("inspections", "mediations", "policies", "policy-claims")
        }  # fmt: skip
    for path, rows in tables.items():
        assert rows and all(any("\u4e00" <= char <= "\u9fff" for char in title) for title in rows[0]), path
    assert (tables["inspections"][0]["检查走访类型"], tables["inspections"][0]["状态"]) == ("行政检查", "已扫码登记")
    mediation = tables["mediations"][0]
    assert (mediation["纠纷类型"], mediation["纠纷类型代码"], mediation["调解阶段"]) == ("合同纠纷", "contract", "诉前")
    assert (tables["policies"][0]["兑现方式代码"], tables["policies"][0]["状态"]) == ("commitment", "已发布")


def test_closure_rates_as_a_spreadsheet(services: Services, clock: Clock) -> None:
    scenario(services, clock)
    with TestClient(create_app(services)) as http:
        response = http.get(
            "/api/v1/reports/closure-rates",
            params={"period": "2026-Q1", "group_by": "department", "format": "xlsx"},
            headers=auth(services, COORDINATOR),
        )
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][:3] == ["分组", "分组代码", "受理数"] and "办结率" in table[0]
    total = dict(zip(table[0], table[1]))
    assert (total["分组"], total["分组代码"], total["受理数"], total["办结率"]) == ("合计", "total", 4, "0.7500")
    assert [row[:2] for row in table[2:]] == [["scjgj", "scjgj"], ["zrzyj", "zrzyj"]]


def spreadsheet(services: Services, path: str, period: str) -> list[list[object]]:
    with TestClient(create_app(services)) as http:
        response = http.get(f"/api/v1/reports/{path}", params={"period": period, "format": "xlsx"},
                            headers=auth(services, COORDINATOR))  # fmt: skip
    assert response.status_code == 200, response.text
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]


def test_every_report_as_a_spreadsheet(services: Services, clock: Clock) -> None:
    inspections.history(services)
    mediations.history(services, clock)
    clock.now = Clock().now  # the claims' history starts on 2 March too
    claims.history(services, clock)
    claim_table = spreadsheet(services, "policy-claims", "2026")
    total = dict(zip(claim_table[0], claim_table[1]))
    assert (total["申请数"], total["拨付金额(元)"], total["拨付率"]) == (4, "352800.00", "0.8547")
    inspection_table = spreadsheet(services, "inspections", "2026-03")
    total = dict(zip(inspection_table[0], inspection_table[1]))
    assert (total["检查次数"], total["行政处罚"], total["罚款金额(元)"], total["首违不罚占比"]) == (
        2, 1, "2000.00", "0.3333"
    )
    mediation_table = spreadsheet(services, "mediation-ratios", "2026-03")
    assert mediation_table[0][0] == "调解组织" and "调撤率" in mediation_table[0]
    assert mediation_table[1][:2] == ["合计", "total"] and len(mediation_table) > 2


def test_report_groups_by_an_enumeration_are_labelled(services: Services, clock: Clock) -> None:
    scenario(services, clock)
    with TestClient(create_app(services)) as http:
        response = http.get(
            "/api/v1/reports/closure-rates",
            params={"period": "2026-Q1", "group_by": "channel", "format": "csv"},
            headers=auth(services, COORDINATOR),
        )
    heading, total, *groups = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert heading[:3] == ["分组", "分组代码", "受理数"] and total[:2] == ["合计", "total"]
    channels = VOCABULARIES["channel"].labels
    assert groups and all(channels[code] == label for label, code, *_ in groups), groups
