"""The supervision list a page at a time, on both stores: the pages together are the whole list
in its order, the last page says so, a malformed cursor is refused, and spreadsheets carry all."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from domain.errors import InvalidValue
from infrastructure.bootstrap import Services
from tests.builders import AUDITOR, COORDINATOR, Clock
from tests.http_cases import auth
from tests.test_supervision_list import assigned_appeal

ENTRIES = 7


@pytest.fixture
def overdue(services: Services, clock: Clock) -> list[str]:
    """Seven appeals, each overdue from a day of its own; their case numbers, oldest first."""
    numbers = [assigned_appeal(services, date(2026, 3, 2) + timedelta(days=day)).case_number
               for day in range(ENTRIES)]  # fmt: skip
    clock.advance(days=30)
    return numbers


def test_the_pages_together_are_the_whole_list(http: TestClient, services: Services, overdue: list[str]) -> None:
    headers, seen, cursor, pages = auth(services, COORDINATOR), [], None, 0
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = http.get("/api/v1/supervision-list", params=params, headers=headers).json()
        seen += [entry["case_number"] for entry in page["entries"]]
        assert all("entry_index" not in entry for entry in page["entries"])  # the cursor's alone
        pages, cursor = pages + 1, page["next_cursor"]
        if cursor is None:
            break
    assert (seen, pages) == (overdue, 3)
    whole = http.get("/api/v1/supervision-list", headers=headers).json()
    assert [e["case_number"] for e in whole["entries"]] == overdue and whole["next_cursor"] is None


def test_the_embedded_service_pages_the_same(services: Services, overdue: list[str]) -> None:
    first = services.supervision.entries(AUDITOR, limit=4)
    rest = services.supervision.entries(AUDITOR, limit=4, cursor=first.next_cursor)
    assert [e.case_number for e in first.entries + rest.entries] == overdue
    assert rest.next_cursor is None
    with pytest.raises(InvalidValue):
        services.supervision.entries(AUDITOR, cursor="not-a-cursor")


ID = "0b6f7f54-5f4f-4a86-9d5e-1f1b3c2d4e5f"


@pytest.mark.parametrize("cursor", [
    "not-a-cursor", "2026-03-03|SQ", "x" * 201, "2026-03-03T00:00:00|SQ|r",
    f"2026-03-03T00:00:00+08:00|SQ|appeal_overdue|{ID}",  # no entry index (as before 2026-12)
    f"2026-03-03T00:00:00+08:00|SQ|appeal_overdue|{ID}|x",
    f"2026-03-03T00:00:00+08:00|SQ|appeal_overdue|{ID}|-1",
    f"2026-03-03T00:00:00+08:00|SQ|appeal_overdue|{ID}|{2**63}",
    "2026-03-03T00:00:00+08:00|SQ|appeal_overdue|not-a-case-id|0",
])  # fmt: skip
def test_a_malformed_cursor_or_limit_is_refused(http: TestClient, services: Services, cursor: str) -> None:
    headers = auth(services, COORDINATOR)
    response = http.get("/api/v1/supervision-list", params={"cursor": cursor}, headers=headers)
    assert response.status_code == 422 and response.json()["code"] == "validation_error", response.text  # noqa: PLR2004
    assert http.get("/api/v1/supervision-list", params={"limit": 0}, headers=headers).status_code == 422  # noqa: PLR2004


def test_a_spreadsheet_carries_the_whole_list(http: TestClient, services: Services, overdue: list[str]) -> None:
    response = http.get("/api/v1/supervision-list", params={"format": "csv", "limit": 2},
                        headers=auth(services, COORDINATOR))  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["案件编号"] for row in rows] == overdue
