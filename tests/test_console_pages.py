"""The web console's pages over the ASGI app, on both stores: an appeal taken through its whole
lifecycle by forms, refusals shown in Chinese without recording anything, stale pages, CSRF,
scopes, inboxes, the dashboard's figures against the API's, the supervision list and the
auditor's view. (Real-browser tests: tests/test_console_browser.py.)"""

from __future__ import annotations

import json
import re
from uuid import UUID

from fastapi.testclient import TestClient

from application.case_index import CaseFilter
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, Clock, COORDINATOR, ENTERPRISE, FOREIGN_COORDINATOR, HANDLER
from tests.http_cases import UNIT, auth
from tests.test_policy_claim_service import ADMIN
from tests.console_support import alerts, case_url, hidden, offered, post_step, signed_in

NEW_APPEAL = {
    "jurisdiction": "360121", "enterprise.credit_code": "91360121MA35ABCD04",
    "enterprise.name": "南昌某某科技有限公司", "channel": "hotline_12345",
    "category": "approval_services", "urgency": "normal", "summary": "施工许可审批超期未办",
    "contact.name": "刘先生", "contact.phone": "13800000000",
}  # fmt: skip


def submitted(services: Services, **changes: str) -> str:
    """An appeal submitted by the enterprise through the console; its page's path."""
    enterprise = signed_in(services, ENTERPRISE)
    form = enterprise.get("/cases/appeals/new").text
    answer = enterprise.post(
        "/cases/appeals/new", data={"csrf_token": hidden(form, "csrf_token"), **NEW_APPEAL, **changes},
        follow_redirects=False,
    )  # fmt: skip
    return case_url(answer)


def status_shown(page: str) -> str:
    return re.search(r'id="case-status">([^<]+)<', page).group(1)  # type: ignore[union-attr]


def test_an_appeal_goes_from_submission_to_closure_through_the_forms(services: Services) -> None:
    url = submitted(services)
    coordinator, handler = signed_in(services, COORDINATOR), signed_in(services, HANDLER)
    enterprise = signed_in(services, ENTERPRISE)
    assert case_url(post_step(coordinator, url, "receive"))
    assert case_url(post_step(coordinator, url, "assign", department="scjgj", level="county"))
    assert "resolve" not in offered(coordinator.get(url).text)  # the department resolves
    assert case_url(post_step(handler, url, "resolve", outcome="solved", resolution="已办理施工许可"))
    assert case_url(post_step(enterprise, url, "follow-up", satisfaction="satisfied", comment="满意"))
    done = coordinator.get(case_url(post_step(coordinator, url, "close", reason="企业满意，予以销号")) + "?done=close")
    assert status_shown(done.text) == "已销号"
    assert "已办理：销号" in done.text
    steps = re.findall(r"<strong>([^<]+)</strong>", done.text)
    assert steps == ["登记", "受理", "交办", "办结", "回访", "销号/结束"]
    appeal = services.appeals.get(_id(url), COORDINATOR)
    assert appeal.status.value == "closed" and appeal.version == 6


def test_a_refused_field_is_told_in_chinese_and_nothing_is_recorded(services: Services) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    assert case_url(post_step(coordinator, url, "receive"))
    answer = post_step(coordinator, url, "assign", department="", level="nowhere")
    assert answer.status_code == 422
    errors = dict(re.findall(r'id="assign-([a-z_.]+)-error" role="alert">([^<]+)<', answer.text))
    assert errors == {"department": "必填", "level": "请从列表中选择"}
    assert "请修改标出的内容后再提交。" in alerts(answer.text)
    assert services.appeals.get(_id(url), COORDINATOR).version == 2


def test_a_step_the_domain_refuses_is_explained_and_not_recorded(services: Services) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    assert case_url(post_step(coordinator, url, "receive"))
    # a unit registry exists once a unit is registered: an unknown department is refused
    api = signed_in(services, COORDINATOR)
    made = api.post("/api/v1/units", json=UNIT | {"code": "scjgj", "name": "县市场监管局", "kind": "department"},
                    headers=auth(services, ADMIN))  # fmt: skip
    assert made.status_code == 201, made.text
    answer = post_step(coordinator, url, "assign", department="nowhere", level="county")
    assert answer.status_code == 422
    assert any("所选单位未在机构名录中登记" in alert for alert in alerts(answer.text))
    assert services.appeals.get(_id(url), COORDINATOR).version == 2
    assert case_url(post_step(coordinator, url, "assign", department="scjgj", level="county"))
    page = coordinator.get(url).text
    assert "县市场监管局（scjgj）" in page  # the registry's name beside the code


def test_a_stale_page_cannot_overwrite_a_newer_step(services: Services) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    stale = coordinator.get(url).text
    assert case_url(post_step(coordinator, url, "receive"))
    answer = coordinator.post(f"{url}/reject", data={
        "csrf_token": hidden(stale, "csrf_token"), "version": hidden(stale, "version"),
        "reason": "不属受理范围", "reply": "请向法院起诉"}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 412
    assert any("页面已过期" in alert for alert in alerts(answer.text))
    assert services.appeals.get(_id(url), COORDINATOR).status.value == "received"


def test_a_form_without_its_csrf_token_is_refused(services: Services) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    answer = coordinator.post(f"{url}/receive", data={"version": "1"}, follow_redirects=False)
    assert answer.status_code == 403
    assert services.appeals.get(_id(url), COORDINATOR).version == 1


def test_pages_keep_to_the_scope_of_the_signed_in_user(services: Services) -> None:
    url = submitted(services)
    foreign = signed_in(services, FOREIGN_COORDINATOR)
    answer = foreign.get(url)
    assert answer.status_code == 404 and "未找到" in answer.text
    assert str(_id(url)) not in foreign.get("/cases/appeals").text
    assert signed_in(services, HANDLER).get(url).status_code == 404  # not its department's yet
    assert signed_in(services, COORDINATOR).get("/audit").status_code == 403


def test_a_page_needs_a_signed_in_user(services: Services) -> None:
    anonymous = TestClient(create_app(services))
    answer = anonymous.get("/cases/appeals", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/cases/appeals"


def test_inbox_counts_are_the_queues_of_the_case_list(services: Services) -> None:
    first, second = submitted(services), submitted(services)
    submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    assert case_url(post_step(coordinator, first, "receive"))
    assert case_url(post_step(coordinator, second, "receive"))
    assert case_url(post_step(coordinator, second, "assign", department="scjgj", level="county"))
    counts = dict(re.findall(r'id="queue-([a-z_]+)".*?data-count="(\d+)"', coordinator.get("/inbox").text, re.S))
    listed = {status: services.appeals.count(CaseFilter(status=status), COORDINATOR)
              for status in ("submitted", "received")}  # fmt: skip
    assert counts["to_receive"] == str(listed["submitted"]) == "1"
    assert counts["to_assign"] == str(listed["received"]) == "1"
    handler_inbox = signed_in(services, HANDLER).get("/inbox").text
    assert re.search(r'id="queue-handling".*?data-count="1"', handler_inbox, re.S)
    assert "个工作日" in handler_inbox  # the working days left on its case


def test_dashboard_shows_the_api_figures(services: Services) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    for action, fields in (("receive", {}), ("assign", {"department": "scjgj", "level": "county"})):
        assert case_url(post_step(coordinator, url, action, **fields))
    assert case_url(post_step(signed_in(services, HANDLER), url, "resolve", outcome="solved",
                              resolution="已办理"))  # fmt: skip
    api = coordinator.get("/api/v1/reports/closure-rates?period=2026&group_by=department",
                          headers=auth(services, COORDINATOR)).json()  # fmt: skip
    page = coordinator.get("/dashboard?period=2026")
    assert page.status_code == 200
    table = page.text.split('id="table-closure"')[1].split("</table>")[0]
    department = api["groups"][0]
    assert department["group"] == "scjgj" and department["ratios"]["closure_rate"]["value"] == "1.0000"
    behind = "/cases/appeals?received_from=2026-01-01&amp;received_before=2027-01-01&amp;organisation=scjgj"
    row = re.search(rf'<a href="{re.escape(behind)}">scjgj</a></td>(.*?)</tr>', table, re.S)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))  # type: ignore[union-attr]
    assert cells[:2] == [str(department["received"]), str(department["resolved"])] == ["1", "1"]
    assert "100.0%" in cells
    listed = coordinator.get(behind.replace("&amp;", "&")).text  # the cases behind the figures
    assert len(re.findall(r'<td data-label="案件编号">', listed)) == department["received"]
    assert str(_id(url)) in listed
    before = coordinator.get("/cases/appeals?received_before=2026-01-01&organisation=scjgj").text
    assert str(_id(url)) not in before
    assert coordinator.get("/cases/appeals?received_from=2026-13-01").status_code == 422
    assert coordinator.get("/cases/appeals?received_from=&received_before=").status_code == 200
    charts = re.search(r'id="chart-data">(.*?)</script>', page.text, re.S).group(1)  # type: ignore[union-attr]
    assert '"办结率": [100.0]' in charts
    sheet = coordinator.get("/dashboard/export/closure-rates?period=2026")
    assert sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert coordinator.get("/dashboard?period=2026-13").status_code == 422


def test_dashboard_names_the_appeals_not_yet_assigned_in_chinese(services: Services) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    assert case_url(post_step(coordinator, url, "receive"))
    page = coordinator.get("/dashboard?period=2026").text
    charts = json.loads(re.search(r'id="chart-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert charts["closure"]["categories"] == ["未交办"]
    assert charts["closure"]["links"] == [None]  # no cohort page for the unassigned
    table = page.split('id="table-closure"')[1].split("</table>")[0]
    assert "未交办" in table and "(unassigned)" not in page


def test_supervision_list_page_and_its_spreadsheet(services: Services, clock: Clock) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    for action, fields in (("receive", {}), ("assign", {"department": "scjgj", "level": "county",
                                                         "deadline": "2026-03-04"})):
        assert case_url(post_step(coordinator, url, action, **fields))
    clock.advance(days=10)
    page = coordinator.get("/supervision").text
    assert re.search(rf'<a href="{url}">', page)
    assert "诉求超期未办结" in page or "appeal_overdue" in page
    sheet = coordinator.get("/supervision/export?format=xlsx&status=open")
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"


def test_auditor_replays_a_case_and_verifies_the_log(services: Services) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    assert case_url(post_step(coordinator, url, "receive"))
    auditor = signed_in(services, AUDITOR)
    replay = auditor.get(f"/audit/appeals/{_id(url)}").text
    assert re.findall(r"<strong>([^<]+)</strong>", replay) == ["第 1 版 · 登记", "第 2 版 · 受理"]
    assert "zhang.wei" in replay
    verified = auditor.get("/audit?verify=true").text
    assert "校验通过" in verified and re.search(r'id="log-head">\d+:', verified)
    activity = auditor.get("/audit?actor=zhang.wei").text
    assert f'/audit/appeals/{_id(url)}' in activity


def test_api_documents_are_served_with_no_outside_address(services: Services) -> None:
    client = signed_in(services, COORDINATOR)
    for path in ("/docs", "/redoc"):
        page = client.get(path).text
        assert "/static/vendor/" in page
        assert not re.search(r'(src|href)="https?://', page), path
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def _id(url: str) -> UUID:
    return UUID(url.rsplit("/", 1)[1])


def test_an_appeal_is_due_soon_until_its_deadline_then_overdue(services: Services, clock: Clock) -> None:
    url = submitted(services)
    coordinator = signed_in(services, COORDINATOR)
    assert case_url(post_step(coordinator, url, "receive"))
    assert case_url(post_step(coordinator, url, "assign", department="scjgj", level="county",
                              deadline="2026-03-04"))  # fmt: skip

    def queues() -> dict[str, str]:
        page = coordinator.get("/inbox").text
        return dict(re.findall(r'id="queue-([a-z_]+)".*?data-count="(\d+)"', page, re.S))

    assert (queues()["due_soon"], queues()["overdue"]) == ("1", "0")
    clock.advance(days=3)
    assert (queues()["due_soon"], queues()["overdue"]) == ("0", "1")
