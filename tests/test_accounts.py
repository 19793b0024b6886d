"""User accounts, signing in to the console, sessions, CSRF and throttling, on both stores:
through the command line (`yingshang user`), the console's pages and the audit API."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher as Argon2
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from application.account_service import DisableAccount, OpenAccount
from application.principal import Principal
from application.sign_ins import SignInRefused
from domain.account import AccountProfile, WeakPassword, account_id, require_strong_password
from domain.actor import Actor, Role
from domain.sign_in import SignInOutcome
from infrastructure.bootstrap import Services
from infrastructure.passwords import Argon2Hasher
from interface.cli import app
from interface.http import create_app
from interface.web.session_auth import SESSION_COOKIE
from interface.web.sign_in import safe_next
from tests.builders import AUDITOR, NANCHANG_COUNTY, OTHER_COUNTY, TEST_SECRET, Clock
from tests.conftest import open_services

CHEAP = Argon2(time_cost=1, memory_cost=64, parallelism=1)  # Argon2id, quick for tests
ADMIN = Principal(Actor("admin", Role.ADMIN, "xxzx"), NANCHANG_COUNTY)
FOREIGN_ADMIN = Principal(Actor("admin.fz", Role.ADMIN, "xxzx"), OTHER_COUNTY)
ADMIN_PASSWORD = "Guanli-2026-xq"
PASSWORD = "Kaishi-2026-mb"
runner = CliRunner()


def build(database_url: str, clock: Clock, hasher: Argon2 = CHEAP, **settings: Any) -> Services:
    return open_services(database_url, clock, Argon2Hasher(hasher), **settings)


@pytest.fixture
def services(database_url: str, clock: Clock) -> Iterator[Services]:
    opened = build(database_url, clock)
    open_account(opened, ADMIN, "admin", ADMIN_PASSWORD, AccountProfile("管理员", Role.ADMIN, "xxzx"))
    yield opened
    opened.close()


@pytest.fixture
def console(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as client:
        yield client


def open_account(services: Services, by: Principal, login: str, password: str, profile: AccountProfile) -> None:
    command = OpenAccount(jurisdiction=by.jurisdiction, login=login, profile=profile)
    services.accounts.open_account(command, password, by)


def sign_in(client: TestClient, login: str, password: str, **extra: str) -> Any:
    return client.post("/login", data={"login": login, "password": password, **extra}, follow_redirects=False)


def csrf(client: TestClient, path: str = "/admin/users") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert found, "every form carries the session's CSRF token"
    return found.group(1)


def add_user(client: TestClient, **fields: str) -> Any:
    form = {"login": "zhang.wei", "name": "张伟", "role": "coordinator", "org": "yshb",
            "credit_code": "", "password": PASSWORD} | fields  # fmt: skip
    return client.post("/admin/users", data={"csrf_token": csrf(client), **form}, follow_redirects=False)


def stored_events(services: Services) -> list[bytes]:
    """Every stored event's state, as the log holds it."""
    recorder = services.store.recorder
    return [n.state for n in recorder.select_notifications(1, 10_000)]


# --- the console: signing in and out --------------------------------------------------------


def test_an_admin_adds_a_user_in_the_console_who_then_signs_in(
    services: Services, console: TestClient
) -> None:
    assert console.get("/admin/users", follow_redirects=False).headers["location"] == "/login?next=/admin/users"
    signed = sign_in(console, "admin", ADMIN_PASSWORD, next="/admin/users")
    assert signed.status_code == 303 and signed.headers["location"] == "/admin/users"
    added = add_user(console)
    assert added.status_code == 303, added.text
    listed = console.get("/admin/users?done=added")
    assert "账号已开设" in listed.text and "zhang.wei" in listed.text and "营商办" in listed.text

    user = TestClient(create_app(services))
    assert sign_in(user, "zhang.wei", PASSWORD).status_code == 303
    inbox = user.get("/inbox")
    assert inbox.status_code == 200 and "zhang.wei" in inbox.text


def test_the_add_form_says_in_chinese_what_is_wrong_next_to_each_field(console: TestClient) -> None:
    sign_in(console, "admin", ADMIN_PASSWORD)
    weak = add_user(console, password="short1")
    assert weak.status_code == 422 and "密码长度须为" in weak.text
    assert "统一社会信用代码" in add_user(console, role="enterprise").text
    assert "登录名须为" in add_user(console, login="Zhang Wei").text
    assert add_user(console).status_code == 303
    assert "该登录名已被使用" in add_user(console).text


def test_a_wrong_password_or_an_unknown_name_is_refused_in_chinese_without_a_session(
    services: Services, console: TestClient
) -> None:
    tried = (("admin", "Wrong-pass-2026"), ("nobody", ADMIN_PASSWORD), ("", ""),
             ("\x00admin\u202e", ADMIN_PASSWORD), ("管" * 500, "x" * 1000))  # fmt: skip
    for login, password in tried:
        refused = sign_in(console, login, password)
        assert refused.status_code == 401 and "登录名或密码错误" in refused.text
        assert SESSION_COOKIE not in refused.cookies
    assert console.get("/inbox", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_httponly_samesite_lax_and_secure_over_tls(
    database_url: str, clock: Clock, services: Services, console: TestClient
) -> None:
    cookie = sign_in(console, "admin", ADMIN_PASSWORD).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    key = cookie.split(";")[0].split("=", 1)[1]
    assert len(key) >= 43  # 256 bits, URL-safe base64
    with TestClient(create_app(services), base_url="https://testserver") as tls:
        assert "Secure" in sign_in(tls, "admin", ADMIN_PASSWORD).headers["set-cookie"]
    behind_proxy = build(database_url, clock, session_cookie_secure=True)
    try:
        with TestClient(create_app(behind_proxy)) as client:
            assert "Secure" in sign_in(client, "admin", ADMIN_PASSWORD).headers["set-cookie"]
    finally:
        behind_proxy.close()


def test_logout_ends_the_session_on_the_server(services: Services, console: TestClient) -> None:
    sign_in(console, "admin", ADMIN_PASSWORD)
    key = console.cookies[SESSION_COOKIE]
    assert console.post("/logout", data={"csrf_token": csrf(console)}, follow_redirects=False).status_code == 303
    with TestClient(create_app(services), cookies={SESSION_COOKIE: key}) as replayed:
        assert replayed.get("/admin/users", follow_redirects=False).status_code == 303


def test_signing_in_again_ends_the_session_before(services: Services, console: TestClient) -> None:
    sign_in(console, "admin", ADMIN_PASSWORD)
    before = console.cookies[SESSION_COOKIE]
    sign_in(console, "admin", ADMIN_PASSWORD)
    assert console.cookies[SESSION_COOKIE] != before
    assert services.sign_ins.session(before) is None
    assert services.sign_ins.session(console.cookies[SESSION_COOKIE]) is not None


def test_a_session_ends_when_idle_too_long_or_past_its_lifetime(
    clock: Clock, console: TestClient
) -> None:
    sign_in(console, "admin", ADMIN_PASSWORD)
    clock.advance(minutes=29)
    assert console.get("/admin/users").status_code == 200
    clock.advance(minutes=29)  # used 29 minutes ago: still alive
    assert console.get("/admin/users").status_code == 200
    clock.advance(minutes=31)
    assert console.get("/admin/users", follow_redirects=False).status_code == 303
    sign_in(console, "admin", ADMIN_PASSWORD)
    for _ in range(17):  # used every 29 minutes, yet no longer than 8 hours
        clock.advance(minutes=29)
        last = console.get("/admin/users", follow_redirects=False)
    assert last.status_code == 303


def test_next_after_signing_in_stays_on_this_site(console: TestClient) -> None:
    for target in ("//evil.example", "https://evil.example/", "/\\evil.example", "javascript:x"):
        assert sign_in(console, "admin", ADMIN_PASSWORD, next=target).headers["location"] == "/"
        console.cookies.clear()


@given(st.text(max_size=40))
def test_safe_next_is_always_a_path_of_this_site(path: str) -> None:
    chosen = safe_next(path)
    parts = urlsplit(chosen)
    assert chosen.startswith("/") and not chosen.startswith("//") and "\\" not in chosen
    assert not parts.scheme and not parts.netloc
    assert chosen in ("/", path)


@given(st.text(max_size=30))
def test_an_accepted_password_has_ten_characters_letters_and_digits(password: str) -> None:
    try:
        require_strong_password(password, "zhang.wei")
    except WeakPassword as weak:
        assert re.search(r"[\u4e00-\u9fff]", str(weak)), "the refusal is said in Chinese"
        return
    assert len(password) >= 10 and any(c.isalpha() for c in password)
    assert any(c.isdigit() for c in password) and "zhang.wei" not in password.lower()


# --- CSRF and throttling ---------------------------------------------------------------------


def test_a_form_without_the_session_s_csrf_token_is_refused(console: TestClient) -> None:
    sign_in(console, "admin", ADMIN_PASSWORD)
    form = {"login": "li.na", "name": "李娜", "role": "handler", "org": "scjgj", "password": PASSWORD}
    for token in ({}, {"csrf_token": "0" * 64}, {"csrf_token": "令牌"}):
        refused = console.post("/admin/users", data=form | token, follow_redirects=False)
        assert refused.status_code == 403 and "CSRF" in refused.text
    assert console.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert "li.na" not in console.get("/admin/users").text


def test_a_sign_in_form_posted_from_another_site_is_refused(console: TestClient) -> None:
    refused = sign_in(console, "admin", ADMIN_PASSWORD, next="/")
    assert refused.status_code == 303  # no Origin: a same-site form or a non-browser client
    console.cookies.clear()
    foreign = console.post("/login", data={"login": "admin", "password": ADMIN_PASSWORD},
                           headers={"Origin": "https://evil.example"}, follow_redirects=False)  # fmt: skip
    assert foreign.status_code == 403 and SESSION_COOKIE not in foreign.cookies


def test_after_five_failures_sign_in_is_refused_for_a_while_even_with_the_right_password(
    clock: Clock, console: TestClient
) -> None:
    for _ in range(5):
        assert sign_in(console, "admin", "Wrong-pass-2026").status_code == 401
    throttled = sign_in(console, "admin", ADMIN_PASSWORD)
    assert throttled.status_code == 429 and "失败次数过多" in throttled.text
    assert SESSION_COOKIE not in throttled.cookies
    clock.advance(minutes=16)
    assert sign_in(console, "admin", ADMIN_PASSWORD).status_code == 303


FRESH = itertools.count()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(failures=st.integers(0, 8), right=st.booleans())
def test_a_sign_in_is_throttled_exactly_from_the_fifth_failure_within_the_window(
    services: Services, failures: int, right: bool
) -> None:
    number = next(FRESH)
    login, address = f"user.{number}", f"10.0.{number // 250}.{number % 250}"
    open_account(services, ADMIN, login, PASSWORD, AccountProfile("某", Role.HANDLER, "scjgj"))
    for _ in range(failures):
        with pytest.raises(SignInRefused):
            services.sign_ins.sign_in(login, "Wrong-pass-2026", address)
    try:
        services.sign_ins.sign_in(login, PASSWORD if right else "Wrong-pass-2026", address)
        outcome = SignInOutcome.SUCCEEDED
    except SignInRefused as refused:
        outcome = refused.outcome
    expected = SignInOutcome.SUCCEEDED if right else SignInOutcome.REFUSED
    assert outcome is (SignInOutcome.THROTTLED if failures >= 5 else expected)


def test_throttling_is_shared_by_every_process_over_the_store(
    database_url: str, clock: Clock, services: Services, console: TestClient
) -> None:
    for _ in range(5):
        sign_in(console, "admin", "Wrong-pass-2026")
    other = build(database_url, clock)
    try:
        with TestClient(create_app(other)) as elsewhere:
            assert sign_in(elsewhere, "admin", ADMIN_PASSWORD).status_code == 429
    finally:
        other.close()


# --- who may keep accounts -------------------------------------------------------------------


def test_a_user_who_is_not_an_admin_is_refused_the_accounts_page(
    services: Services, console: TestClient
) -> None:
    open_account(services, ADMIN, "zhao.lei", PASSWORD, AccountProfile("赵磊", Role.AUDITOR, "jw"))
    sign_in(console, "zhao.lei", PASSWORD)
    refused = console.get("/admin/users")
    assert refused.status_code == 403 and "无权操作" in refused.text
    posted = console.post("/admin/users/admin/disable", data={"csrf_token": csrf(console, "/inbox"), "reason": "x"})
    assert posted.status_code == 403


def test_an_admin_of_another_jurisdiction_cannot_see_or_change_its_accounts(
    services: Services, console: TestClient
) -> None:
    open_account(services, FOREIGN_ADMIN, "admin.fz", ADMIN_PASSWORD, AccountProfile("管理员", Role.ADMIN, "xxzx"))
    sign_in(console, "admin.fz", ADMIN_PASSWORD)
    assert ">admin<" not in console.get("/admin/users").text
    token = csrf(console)
    for action in ("disable", "reset-password"):
        refused = console.post(f"/admin/users/admin/{action}",
                               data={"csrf_token": token, "reason": "x", "password": PASSWORD})  # fmt: skip
        assert refused.status_code == 404
    with pytest.raises(Exception, match="may not register"):
        command = OpenAccount(jurisdiction=NANCHANG_COUNTY, login="x.y", profile=AccountProfile("某", Role.HANDLER, "a"))
        services.accounts.open_account(command, PASSWORD, FOREIGN_ADMIN)
    other = TestClient(create_app(services))
    assert sign_in(other, "admin", ADMIN_PASSWORD).status_code == 303


# --- disabling and resetting end sessions -----------------------------------------------------


@pytest.fixture
def handler(services: Services, console: TestClient) -> TestClient:
    """li.na, a handler, signed in from her own browser; the admin signed in to `console`."""
    open_account(services, ADMIN, "li.na", PASSWORD, AccountProfile("李娜", Role.HANDLER, "scjgj"))
    user = TestClient(create_app(services))
    assert sign_in(user, "li.na", PASSWORD).status_code == 303
    assert user.get("/inbox").status_code == 200
    sign_in(console, "admin", ADMIN_PASSWORD)
    return user


def as_admin(console: TestClient, path: str, **form: str) -> Any:
    """Post a form of the accounts page, with its CSRF token, as the signed-in admin."""
    return console.post(path, data={"csrf_token": csrf(console), **form}, follow_redirects=False)


def test_disabling_an_account_ends_its_sessions_and_refuses_its_sign_in(
    console: TestClient, handler: TestClient
) -> None:
    assert as_admin(console, "/admin/users/li.na/disable", reason="调离").status_code == 303
    assert "已停用" in console.get("/admin/users?done=disabled").text
    assert handler.get("/inbox", follow_redirects=False).status_code == 303
    refused = sign_in(handler, "li.na", PASSWORD)
    assert refused.status_code == 401 and "已停用" in refused.text
    again = as_admin(console, "/admin/users/li.na/disable", reason="x")
    assert again.status_code == 409  # disabled already: the state forbids it
    as_admin(console, "/admin/users/li.na/enable", reason="回岗")
    assert sign_in(handler, "li.na", PASSWORD).status_code == 303


def test_resetting_a_password_ends_the_sessions_and_only_the_new_one_signs_in(
    console: TestClient, handler: TestClient
) -> None:
    weak = as_admin(console, "/admin/users/li.na/reset-password", password="abc")
    assert weak.status_code == 422 and "密码长度须为" in weak.text
    assert as_admin(console, "/admin/users/li.na/reset-password", password="New-pass-2026").status_code == 303
    assert handler.get("/inbox", follow_redirects=False).status_code == 303
    assert sign_in(handler, "li.na", PASSWORD).status_code == 401
    assert sign_in(handler, "li.na", "New-pass-2026").status_code == 303


def test_an_admin_may_not_disable_their_own_account(services: Services) -> None:
    with pytest.raises(Exception, match="their own account"):
        services.accounts.execute(account_id("admin"), DisableAccount(reason="x"), ADMIN)


def test_a_hash_made_with_older_parameters_is_replaced_at_the_next_sign_in(
    database_url: str, clock: Clock, services: Services
) -> None:
    old = services.accounts.passwords.password_of("admin")
    stronger = build(database_url, clock, hasher=Argon2(time_cost=2, memory_cost=128, parallelism=1))
    try:
        stronger.sign_ins.sign_in("admin", ADMIN_PASSWORD, "127.0.0.1")
        new = stronger.accounts.passwords.password_of("admin")
    finally:
        stronger.close()
    assert old is not None and new is not None and new != old
    assert "t=2" in new and "m=128" in new and "t=1" in old


# --- the audit trail ---------------------------------------------------------------------------


def test_auditors_see_account_changes_and_sign_ins_and_no_password_is_ever_in_the_log(
    services: Services, console: TestClient
) -> None:
    open_account(services, ADMIN, "li.na", PASSWORD, AccountProfile("李娜", Role.HANDLER, "scjgj"))
    sign_in(console, "li.na", "Wrong-pass-2026")
    sign_in(console, "li.na", PASSWORD)
    services.accounts.execute(account_id("li.na"), DisableAccount(reason="调离"), ADMIN)
    services.accounts.reset_password("li.na", "New-pass-2026", ADMIN)
    bearer = {"Authorization": f"Bearer {services.tokens.mint(AUDITOR)}"}

    replay = console.get(f"/api/v1/audit/accounts/{account_id('li.na')}/events", headers=bearer)
    assert replay.status_code == 200, replay.text
    events = [event["event"] for event in replay.json()["events"]]
    assert events == ["Opened", "Disabled", "PasswordReset"]
    activity = console.get("/api/v1/audit/activity", params={"kind": "sign_in"}, headers=bearer)
    assert activity.status_code == 200, activity.text
    details = [(entry["actor_id"], entry["detail"]) for entry in activity.json()["items"]]
    assert ("li.na", "refused testclient") in details and ("li.na", "succeeded testclient") in details

    hashes = [services.accounts.passwords.password_of(login) for login in ("admin", "li.na")]
    assert all(hashed and hashed.startswith("$argon2id$") for hashed in hashes)
    for state in stored_events(services):
        assert b"$argon2" not in state
        for secret in (ADMIN_PASSWORD, PASSWORD, "New-pass-2026", *hashes):
            assert secret.encode() not in state  # type: ignore[union-attr]


# --- the command line --------------------------------------------------------------------------


def test_the_command_line_adds_lists_disables_enables_and_resets_accounts(database_url: str) -> None:
    env = {"YINGSHANG_DATABASE_URL": database_url, "YINGSHANG_TOKEN_SECRET": TEST_SECRET}

    def user(*args: str, password: str | None = None) -> Any:
        given = f"{password}\n{password}\n" if password else None
        return runner.invoke(app, ["user", *args], env=env, input=given)

    added = user("add", "admin", "--jurisdiction", "360121", "--name", "管理员", "--role", "admin",
                 "--org", "xxzx", password=ADMIN_PASSWORD)  # fmt: skip
    assert added.exit_code == 0, added.output
    weak = user("add", "li.na", "--jurisdiction", "360121", "--name", "李娜", "--role", "handler",
                "--org", "scjgj", password="short")  # fmt: skip
    assert weak.exit_code == 1 and "密码长度须为" in weak.output
    enterprise = user("add", "acme", "--jurisdiction", "360121", "--name", "某公司", "--role",
                      "enterprise", "--org", "acme", "--credit-code", "91360121MA35ABCD04",
                      password=PASSWORD)  # fmt: skip
    assert enterprise.exit_code == 0, enterprise.output
    assert user("add", "acme", "--jurisdiction", "360121", "--name", "x", "--role", "handler",
                "--org", "x", password=PASSWORD).exit_code == 1  # fmt: skip
    listed = user("list", "--jurisdiction", "360121")
    assert "admin\t管理员\tadmin\txxzx\t\tactive" in listed.output
    assert "91360121MA35ABCD04" in listed.output
    assert user("disable", "acme", "--jurisdiction", "360121", "--reason", "注销").exit_code == 0
    assert "acme\t某公司\tenterprise\tacme\t91360121MA35ABCD04\tdisabled" in user(
        "list", "--jurisdiction", "360121"
    ).output
    assert user("disable", "acme", "--jurisdiction", "360121", "--reason", "x").exit_code == 1
    assert user("enable", "acme", "--jurisdiction", "360121", "--reason", "恢复").exit_code == 0
    assert user("disable", "acme", "--jurisdiction", "350100", "--reason", "x").exit_code == 1
    reset = user("reset-password", "acme", "--jurisdiction", "360121", password="Xin-mima-2026")
    assert reset.exit_code == 0, reset.output
    services = build(database_url, Clock(), hasher=Argon2())
    try:
        _, session = services.sign_ins.sign_in("acme", "Xin-mima-2026", "127.0.0.1")
        assert session.principal.credit_code is not None
        assert session.principal.credit_code.value == "91360121MA35ABCD04"
        assert session.principal.actor == Actor("acme", Role.ENTERPRISE, "acme")
    finally:
        services.close()


def test_htmx_may_carry_the_csrf_token_in_a_header(console: TestClient) -> None:
    sign_in(console, "admin", ADMIN_PASSWORD)
    token = csrf(console)
    posted = console.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == "/login"
