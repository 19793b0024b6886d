"""How reports, lists and view catch-up scale with the store, on SQLite and PostgreSQL.

    .venv/bin/python bench/reports.py [--appeals 10000] [--calls 15] [--batch 250]
        [--rebuilds each|one-pass|none] [--only sqlite|postgresql] [--keep]
        [--postgres postgresql://…/test]

Loads a county's year of appeals of 2,000 enterprises straight into the store (`--batch` appeals
per save, through the aggregates, not over HTTP), brings the views up to date as an import does
(`catch_up_in_bulk`), rebuilds each view and then every view in one pass (as `yingshang
projections rebuild` does; `--rebuilds one-pass` times only the pass, `none` neither, as a
million appeals wants), then times every report, list and timeline route over HTTP, each asked
once to warm up and then `--calls` times, in a fresh process that serves the loaded store (whose
resident memory is the server's). Each figure is printed as soon as it is measured. Baselines
measured in the same run: reading the raw notification log (for the load, catch-up and rebuild
rates; the best of three reads), selecting every case-list row of the county (the floor of a
report that reads every case; the median of three), and registering `--intakes` appeals through
`AppealService.submit` in the same store while it is still empty (registration at size ÷
registration when empty: issue 14 asks ≤ 1.2 at a million appeals). The PostgreSQL store is a
fresh schema, dropped afterwards unless `--keep` is given (to EXPLAIN a route's queries, say).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import psycopg
from fastapi.testclient import TestClient

from application.case_index import CaseFilter
from application.appeal_commands import SubmitAppeal
from application.principal import Principal
from application.views import catch_up_in_bulk, rebuild
from domain.actor import Actor, Role
from domain.appeal import Appeal, Category, Channel, HandlingLevel, Outcome, Satisfaction, Urgency
from domain.clock import CHINA_TZ
from domain.enterprise import CreditCode, Enterprise, check_character
from domain.jurisdiction import JurisdictionCode
from infrastructure.bootstrap import Services, build_services
from infrastructure.settings import Settings
from interface.http import create_app

COUNTY = JurisdictionCode("360121")
OFFICE = Actor("bench", Role.COORDINATOR, "yshb")
DEPARTMENTS = ("scjgj", "zrzyj", "swj", "fgw", "gxj", "jtj", "zjj", "hbj")
START = datetime(2025, 1, 2, 9, tzinfo=CHINA_TZ)
ENTERPRISES = 2000  # the appeals are spread over this many enterprises
FINANCE = Actor("bench-f", Role.FINANCE, "czj")
AUDITOR = Actor("bench-a", Role.AUDITOR, "jw")
PRINCIPAL = Principal(OFFICE, COUNTY)  # who registers appeals
ROUTES = [
    ("closure-rates by department", OFFICE, "/reports/closure-rates", {"period": "2025", "group_by": "department"}),
    ("closure-rates, a range", OFFICE, "/reports/closure-rates", {"from": "2025-01-01", "to": "2025-08-31"}),
    ("department-ranking", OFFICE, "/reports/department-ranking", {"period": "2025"}),
    ("mediation-ratios", OFFICE, "/reports/mediation-ratios", {"period": "2025"}),
    ("policy-claims by mode", FINANCE, "/reports/policy-claims", {"period": "2025", "group_by": "mode"}),
    ("inspections", OFFICE, "/reports/inspections", {"period": "2025"}),
    ("policy-catalogue", OFFICE, "/reports/policy-catalogue", {"period": "2025"}),
    ("supervision-list open", OFFICE, "/supervision-list", {"status": "open"}),
    ("supervision-list, a department", OFFICE, "/supervision-list", {"department": "swj"}),
    ("appeals, first page", OFFICE, "/appeals", {"limit": "50"}),
    ("appeals of an enterprise", OFFICE, "/appeals", {"credit_code": "{enterprise}"}),
    ("enterprise timeline", OFFICE, "/enterprises/{enterprise}/timeline", {}),
    ("audit activity, a day", AUDITOR, "/audit/activity", {"from": "2025-06-02T00:00:00+08:00", "to": "2025-06-03T00:00:00+08:00"}),
]  # fmt: skip


def enterprise(number: int) -> Enterprise:
    """One of the county's `ENTERPRISES` enterprises, with a valid credit code."""
    first = f"91360121MA{number % ENTERPRISES:07d}"
    return Enterprise(CreditCode(first + check_character(first)), f"bench {number % ENTERPRISES}")


def appeal(number: int) -> Appeal:
    """The `number`-th appeal of the year, taken as far as its number says: most closed, some
    resolved late, some still in handling."""
    at = START + timedelta(minutes=number * 37 % (340 * 24 * 60))  # spread over the year
    case = Appeal.submit(
        case_number=f"SQ-{COUNTY}-2025-{number:06d}", jurisdiction=COUNTY,
        enterprise=enterprise(number),
        channel=list(Channel)[number % len(Channel)], category=list(Category)[number % len(Category)],
        urgency=Urgency.NORMAL, summary="bench", actor=OFFICE, occurred_at=at,
    )  # fmt: skip
    department = DEPARTMENTS[number % len(DEPARTMENTS)]
    case.receive(OFFICE, at + timedelta(hours=1))
    case.assign(department, HandlingLevel.COUNTY, (at + timedelta(days=10)).date(), OFFICE,
                at + timedelta(hours=2))  # fmt: skip
    if number % 10 == 0:
        return case  # still in handling
    handler = Actor("bench-h", Role.HANDLER, department)
    case.resolve(Outcome.SOLVED, "ok", handler, at + timedelta(days=5 + number % 9))
    case.follow_up(list(Satisfaction)[number % 3], "", OFFICE, at + timedelta(days=15))
    if case.satisfaction is not Satisfaction.UNSATISFIED:
        case.close("ok", OFFICE, at + timedelta(days=16))
    return case


def load(services: Services, appeals: int, batch: int = 250) -> int:
    """Save the appeals in batches; the number of events written."""
    events = 0
    for first in range(0, appeals, batch):
        cases = [appeal(number) for number in range(first + 1, min(first + batch, appeals) + 1)]
        events += sum(len(case.pending_events) for case in cases)
        services.store.save(*cases)
    return events


def registration(services: Services, intakes: int) -> float:
    """Median seconds to register one appeal of 2026 through `AppealService.submit` (the views
    brought up to date inline, as a command does), over `intakes` registrations after ten to
    warm up."""
    intake = SubmitAppeal(jurisdiction=COUNTY, enterprise=enterprise(1), channel=Channel.HOTLINE_12345,
                          category=Category.FINANCING, urgency=Urgency.NORMAL, summary="bench")  # fmt: skip
    for _ in range(10):
        services.appeals.submit(intake, PRINCIPAL)
    return statistics.median(
        seconds(lambda: services.appeals.submit(intake, PRINCIPAL)) for _ in range(intakes)
    )


def seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def raw_read(services: Services) -> float:
    """Seconds to read every notification of the log, a page at a time."""

    def read() -> None:
        start = 1
        while page := services.store.recorder.select_notifications(start, 1000):
            start = page[-1].id + 1

    return seconds(read)


def rebuilds(services: Services, which: str) -> Iterator[tuple[str, float]]:
    """Seconds to rebuild each view alone (`which` is "each"), then every view in one pass
    (unless `which` is "none"); each starts knowing no case's history, as a fresh process does."""
    if which == "none":
        return
    updaters = list(services.views.values())
    histories = updaters[0].histories  # shared by the views
    for updater in updaters if which == "each" else []:
        histories.clear()
        yield updater.name, seconds(updater.rebuild)
    histories.clear()
    yield "every view, one pass", seconds(lambda: rebuild(updaters))


def timings(http: TestClient, services: Services, calls: int) -> Iterator[tuple[str, float, float]]:
    """Each route's p50 and p99 in milliseconds over `calls` calls, each asked by its reader."""
    tokens = {actor: services.tokens.mint(Principal(actor, COUNTY)) for actor in (OFFICE, FINANCE, AUDITOR)}
    one = enterprise(7).credit_code.value
    for name, reader, path, params in ROUTES:
        headers = {"Authorization": f"Bearer {tokens[reader]}"}
        query = {key: value.format(enterprise=one) for key, value in params.items()}
        http.get(f"/api/v1{path.format(enterprise=one)}", params=query, headers=headers)  # warm-up
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            response = http.get(f"/api/v1{path.format(enterprise=one)}", params=query, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text  # noqa: PLR2004
        times.sort()
        yield name, statistics.median(times), times[min(len(times) - 1, round(0.99 * len(times)))]


def resident_megabytes() -> float:
    """This process's resident memory now (Linux), in MB."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def opened(url: str) -> Services:
    return build_services(Settings(database_url=url, token_secret="b" * 40),
                          clock=lambda: datetime(2026, 1, 5, 9, tzinfo=CHINA_TZ))  # fmt: skip


def served_routes(url: str, calls: int) -> tuple[list[tuple[str, float, float]], float]:
    """In a fresh process (the server): every route's timings over the loaded store, and the
    process's resident memory after them, in MB."""
    services = opened(url)
    try:
        with TestClient(create_app(services, run_policies=False)) as http:
            return list(timings(http, services, calls)), resident_megabytes()
    finally:
        services.close()


def measure(name: str, url: str, args: argparse.Namespace) -> None:
    """Load `args.appeals` appeals into the store at `url` and print each figure as soon as it
    is measured."""
    calls, intakes = args.calls, args.intakes
    services = opened(url)
    empty = registration(services, intakes)
    started = time.perf_counter()
    events = load(services, args.appeals, args.batch)
    loading = time.perf_counter() - started
    read = min(raw_read(services) for _ in range(3))
    say(f"{name}: {args.appeals} appeals, {events} events | raw log read {events / read:8.0f} events/s")
    say(f"  loaded in {loading:6.0f} s at {events / loading:7.0f} events/s = {read / loading:5.3f}× "
        "the raw read rate")  # fmt: skip
    catch_up = seconds(lambda: catch_up_in_bulk(list(services.views.values())))  # as an import does
    say(f"  views caught up in {catch_up:6.0f} s at {events / catch_up:7.0f} events/s = "
        f"{read / catch_up:5.3f}× the raw read rate")  # fmt: skip
    if url.startswith("postgresql"):  # as autovacuum does after a load this size
        with psycopg.connect(url.split("?")[0], autocommit=True) as connection:
            connection.execute("ANALYZE")
    at_size = registration(services, intakes)
    say(f"  registration {at_size * 1000:6.2f} ms at this size, {empty * 1000:6.2f} ms in the "
        f"empty store: {at_size / empty:4.2f}×")  # fmt: skip
    every_row = CaseFilter(kind="appeal", jurisdiction=COUNTY.value, limit=None)
    rows = statistics.median(
        seconds(lambda: list(services.reports.index.view.select(every_row))) for _ in range(3)
    )
    say(f"  every case row of the county: {rows * 1000:6.0f} ms (baseline, the median of three)")
    for view, took in rebuilds(services, args.rebuilds):
        say(f"  rebuild {view:22} {events / took:7.0f} events/s = {read / took:5.3f}× the raw read rate")
    services.close()
    with multiprocessing.get_context("spawn").Pool(1) as server:
        routes, memory = server.apply(served_routes, (url, calls))
    for route, p50, p99 in routes:
        say(f"  {route:32} p50 {p50:8.1f} ms  p99 {p99:8.1f} ms  = {p50 / (rows * 1000):6.2f}× "
            "the baseline")  # fmt: skip
    say(f"  the server's resident memory after the routes: {memory:.0f} MB")


def say(line: str) -> None:
    """Print `line` at once, so that a long run's log shows how far it got."""
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appeals", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=15)
    parser.add_argument("--intakes", type=int, default=100)
    parser.add_argument("--batch", type=int, default=250, help="appeals per save when loading")
    parser.add_argument("--rebuilds", choices=["each", "one-pass", "none"], default="each")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema, to study")
    args = parser.parse_args()
    if args.only != "postgresql":
        with TemporaryDirectory() as folder:
            measure("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}", args)
    if args.only != "sqlite":
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        try:
            measure("postgresql", f"{args.postgres}?schema={schema}", args)
        finally:
            if args.keep:
                say(f"kept the PostgreSQL store: schema {schema} (drop it when done)")
            else:
                with psycopg.connect(args.postgres, autocommit=True) as connection:
                    connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

if __name__ == "__main__":
    main()
