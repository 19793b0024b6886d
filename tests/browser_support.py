"""A real browser on the console: headless Debian Chromium driven by Playwright, a live service
on a free port of this machine, every request to another host refused and recorded, sign-in in
one place, screenshots where `YINGSHANG_SCREENSHOTS` says.

Where Chromium or Playwright is missing the browser tests are skipped, unless
`YINGSHANG_REQUIRE_BROWSER=1` (as in CI), which makes them fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

from application.account_service import OpenAccount
from application.errors import VersionConflict
from application.principal import Principal
from domain.account import AccountProfile
from domain.actor import Actor, Role
from infrastructure.bootstrap import Services
from interface.http import create_app

CHROMIUM = os.environ.get("YINGSHANG_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("YINGSHANG_REQUIRE_BROWSER") == "1"
SCREENSHOTS = Path(
    os.environ.get("YINGSHANG_SCREENSHOTS")
    or Path(__file__).resolve().parent / "artifacts" / "screenshots"
)
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def browser_missing() -> str | None:
    """Why no browser test can run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    if not shutil.which(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def need_browser() -> None:
    """Skip the test (fail it where a browser is required) when none can run."""
    problem = browser_missing()
    if problem is None:
        return
    if REQUIRE_BROWSER:
        pytest.fail(f"browser tests are required but cannot run: {problem}")
    pytest.skip(f"browser tests skipped: {problem}")


@dataclass
class Server:
    """The service over `services`, answering on `base_url` in a thread of this process."""

    services: Services
    store: str  # "sqlite" or "postgres"
    base_url: str

    def api(self, method: str, path: str, principal: Principal, body: Any = None) -> Any:
        """Ask the API as `principal` (a bearer token); its JSON answer."""
        request = urllib.request.Request(
            f"{self.base_url}/api/v1{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.services.tokens.mint(principal)}",
                     "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - our own server
            return json.loads(answer.read() or b"null")


@contextmanager
def serving(services: Services, store: str) -> Iterator[Server]:
    """A live service over `services` (a `store`) on a free local port, stopped afterwards."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    config = uvicorn.Config(create_app(services), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        threading.Event().wait(0.02)
    assert server.started, "the service did not start"
    try:
        yield Server(services, store, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()


@dataclass
class OutsideRequests:
    """Every request the browser tried to send to a host other than this machine (refused)."""

    urls: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.urls.append(url)
            route.abort("blockedbyclient")


PASSWORD = "Console-2026-pw"  # every test user's password


def sign_in(page: Any, server: Server, principal: Principal, next: str = "/") -> None:
    """Sign in on the console's sign-in page as `principal`, landing on `next`: its account
    is opened the first time, then its login name and password are typed in."""
    open_account_of(server.services, principal)
    page.goto(f"{server.base_url}/login?next={next}")
    type_in_credentials(page, principal.actor.id, PASSWORD)
    page.wait_for_url(lambda url: "/login" not in url)


def type_in_credentials(page: Any, login: str, password: str) -> None:
    page.locator("#login").fill(login)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="登录").click()


def open_account_of(services: Services, principal: Principal) -> None:
    """The account of `principal`, opened by an admin of its jurisdiction unless it exists."""
    admin = Principal(Actor("browser.admin", Role.ADMIN, "xxzx"), principal.jurisdiction)
    actor = principal.actor
    profile = AccountProfile(actor.id, actor.role, actor.org, principal.credit_code)
    command = OpenAccount(jurisdiction=principal.jurisdiction, login=actor.id, profile=profile)
    try:
        services.accounts.open_account(command, PASSWORD, admin)
    except VersionConflict:
        pass  # opened for an earlier test


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    """A screenshot (of the whole page, or of the window) named `name`.png in the folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def fill(form: Any, fields: dict[str, str]) -> None:
    """Fill in the fields of `form` by name: pick from a list, type into the others."""
    for name, value in fields.items():
        widget = form.locator(f'[name="{name}"]')
        if widget.evaluate("element => element.tagName") == "SELECT":
            widget.select_option(value)
        else:
            widget.fill(value)


def take_step(page: Any, action: str, **fields: str) -> None:
    """Open the step `action` on the case page shown, fill in its form and send it."""
    step = page.locator(f"#step-{action}")
    if step.get_attribute("open") is None:  # a refused step's form is shown open
        step.locator("summary").click()
    form = step.locator("form")
    fill(form, fields)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
