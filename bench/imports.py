"""What a bulk import of a 12345 export costs, against the bare event store's batched save.

    .venv/bin/python bench/imports.py [--rows 50000] [--postgres postgresql://…/test]

Generates a dirty 12345 export of `--rows` work orders (`hotline_export.py`), reads it, and
imports it into a fresh store of each database; prints the events recorded per second by the
import (its saves, then with the views caught up at the end), by the bare store saving about as
many trivial events (five per aggregate, as many aggregates as rows) in the same batches (a plain
`eventsourcing` application, one transaction per batch), and their ratio; then imports the file again (it adds nothing) and
checks the views against the events and the sealed log.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import OFFICE, POSTGRES, Counter, UrlMaker, bare_store, postgres_stores, sqlite_stores
from hotline_export import hotline_export

from application.import_mapping import ImportMapping
from application.import_service import BATCH_SIZE, ImportFile
from domain.actor import Actor, Role
from infrastructure.bootstrap import build_services
from infrastructure.import_files import import_file
from infrastructure.settings import Settings

MAPPING = Path(__file__).resolve().parents[1] / "docs" / "12345-mapping.example.toml"


def baseline(url: str, events: int, cases: int) -> float:
    """Events per second of the bare store saving `events` events of `cases` aggregates,
    `BATCH_SIZE` aggregates per transaction."""
    app = bare_store(url)
    per_case = max(1, events // cases)
    try:
        started = time.perf_counter()
        for first in range(0, cases, BATCH_SIZE):
            batch = []
            for _ in range(min(BATCH_SIZE, cases - first)):
                counter = Counter()
                for _ in range(per_case - 1):
                    counter.count()
                batch.append(counter)
            app.save(*batch)
        return per_case * cases / (time.perf_counter() - started)
    finally:
        app.close()


def measure(url: str, read: ImportFile, bare: float) -> None:
    """Import the file, print its rate against `bare`, import it again, check the store."""
    services = build_services(Settings(database_url=url, _env_file=None, token_secret="x" * 40))
    try:
        imports, caught_up = services.imports, []
        catch_up = imports.catch_up
        imports.catch_up = lambda: caught_up.append(_timed(catch_up))  # type: ignore[method-assign]
        head = services.store.recorder.max_notification_id() or 0
        started = time.perf_counter()
        report = imports.run("appeals", read, OFFICE)
        seconds = time.perf_counter() - started
        events = (services.store.recorder.max_notification_id() or 0) - head
        rate = events / (seconds - sum(caught_up))
        print(
            f"  {report.imported:,} cases imported ({events:,} events), {len(report.failed)} rows "
            f"refused, {report.skipped} skipped\n"
            f"  import saves     {rate:>9,.0f} events/s\n"
            f"  bare store       {bare:>9,.0f} events/s (batched save, same batches)\n"
            f"  ratio            {rate / bare:>9.2f}×\n"
            f"  with views       {events / seconds:>9,.0f} events/s "
            f"(views caught up in {sum(caught_up):.1f} s)", flush=True,
        )  # fmt: skip
        started = time.perf_counter()
        again = imports.run("appeals", read, OFFICE)
        print(f"  again            {time.perf_counter() - started:>9.1f} s, {again.imported} imported", flush=True)
        views_hold = all(not updater.differences() for updater in services.views.values())
        log_holds = services.audit.verify(Actor("bench", Role.AUDITOR, "jw")).holds
        print(f"  projections verify {'holds' if views_hold else 'FAILS'}, "
              f"audit verify {'holds' if log_holds else 'FAILS'}", flush=True)  # fmt: skip
    finally:
        services.close()


def _timed(work: object) -> float:
    started = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - started


def run(name: str, stores: UrlMaker, read: ImportFile) -> None:
    print(f"{name}:", flush=True)
    cases = len(read.rows)
    events = cases * 5  # about the events a case of the export is recorded with
    measure(stores("import"), read, baseline(stores("bare"), events, cases))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    started = time.perf_counter()
    data, _ = hotline_export(args.rows)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    read = import_file(data, "12345工单.xlsx", ImportMapping.from_toml(MAPPING.read_text()))
    print(f"export of {args.rows:,} orders: {len(data) / 1e6:.1f} MB, {len(read.rows):,} rows; "
          f"generated in {generated:.1f} s, read in {time.perf_counter() - started:.1f} s")  # fmt: skip
    with sqlite_stores() as stores:
        run("sqlite", stores, read)
    with postgres_stores(args.postgres) as stores:
        run("postgresql", stores, read)


if __name__ == "__main__":
    main()
