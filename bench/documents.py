"""How fast a 交办单 is read as its series grows, against reading its appeal in the same run.

    .venv/bin/python bench/documents.py [--documents 100000] [--calls 50] [--postgres postgresql://…/test]

A document's number is counted when read: its rank among the documents of its series (kind,
county, year) before it in the log. The worst case is the latest document of a series that holds
`--documents` others already, written straight into the view. Baseline: reading the appeal
(`AppealService.get`, which the document read does too). Figures: the median and p95 of each, and
the ratio of the document's p95 to the appeal's, with an empty series and with a full one.
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime

from application.appeal_commands import Assign, Receive
from application.document_numbers import ASSIGNMENT
from common import INTAKE, OFFICE, POSTGRES, UrlMaker, postgres_stores, sqlite_stores
from domain.appeal import HandlingLevel
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import Services, build_services
from infrastructure.document_numbers_sql import COLUMNS
from infrastructure.settings import Settings

CHUNK = 5_000  # synthetic documents per insert


def timings(call: Callable[[], object], calls: int) -> tuple[float, float]:
    """The median and p95 of `calls` calls, in milliseconds."""
    seconds = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return statistics.median(seconds) * 1000, seconds[int(0.95 * (len(seconds) - 1))] * 1000


def fill_series(services: Services, documents: int) -> None:
    """`documents` 交办单 of the appeal's series, all before it in the log."""
    view = services.documents.numbering.view
    ph = view.placeholder  # type: ignore[attr-defined]
    statement = (
        f"INSERT INTO {view.table} ({', '.join(COLUMNS)}) "  # type: ignore[attr-defined]
        f"VALUES ({', '.join(ph(name) for name in COLUMNS)})"
    )
    row = {"version": 3, "kind": ASSIGNMENT, "jurisdiction": "360121", "year": 2026, "position": 1}
    for start in range(0, documents, CHUNK):
        with view.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
            rows = [row | {"case_id": str(uuid.uuid4())} for _ in range(min(CHUNK, documents - start))]
            cursor.executemany(statement, rows)


def measure(name: str, make_url: UrlMaker, documents: int, calls: int) -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=CHINA_TZ)
    services = build_services(Settings(database_url=make_url("documents"), token_secret="b" * 40),
                              clock=lambda: now)  # fmt: skip
    appeal = services.appeals.submit(INTAKE, OFFICE)
    services.appeals.execute(appeal.id, Receive(), OFFICE)
    assign = Assign(department="scjgj", level=HandlingLevel.COUNTY, deadline=date(2026, 3, 20))
    services.appeals.execute(appeal.id, assign, OFFICE)

    def read_document() -> object:
        return services.documents.get(appeal.id, ASSIGNMENT, OFFICE)

    read_document()  # the view caught up, the series empty
    for size in (0, documents):
        if size:
            fill_series(services, size)
        base_median, base_p95 = timings(lambda: services.appeals.get(appeal.id, OFFICE), calls)
        median, p95 = timings(read_document, calls)
        print(
            f"{name:10} {size:7d} documents before it: 交办单 read median {median:6.1f} ms, "
            f"p95 {p95:6.1f} ms ({read_document().number}) | appeal read median "  # type: ignore[attr-defined]
            f"{base_median:5.1f} ms, p95 {base_p95:5.1f} ms | {p95 / base_p95:5.1f}× the appeal's p95"
        )
    services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--postgres", default=POSTGRES)
    args = parser.parse_args()
    with sqlite_stores() as make_url:
        measure("sqlite", make_url, args.documents, args.calls)
    with postgres_stores(args.postgres) as make_url:
        measure("postgresql", make_url, args.documents, args.calls)


if __name__ == "__main__":
    main()
