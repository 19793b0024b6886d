"""The web console in a real browser (headless Chromium driven by Playwright), over a live
service on each store: the offline API documents, signing in, the Chinese error pages, each
role's inbox, an appeal from submission to 销号 through the forms, a refused step, the
dashboard's charts, and a screenshot of each main page. No request may leave this machine.
(See tests/browser_support.py for when these tests run, and tests/test_console_pages.py for the
same pages without a browser.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from application.principal import Principal
from domain.actor import Actor, Role
from infrastructure.passwords import Argon2Hasher
from tests.browser_support import (
    CHROMIUM, OutsideRequests, Server, need_browser, screenshot, serving, sign_in, take_step, fill,
    type_in_credentials,
)  # fmt: skip
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, NANCHANG_COUNTY, Clock
from tests.conftest import STORES, fresh_store, open_services
from tests.http_cases import UNIT
from tests.test_accounts import CHEAP
from tests.test_console_pages import NEW_APPEAL
from tests.test_policy_claim_service import ADMIN

INSPECTOR = Principal(Actor("wu.gang", Role.INSPECTOR, "scjgj"), NANCHANG_COUNTY)
MEDIATOR = Principal(Actor("he.min", Role.MEDIATOR, "tjwyh"), NANCHANG_COUNTY)
COURT_CLERK = Principal(Actor("xu.jing", Role.COURT_CLERK, "fy"), NANCHANG_COUNTY)
FINANCE = Principal(Actor("ma.li", Role.FINANCE, "czj"), NANCHANG_COUNTY)
PHONE = {"width": 390, "height": 844}
# The API documents render the whole OpenAPI document (about 90 operations) in the browser:
# seconds on a busy two-core machine.
RENDERED_MS = 60_000

Visit = Callable[..., Any]  # (principal or None, viewport=…) → a page of a fresh browser context


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module", params=STORES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A live service over a fresh store of each kind, with the county's office and a
    department in its unit registry (so a department not in it is refused)."""
    need_browser()
    for url in fresh_store(request, tmp_path_factory.mktemp("browser")):
        services = open_services(url, Clock(), Argon2Hasher(CHEAP))
        with serving(services, request.param) as live:
            for code, name, kind in (("yshb", "县营商环境办", "coordinating_office"),
                                     ("scjgj", "县市场监管局", "department")):  # fmt: skip
                live.api("POST", "/units", ADMIN, UNIT | {"code": code, "name": name, "kind": kind})
            yield live
        services.close()


@pytest.fixture
def visit(browser: Any, server: Server) -> Iterator[Visit]:
    """Open a page as a user (signed in) or as nobody, each in a browser context of its own;
    afterwards, fail if any page tried to reach a host other than this machine."""
    outside = OutsideRequests()
    contexts: list[Any] = []

    def open_page(principal: Principal | None, viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(
            locale="zh-CN", viewport=viewport or {"width": 1280, "height": 900}
        )
        context.set_default_timeout(20_000)
        context.route("**/*", outside.route)
        contexts.append(context)
        page = context.new_page()
        if principal is not None:
            sign_in(page, server, principal)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert outside.urls == [], f"requests to other hosts: {outside.urls}"


def shot(page: Any, server: Server, name: str, full_page: bool = True) -> Path:
    return screenshot(page, f"{server.store}-{name}", full_page)


def test_swagger_ui_renders_the_operations_offline(visit: Visit, server: Server) -> None:
    page = visit(None)
    page.goto(f"{server.base_url}/docs")
    page.locator(".opblock").first.wait_for(timeout=RENDERED_MS)
    assert page.locator(".opblock").count() > 20
    assert page.get_by_text("/api/v1/appeals", exact=True).first.is_visible()
    shot(page, server, "docs", full_page=False)


def test_redoc_renders_the_operations_offline(visit: Visit, server: Server) -> None:
    page = visit(None)
    page.goto(f"{server.base_url}/redoc")
    page.locator("[data-section-id^='operation/']").first.wait_for(timeout=RENDERED_MS)
    assert page.locator("[data-section-id^='operation/']").count() > 20
    shot(page, server, "redoc", full_page=False)


def test_a_page_sends_a_stranger_to_sign_in_and_back(visit: Visit, server: Server) -> None:
    page = visit(None)
    page.goto(f"{server.base_url}/cases/appeals")
    assert page.url == f"{server.base_url}/login?next=/cases/appeals"
    assert page.get_by_role("heading", name="登录工作台").is_visible()
    shot(page, server, "login")
    type_in_credentials(page, "zhang.wei", "Not-the-2026-password")
    assert page.get_by_role("alert").inner_text() == "登录名或密码错误"
    sign_in(page, server, COORDINATOR, next="/cases/appeals")
    assert page.url == f"{server.base_url}/cases/appeals"
    assert page.locator(".who").get_by_text("zhang.wei").is_visible()


def test_an_unknown_page_is_told_in_chinese(visit: Visit, server: Server) -> None:
    page = visit(COORDINATOR)
    answer = page.goto(f"{server.base_url}/no-such-page")
    assert answer.status == 404
    assert page.get_by_role("heading", name="未找到").is_visible()
    assert page.title() == "未找到 · 营商"
    shot(page, server, "not-found")


QUEUES = {
    "coordinator": (COORDINATOR, ["to_receive", "to_assign", "due_soon", "overdue", "unsatisfied",
                                  "to_close", "to_follow_up"]),
    "handler": (HANDLER, ["handling", "overdue", "claims"]),
    "inspector": (INSPECTOR, ["registered", "entered", "to_publish"]),
    "mediator": (MEDIATOR, ["to_assign", "mediating", "in_suit"]),
    "court-clerk": (COURT_CLERK, ["succeeded", "failed", "filed"]),
    "finance": (FINANCE, ["to_disburse", "to_review"]),
    "enterprise": (ENTERPRISE, ["appeals", "to_rate", "inspections", "claims"]),
}  # fmt: skip


@pytest.mark.parametrize("role", list(QUEUES))
def test_each_role_has_its_inbox(visit: Visit, server: Server, role: str) -> None:
    principal, queues = QUEUES[role]
    page = visit(principal)
    page.goto(f"{server.base_url}/inbox")
    assert page.get_by_role("heading", name="待办", exact=True).is_visible()
    shown = page.locator("#queues > section").evaluate_all("sections => sections.map(s => s.id)")
    assert shown == [f"queue-{queue}" for queue in queues]
    for queue in queues:
        count = page.locator(f"#queue-{queue} .count")
        assert count.inner_text() == count.get_attribute("data-count")
    shot(page, server, f"inbox-{role}")


def submitted(visit: Visit, server: Server) -> str:
    """An appeal submitted by the enterprise through its form; the case page's address."""
    page = visit(ENTERPRISE)
    page.goto(f"{server.base_url}/inbox")
    page.get_by_role("link", name="提交诉求").first.click()
    form = page.locator("form#new-case")
    fill(form, NEW_APPEAL)
    with page.expect_navigation():
        form.get_by_role("button", name="提交").click()
    assert page.locator("#case-status").inner_text() == "已登记"
    return page.url.split("?")[0]


def test_an_appeal_goes_from_submission_to_closure_in_the_browser(
    visit: Visit, server: Server
) -> None:
    url = submitted(visit, server)
    coordinator, handler, enterprise = visit(COORDINATOR), visit(HANDLER), visit(ENTERPRISE, PHONE)
    coordinator.goto(url)
    take_step(coordinator, "receive")
    assert coordinator.locator("#case-status").inner_text() == "已受理"
    take_step(coordinator, "assign", department="scjgj", level="county")
    handler.goto(f"{server.base_url}/inbox")
    assert int(handler.locator("#queue-handling .count").get_attribute("data-count")) >= 1
    handler.goto(url)
    take_step(handler, "resolve", outcome="solved", resolution="已办理施工许可")
    enterprise.goto(f"{server.base_url}/inbox")
    assert int(enterprise.locator("#queue-to_rate .count").get_attribute("data-count")) >= 1
    shot(enterprise, server, "inbox-enterprise-phone")
    assert enterprise.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    enterprise.goto(url)
    take_step(enterprise, "follow-up", satisfaction="satisfied", comment="满意")
    coordinator.goto(url)
    take_step(coordinator, "close", reason="企业满意，予以销号")
    assert coordinator.locator("#case-status").inner_text() == "已销号"
    assert coordinator.get_by_role("status").inner_text() == "已办理：销号"
    steps = coordinator.locator("#timeline strong").all_inner_texts()
    assert steps == ["登记", "受理", "交办", "办结", "回访", "销号/结束"]
    assert coordinator.locator("#steps details.step").count() == 0
    shot(coordinator, server, "case-closed")


def test_a_refused_step_is_explained_in_chinese_and_changes_nothing(
    visit: Visit, server: Server
) -> None:
    url = submitted(visit, server)
    page = visit(COORDINATOR)
    page.goto(url)
    take_step(page, "receive")
    take_step(page, "assign", department="nowhere", level="county")
    assert "所选单位未在机构名录中登记" in page.locator("#step-refused").inner_text()
    assert page.locator("#step-assign").get_attribute("open") is not None
    assert page.locator("#case-status").inner_text() == "已受理"
    shot(page, server, "case-refused")
    take_step(page, "assign", department="", level="county")
    error = page.locator("#assign-department-error")
    assert error.inner_text() == "必填"
    assert (
        page.locator("[id='assign-department']").get_attribute("aria-describedby")
        == "assign-department-error"
    )
    page.goto(url)
    assert page.locator("#timeline strong").all_inner_texts() == ["登记", "受理"]


def test_the_dashboard_draws_its_charts(visit: Visit, server: Server) -> None:
    url = submitted(visit, server)
    coordinator, handler = visit(COORDINATOR), visit(HANDLER)
    coordinator.goto(url)
    take_step(coordinator, "receive")
    take_step(coordinator, "assign", department="scjgj", level="county")
    handler.goto(url)
    take_step(handler, "resolve", outcome="solved", resolution="已办理")
    coordinator.goto(f"{server.base_url}/dashboard?period=2026")
    for chart in ("chart-closure", "chart-monthly", "chart-mediation", "chart-claims"):
        coordinator.locator(f"#{chart}[data-drawn=true] canvas").first.wait_for()
    painted = coordinator.locator("#chart-closure canvas").first.evaluate(PAINTED_PIXELS)
    assert painted > 1000, "the closure chart's canvas is blank"
    behind = "/cases/appeals?received_from=2026-01-01&received_before=2027-01-01&organisation=scjgj"
    department = coordinator.locator(f'#table-closure a[href="{behind}"]')  # its cases, this year
    assert department.inner_text() == "县市场监管局"
    shot(coordinator, server, "dashboard")


# The number of pixels of a canvas that are not transparent.
PAINTED_PIXELS = """canvas => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
  return painted;
}"""


@pytest.mark.parametrize(
    "name, principal, path, heading",
    [
        ("appeals", COORDINATOR, "/cases/appeals", "诉求"),
        ("new-appeal", ENTERPRISE, "/cases/appeals/new", "新建企业诉求"),
        ("supervision", COORDINATOR, "/supervision", "督办清单"),
        ("audit", AUDITOR, "/audit?verify=true", "审计"),
    ],
)
def test_main_pages_render(
    visit: Visit, server: Server, name: str, principal: Principal, path: str, heading: str
) -> None:
    page = visit(principal)
    answer = page.goto(f"{server.base_url}{path}")
    assert answer.status == 200
    assert heading in page.locator("h1").first.inner_text()
    shot(page, server, name)
