"""What a bulk import of a 12345 export costs, against the bare store's batched save of the
same events.

    .venv/bin/python bench/imports.py [--rows 50000] [--postgres postgresql://…/test]

Generates a dirty 12345 export of `--rows` work orders (`hotline_export.py`), reads it, and
imports it into a fresh store of each database; prints the events recorded per second by the
import (its saves, then with the views caught up at the end) and by the bare store saving the
very same events in the very same transactions (the import's events read back, each save's
aggregates made again with those events pending, and saved into a second fresh store with the
same settings: seals, tags and encryption alike), and their ratio; then imports the file again
(it adds nothing) and checks the views against the events and the sealed log.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import OFFICE, POSTGRES, UrlMaker, postgres_stores, sqlite_stores
from hotline_export import hotline_export

from application.case_store import CaseStore, replayed
from application.import_mapping import ImportMapping
from application.import_service import ImportFile
from domain.actor import Actor, Role
from infrastructure.bootstrap import build_services
from infrastructure.import_files import import_file
from infrastructure.settings import Settings

MAPPING = Path(__file__).resolve().parents[1] / "docs" / "12345-mapping.example.toml"


def settings(url: str) -> Settings:
    """The settings of both stores of a database: the import's and the baseline's."""
    return Settings(database_url=url, _env_file=None, token_secret="x" * 40)


Seconds = tuple[float, float]  # wall-clock and this process's CPU


def baseline(url: str, source: CaseStore, head: int, ends: list[int]) -> Seconds:
    """The seconds a fresh store at `url` takes to save the events `source` recorded after
    `head`, save by save as it did (`ends`: each save's last position), as the same aggregates
    with those events pending; only the saves are timed."""
    services = build_services(settings(url))
    aggregates: dict[Any, Any] = {}  # as each save leaves them (a sequence spans many)
    wall = cpu = 0.0
    try:
        for first, last in zip([head, *ends], ends, strict=False):
            saved = _pending(source, first + 1, last, aggregates)
            took = _timed(lambda saved=saved: services.store.save(*saved))
            wall, cpu = wall + took[0], cpu + took[1]
        return wall, cpu
    finally:
        services.close()


def _pending(source: CaseStore, first: int, last: int, aggregates: dict[Any, Any]) -> list[Any]:
    """The aggregates of the events at positions `first`–`last`, each made from its events
    before and with these pending, in order of their first event there."""
    events: dict[Any, list[Any]] = {}
    for notification in source.recorder.select_notifications(first, last - first + 1, stop=last):
        event = source.mapper.to_domain_event(notification)
        events.setdefault(event.originator_id, []).append(event)
    saved = []
    for aggregate_id, pending in events.items():
        before = aggregates.get(aggregate_id)
        aggregate = aggregates[aggregate_id] = replayed(before, pending)
        aggregate.pending_events.extend(pending)
        saved.append(aggregate)
    return saved


def measure(stores: UrlMaker, read: ImportFile) -> None:
    """Import the file, print its rate against the bare save of its events, import it again,
    check the store."""
    services = build_services(settings(stores("import")))
    try:
        imports, caught_up, ends, reports = services.imports, [], [], []
        catch_up = imports.catch_up
        imports.catch_up = lambda: caught_up.append(_timed(catch_up))  # type: ignore[method-assign]
        head = services.store.recorder.max_notification_id() or 0
        services.store.on_saved.append(ends.append)
        took = _timed(lambda: reports.append(imports.run("appeals", read, OFFICE)))
        services.store.on_saved.remove(ends.append)
        events, report = ends[-1] - head, reports[0]
        wall, cpu = (took[n] - sum(seconds[n] for seconds in caught_up) for n in (0, 1))
        bare_wall, bare_cpu = baseline(stores("bare"), services.store, head, ends)
        print(
            f"  {report.imported:,} cases imported ({events:,} events in {len(ends)} saves), "
            f"{len(report.failed)} rows refused, {report.skipped} skipped\n"
            f"                   wall-clock         CPU of this process\n"
            f"  import saves     {events / wall:>9,.0f} events/s  {events / cpu:>9,.0f} events/s\n"
            f"  bare store       {events / bare_wall:>9,.0f} events/s  {events / bare_cpu:>9,.0f} events/s"
            f"  (the same events in the same saves)\n"
            f"  ratio            {bare_wall / wall:>9.2f}×         {bare_cpu / cpu:>9.2f}×\n"
            f"  with views       {events / took[0]:>9,.0f} events/s "
            f"(views caught up in {sum(seconds[0] for seconds in caught_up):.1f} s)", flush=True,
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


def _timed(work: Callable[[], object]) -> Seconds:
    started, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - started, time.process_time() - cpu


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
    for name, stores in (
        ("sqlite", sqlite_stores()),
        ("postgresql", postgres_stores(args.postgres)),
    ):
        print(f"{name}:", flush=True)
        with stores as urls:
            measure(urls, read)


if __name__ == "__main__":
    main()
