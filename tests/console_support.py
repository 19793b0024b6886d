"""Driving the web console as a person would, over the ASGI app: signed in, forms posted with
their hidden fields, answers read from the page."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from application.principal import Principal
from application.sign_ins import Session, digest_of
from infrastructure.bootstrap import Services
from interface.http import create_app
from interface.web.session_auth import SESSION_COOKIE


# A session that outlives the test's moves of its clock (years, not the hours a real one has).
FOREVER = timedelta(days=3650)


def session_key(services: Services, principal: Principal) -> str:
    """The key of a console session opened for `principal` directly (signing in with a
    password is tested in tests/test_accounts.py)."""
    key, now = secrets.token_urlsafe(32), services.sign_ins.clock()
    services.sign_ins.sessions.open_session(Session(
        digest=digest_of(key), principal=principal, csrf_secret=secrets.token_hex(32),
        created_at=now, expires_at=now + FOREVER, last_seen=now + FOREVER,
    ))  # fmt: skip
    return key


def signed_in(services: Services, principal: Principal) -> TestClient:
    """A browser-like client of the console, signed in as `principal`."""
    client = TestClient(create_app(services), raise_server_exceptions=False)
    client.cookies.set(SESSION_COOKIE, session_key(services, principal))
    return client


def hidden(page: str, name: str) -> str:
    """The value of the page's first hidden field `name`."""
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden field {name!r} on the page"
    return found.group(1)


def offered(page: str) -> list[str]:
    """The steps a case page offers, by action."""
    return re.findall(r'<details class="step" id="step-([a-z-]+)"', page)


def post_step(client: TestClient, case_url: str, action: str, **fields: Any) -> Any:
    """Fill in and post the form of `action` on the case page, as the page was shown."""
    page = client.get(case_url).text
    assert action in offered(page), f"{action} not offered: {offered(page)}"
    form = {"csrf_token": hidden(page, "csrf_token"), "version": hidden(page, "version")}
    return client.post(f"{case_url}/{action}", data=form | fields, follow_redirects=False)


def alerts(page: str) -> list[str]:
    return [text.strip() for text in re.findall(r'role="alert"[^>]*>([^<]+)<', page)]


def case_url(answer: Any) -> str:
    """The case page a successful form redirected to."""
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"]).split("?")[0]
