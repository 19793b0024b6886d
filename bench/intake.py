"""What registering an appeal costs as its county-year fills up, against the bare event store.

    .venv/bin/python bench/intake.py [--appeals 5000] [--batches 10] [--postgres postgresql://…/test]

Registers `--appeals` appeals in one county and year through `AppealService.submit`, in equal
batches, and prints the cost per registration in the first batch and in the last, and their
ratio: near 1 when intake costs the same however many numbers the year has issued. Baseline, in
the same run: a plain `eventsourcing` application saving one new aggregate per registration.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime

from common import INTAKE, OFFICE, POSTGRES, Counter, UrlMaker, bare_store
from common import postgres_stores, sqlite_stores
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import build_services
from infrastructure.settings import Settings


def batch_costs(register: Callable[[], object], appeals: int, batches: int) -> list[float]:
    """Seconds per registration in each of `batches` equal batches of `appeals` in all."""
    size = max(1, appeals // batches)
    costs = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(size):
            register()
        costs.append((time.perf_counter() - started) / size)
    return costs


def baseline(url: str, appeals: int, batches: int) -> list[float]:
    """The bare store saving one new trivial aggregate per registration."""
    app = bare_store(url)
    try:
        return batch_costs(lambda: app.save(Counter()), appeals, batches)
    finally:
        app.close()


def ours(url: str, appeals: int, batches: int) -> list[float]:
    """Registrations through `AppealService.submit`, all in one county-year."""
    now = datetime(2026, 3, 2, 9, tzinfo=CHINA_TZ)
    services = build_services(Settings(database_url=url, token_secret="b" * 40), clock=lambda: now)
    try:
        return batch_costs(lambda: services.appeals.submit(INTAKE, OFFICE), appeals, batches)
    finally:
        services.close()


def measure(name: str, make_url: UrlMaker, appeals: int, batches: int) -> None:
    base = baseline(make_url("base"), appeals, batches)
    costs = ours(make_url("ours"), appeals, batches)
    print(
        f"{name:10} {appeals} registrations | first batch {costs[0] * 1000:6.2f} ms, "
        f"last batch {costs[-1] * 1000:6.2f} ms, last/first {costs[-1] / costs[0]:5.2f} | "
        f"baseline first {base[0] * 1000:5.2f} ms, last {base[-1] * 1000:5.2f} ms, "
        f"last/first {base[-1] / base[0]:5.2f} | ours/baseline in the last batch "
        f"{costs[-1] / base[-1]:5.1f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appeals", type=int, default=5000)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    with sqlite_stores() as make_url:
        measure("sqlite", make_url, args.appeals, args.batches)
    with postgres_stores(args.postgres) as make_url:
        measure("postgresql", make_url, args.appeals, args.batches)


if __name__ == "__main__":
    main()
