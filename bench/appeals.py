"""How fast appeals go through the service, against the bare event store in the same run.

    .venv/bin/python bench/appeals.py [--appeals 200] [--postgres postgresql://…/test]

Baseline: the same number of events saved by a plain `eventsourcing` application (one trivial
aggregate per appeal, one event per save). Figures: appeal lifecycles per second, events per second,
and the ratio of our per-event cost to the baseline's; then one list query after a catch-up.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, datetime

from application.appeal_commands import Assign, Close, FollowUp, Receive, Resolve
from application.case_index import CaseFilter
from common import DEPARTMENT, INTAKE, OFFICE, POSTGRES, Counter, UrlMaker, bare_store
from common import postgres_stores, sqlite_stores
from domain.appeal import HandlingLevel, Outcome, Satisfaction
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import build_services
from infrastructure.settings import Settings

STEPS = [
    (Receive(), OFFICE),
    (Assign(department="scjgj", level=HandlingLevel.COUNTY, deadline=date(2026, 3, 20)), OFFICE),
    (Resolve(outcome=Outcome.SOLVED, resolution="ok"), DEPARTMENT),
    (FollowUp(satisfaction=Satisfaction.SATISFIED), OFFICE),
    (Close(reason="ok"), OFFICE),
]
EVENTS_PER_APPEAL = 1 + len(STEPS)


def baseline(url: str, appeals: int) -> float:
    """Seconds for the bare store to save as many events, one save per event."""
    app = bare_store(url)
    started = time.perf_counter()
    for _ in range(appeals):
        counter = Counter()
        app.save(counter)
        for _ in STEPS:
            counter.count()
            app.save(counter)
    return time.perf_counter() - started


def ours(url: str, appeals: int) -> tuple[float, float, float]:
    """Seconds for the lifecycles through `AppealService`, for one case list after catching up,
    and for the supervision list after catching up."""
    now = datetime(2026, 3, 2, 9, tzinfo=CHINA_TZ)
    services = build_services(Settings(database_url=url, token_secret="b" * 40), clock=lambda: now)
    started = time.perf_counter()
    for _ in range(appeals):
        appeal = services.appeals.submit(INTAKE, OFFICE)
        for command, principal in STEPS:
            services.appeals.execute(appeal.id, command, principal)
    lifecycles = time.perf_counter() - started
    started = time.perf_counter()
    services.appeals.list(CaseFilter(limit=50), OFFICE)
    listing = time.perf_counter() - started
    started = time.perf_counter()
    services.supervision.entries(OFFICE)
    supervision = time.perf_counter() - started
    services.close()
    return lifecycles, listing, supervision


def measure(name: str, make_url: UrlMaker, appeals: int) -> None:
    base = baseline(make_url("base"), appeals)
    lifecycles, listing, supervision = ours(make_url("ours"), appeals)
    events = appeals * EVENTS_PER_APPEAL
    print(
        f"{name:10} baseline {events / base:8.0f} events/s | ours {appeals / lifecycles:6.1f} "
        f"appeals/s = {events / lifecycles:7.0f} events/s, {lifecycles / base:4.1f}× the baseline's "
        f"cost per event | first list after {events} events: {listing * 1000:6.0f} ms, "
        f"first supervision list: {supervision * 1000:6.0f} ms ({supervision / base:4.1f}× the "
        "baseline's time to write them)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appeals", type=int, default=200)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    with sqlite_stores() as make_url:
        measure("sqlite", make_url, args.appeals)
    with postgres_stores(args.postgres) as make_url:
        measure("postgresql", make_url, args.appeals)


if __name__ == "__main__":
    main()
