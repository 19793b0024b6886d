"""How fast the web console's pages answer with a large store, on SQLite and PostgreSQL.

    .venv/bin/python bench/console.py [--appeals 100000] [--calls 30] [--only sqlite]

Loads a county's year of appeals as bench/reports.py does (in batches, through the aggregates),
brings the views up to date, then asks each main page of the console as the user who reads it
(signed in by the session cookie), once to warm up and then `--calls` times, over the service's
HTTP interface in-process. Prints each page's p50, p95 and p99 and its p50 against two baselines
measured in the same run: `/healthz` (the service's floor: no store read) and the API's first
page of appeals (`/api/v1/appeals?limit=50`, a list the console's list pages also read). The
target is a p95 of at most 300 ms at 100,000 appeals.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from datetime import datetime

import psycopg
from fastapi.testclient import TestClient

from application.account_service import OpenAccount
from application.principal import Principal
from application.views import catch_up as catch_up_views
from domain.account import AccountProfile
from domain.actor import Actor, Role
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import Services, build_services
from infrastructure.settings import Settings
from interface.http import create_app
from interface.web.session_auth import SESSION_COOKIE
from common import postgres_stores, sqlite_stores
from reports import AUDITOR, COUNTY, OFFICE, enterprise, load

TARGET_P95_MS = 300
HANDLER = Actor("bench-h", Role.HANDLER, "scjgj")
ENTERPRISE = Actor("bench-e", Role.ENTERPRISE, "bench-e")
BASELINES = [
    ("/healthz", OFFICE, "/healthz"),
    ("API appeals, first page", OFFICE, "/api/v1/appeals?limit=50"),
]
PAGES = [
    ("inbox, coordinator", OFFICE, "/inbox"),
    ("inbox, department", HANDLER, "/inbox"),
    ("inbox, enterprise", ENTERPRISE, "/inbox"),
    ("appeals list", OFFICE, "/cases/appeals"),
    ("appeals list, overdue", OFFICE, "/cases/appeals?overdue=on"),
    ("appeals list, a department", OFFICE, "/cases/appeals?organisation=swj"),
    ("appeal page", OFFICE, "/cases/appeals/{case}"),
    ("new appeal form", ENTERPRISE, "/cases/appeals/new"),
    ("dashboard, a year", OFFICE, "/dashboard?period=2025"),
    ("supervision list", OFFICE, "/supervision"),
    ("supervision list, open", OFFICE, "/supervision?status=open"),
    ("audit, activity of a user", AUDITOR, "/audit?actor=bench"),
    ("audit, a case replayed", AUDITOR, "/audit/appeals/{case}"),
]  # fmt: skip
VERIFY = ("audit, verify the whole log", AUDITOR, "/audit?verify=true")  # reads every event
VERIFY_CALLS = 3  # it grows with the log: seconds a call at 10,000 appeals


def percentiles(times: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 of `times` (nearest rank)."""
    ordered = sorted(times)

    def rank(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * len(ordered)) - 1)]

    return statistics.median(ordered), rank(0.95), rank(0.99)


PASSWORD = "Yingshang-2026-pw"  # every reader's


def credentials(services: Services, principal: Principal) -> tuple[str, str]:
    """A console session's key for `principal` (its account opened, then signed in with its
    password, as a person would) and a bearer token for the API."""
    actor, admin = principal.actor, Principal(Actor("bench.admin", Role.ADMIN, "xxzx"), COUNTY)
    profile = AccountProfile(actor.id, actor.role, actor.org, principal.credit_code)
    opening = OpenAccount(jurisdiction=COUNTY, login=actor.id, profile=profile)
    services.accounts.open_account(opening, PASSWORD, admin)
    key, _ = services.sign_ins.sign_in(actor.id, PASSWORD, "127.0.0.1")
    return key, services.tokens.mint(principal)


def timed(
    http: TestClient, credential: tuple[str, str], path: str, calls: int
) -> tuple[float, float, float]:
    """p50, p95 and p99 in milliseconds of `calls` GETs of `path` after one warm-up; each must
    answer 200 itself (a page that sends to the sign-in page would not be measured)."""
    http.cookies.set(SESSION_COOKIE, credential[0])
    headers = {"Authorization": f"Bearer {credential[1]}"}
    assert http.get(path, headers=headers, follow_redirects=False).status_code == 200, path  # noqa: PLR2004
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        answer = http.get(path, headers=headers, follow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, f"{path}: {answer.status_code}"  # noqa: PLR2004
    return percentiles(times)


def rows(services: Services, http: TestClient, calls: int, verify: bool) -> Iterator[str]:
    """A printed line per baseline and page."""
    principal = {OFFICE: Principal(OFFICE, COUNTY), HANDLER: Principal(HANDLER, COUNTY),
                 AUDITOR: Principal(AUDITOR, COUNTY),
                 ENTERPRISE: Principal(ENTERPRISE, COUNTY, enterprise(7).credit_code)}  # fmt: skip
    cookies = {actor: credentials(services, who) for actor, who in principal.items()}
    case = http.get(
        "/api/v1/appeals?limit=1", headers={"Authorization": f"Bearer {cookies[OFFICE][1]}"}
    )
    case_id = case.json()["items"][0]["id"]
    floors = []
    for name, reader, path in BASELINES:
        p50, p95, p99 = timed(http, cookies[reader], path, calls)
        floors.append(p50)
        yield f"  {name:30} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  (baseline)"
    for name, reader, path in PAGES + ([VERIFY] if verify else []):
        times = min(calls, VERIFY_CALLS) if path == VERIFY[2] else calls
        p50, p95, p99 = timed(http, cookies[reader], path.format(case=case_id), times)
        mark = "ok" if p95 <= TARGET_P95_MS else f"OVER {TARGET_P95_MS} ms"
        yield (f"  {name:30} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  "
               f"= {p50 / floors[0]:6.1f}× /healthz, {p50 / floors[1]:5.2f}× the API list  {mark}")  # fmt: skip


def measure(name: str, url: str, appeals: int, calls: int, verify: bool) -> None:
    services = build_services(Settings(database_url=url, token_secret="b" * 40),
                              clock=lambda: datetime(2026, 1, 5, 9, tzinfo=CHINA_TZ))  # fmt: skip
    started = time.perf_counter()
    events = load(services, appeals)
    catch_up_views(list(services.views.values()))
    if url.startswith("postgresql"):  # as autovacuum does after a load this size
        with psycopg.connect(url.split("?")[0], autocommit=True) as connection:
            connection.execute("ANALYZE")
    print(f"{name}: {appeals} appeals, {events} events, loaded and caught up in "
          f"{time.perf_counter() - started:.0f} s; {calls} calls a page")  # fmt: skip
    with TestClient(create_app(services)) as http:
        for line in rows(services, http, calls, verify):
            print(line, flush=True)
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appeals", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--verify", action="store_true", help="time the whole log's verification too"
    )
    args = parser.parse_args()
    if args.only != "postgresql":
        with sqlite_stores() as store:
            measure("sqlite", store("console"), args.appeals, args.calls, args.verify)
    if args.only != "sqlite":
        with postgres_stores(args.postgres) as store:
            measure("postgresql", store("console"), args.appeals, args.calls, args.verify)


if __name__ == "__main__":
    main()
