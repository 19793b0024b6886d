"""How fast `yingshang audit verify` rechecks the log, on SQLite (and PostgreSQL if given).

    .venv/bin/python bench/audit_verify.py [--events 100000] [--postgres postgresql://…/test]

Writes `--events` events of realistic size straight through the sealed recorder (each sealed
and tagged, as the service writes them), signs a checkpoint, then times a full verify (every
digest, link and tag, and the log against the signed checkpoint), the best of three: in log
order in this process, and a range of positions per process on every core (what the service
does from `PARALLEL_FROM` events on). The workers' CPU is not this process's: the parallel
check is timed by the wall-clock only. The baseline, measured in the same run: reading the raw
notification log page by page through the library (the best of three), what any check that
reads every event used to start from.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

from eventsourcing.persistence import StoredEvent

from application.audit_service import PARALLEL_FROM, usable_cores
from bench.common import OFFICE, POSTGRES
from infrastructure.bootstrap import Services
from infrastructure.settings import Settings
from infrastructure.bootstrap import build_services
from infrastructure.signing_keys import write_key

BATCH = 500
TOPIC = "domain.appeal:Appeal.Noted"


def load(services: Services, count: int) -> None:
    """`count` events of 20-version cases, `BATCH` to a transaction, ~600 bytes each."""
    recorder = services.store.recorder
    for start in range(0, count, BATCH):
        cases = [uuid.uuid4() for _ in range(BATCH // 20)]
        recorder.insert_events([
            StoredEvent(cases[i // 20], i % 20 + 1, TOPIC, os.urandom(600))
            for i in range(min(BATCH, count - start))
        ])  # fmt: skip


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """The least wall-clock and CPU seconds of `runs` runs (CPU time is what a shared, busy
    machine distorts least)."""
    times = []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(wall for wall, _ in times), min(cpu for _, cpu in times)


def read_all(services: Services) -> None:
    recorder, start = services.store.recorder, 1
    while page := recorder.select_notifications(start, 500):
        start = page[-1].id + 1


def measure(url: str, key: Path, count: int) -> None:
    settings = Settings(database_url=url, token_secret="b" * 40, signing_key_file=key, _env_file=None)
    services = build_services(settings)
    audit = services.audit
    try:
        load(services, count)
        audit.sign()
        raw = best_of(3, lambda: read_all(services))
        audit.parallel_from = sys.maxsize
        in_order = best_of(3, lambda: holds(services))
        audit.parallel_from = 1
        cores = best_of(3, lambda: holds(services))
        store = url.split(":")[0]
        for clock, index in (("wall", 0), ("cpu", 1)):
            print(f"{store:10} {count:>8} events  {clock:4}  verify in order {count / in_order[index]:>9,.0f}/s  "
                  f"raw read {count / raw[index]:>9,.0f}/s  verify/raw {raw[index] / in_order[index]:.2f}")  # fmt: skip
        print(f"{store:10} {count:>8} events  wall  verify on {usable_cores()} cores {count / cores[0]:>9,.0f}/s  "
              f"raw read {count / raw[0]:>9,.0f}/s  verify/raw {raw[0] / cores[0]:.2f}  "
              f"(the service's way from {PARALLEL_FROM:,} events on)")  # fmt: skip
    finally:
        services.close()


def holds(services: Services) -> None:
    verdict = services.audit.verify(OFFICE.actor)
    assert verdict.holds, verdict.failure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--postgres", nargs="?", const=POSTGRES, default=None)
    arguments = parser.parse_args()
    with TemporaryDirectory() as folder:
        key = Path(folder) / "key.pem"
        write_key(key)
        measure(f"sqlite:///{Path(folder) / 'bench.db'}", key, arguments.events)
        if arguments.postgres:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            try:
                measure(f"{arguments.postgres}?schema={schema}", key, arguments.events)
            finally:
                import psycopg

                with psycopg.connect(arguments.postgres, autocommit=True) as connection:
                    connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


if __name__ == "__main__":
    main()
