"""Policy catalogue figures (政策清单) on a hand-computed catalogue, on both stores, over HTTP and
through the embedded service."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from application.principal import Principal
from infrastructure.bootstrap import Services
from interface.http import create_app
from tests.builders import AUDITOR, COORDINATOR, FOREIGN_COORDINATOR, OTHER_COUNTY
from tests.test_http_appeals import Client, assert_problem
from tests.test_http_policy_claims import TERMS
from tests.test_policy_claim_service import ADMIN

FOREIGN_ADMIN = Principal(ADMIN.actor, OTHER_COUNTY)
REPORT = "/reports/policy-catalogue"
# mode, issuing department, published on, withdrawn on, jurisdiction
CATALOGUE = [
    ("apply_and_receive", "gxj", "2025-12-10", None, "360121"),  # in force
    ("apply_and_receive", "zrzyj", "2025-11-03", "2026-01-15", "360121"),  # withdrawn before
    ("no_application", "gxj", "2026-02-05", None, "360121"),  # published in February
    ("no_application", "rsj", "2026-01-20", "2026-02-20", "360121"),  # withdrawn in February
    ("commitment", "kjj", "2026-02-10", "2026-02-25", "360121"),  # both in February
    ("commitment", "gxj", "2026-01-05", "2026-03-01", "360121"),  # withdrawn after: in force
    ("commitment", "fgw", "2026-03-01", None, "360121"),  # published after
    ("apply_and_receive", "swj", "2026-02-03", None, "350100"),  # another county's
]


@pytest.fixture
def client(services: Services) -> Iterator[Client]:
    with TestClient(create_app(services)) as http:
        yield Client(http, services)


def at_nine(day: str) -> str:
    return f"{day}T09:00:00+08:00"


def build(client: Client) -> None:
    """The `CATALOGUE`, published and withdrawn over HTTP by each county's admin."""
    for n, (mode, department, published_on, withdrawn_on, county) in enumerate(CATALOGUE):
        admin = ADMIN if county == "360121" else FOREIGN_ADMIN
        terms = TERMS | {"mode": mode, "issuing_department": department, "title": f"政策{n}"}
        body = {"jurisdiction": county, "terms": terms, "occurred_at": at_nine(published_on)}
        policy = client.post("/policies", body, admin)
        assert policy.status_code == 201, policy.text
        if withdrawn_on:
            withdrawal = {"reason": "政策到期", "occurred_at": at_nine(withdrawn_on)}
            done = client.post(f"/policies/{policy.json()['id']}/withdraw", withdrawal, admin)
            assert done.status_code == 200, done.text


def counts(figures: dict) -> tuple[str, int, int, int]:
    return figures["group"], figures["in_force"], figures["published"], figures["withdrawn"]


def test_the_catalogue_of_a_month_over_http(client: Client) -> None:
    build(client)
    response = client.get(REPORT, AUDITOR, period="2026-02")
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["jurisdiction"], report["period"]) == ("360121", "2026-02")
    assert report["log_position"] == client.log_position()
    assert counts(report["total"]) == ("total", 3, 2, 2)
    assert [counts(mode) for mode in report["modes"]] == [
        ("no_application", 1, 1, 1),
        ("apply_and_receive", 1, 0, 0),
        ("commitment", 1, 1, 1),
    ]
    assert [counts(department) for department in report["departments"]] == [
        ("gxj", 3, 1, 0),
        ("kjj", 0, 1, 1),
        ("rsj", 0, 0, 1),
    ]


def test_the_catalogue_as_csv(client: Client) -> None:
    build(client)
    response = client.get(REPORT, COORDINATOR, period="2026-02", format="csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text.lstrip("\ufeff").splitlines() == [
        "兑现方式,兑现方式代码,发布单位,发布单位代码,在册政策数,本期发布数,本期废止数",
        "合计,total,,,3,2,2",
        "免申即享,no_application,,,1,1,1",
        "即申即享,apply_and_receive,,,1,0,0",
        "承诺兑现,commitment,,,1,1,1",
        ",,gxj,gxj,3,1,0",  # no registry kept: a department is named by its code
        ",,kjj,kjj,0,1,1",
        ",,rsj,rsj,0,0,1",
    ]


def test_each_county_counts_its_own_catalogue(client: Client) -> None:
    build(client)
    foreign = client.get(REPORT, FOREIGN_COORDINATOR, period="2026-02").json()
    assert counts(foreign["total"]) == ("total", 1, 1, 0)
    assert [d["group"] for d in foreign["departments"]] == ["swj"]
    named = client.get(REPORT, FOREIGN_COORDINATOR, period="2026-02", jurisdiction="360121")
    assert_problem(named, 403, "forbidden")
    assert_problem(client.get(REPORT, AUDITOR, period="2026-13"), 422, "validation_error")


def test_the_catalogue_through_the_embedded_service(client: Client, services: Services) -> None:
    """A year, and a period before anything was published: every mode shows its zeros."""
    build(client)
    year = services.reports.policy_catalogue(AUDITOR, "2025")
    total = year.total
    assert (total.in_force, total.published, total.withdrawn) == (2, 2, 0)
    assert [d.group for d in year.departments] == ["gxj", "zrzyj"]
    empty = services.reports.policy_catalogue(COORDINATOR, "2024-Q4", "360121")
    assert [(m.group, m.in_force, m.published, m.withdrawn) for m in empty.modes] == [
        ("no_application", 0, 0, 0),
        ("apply_and_receive", 0, 0, 0),
        ("commitment", 0, 0, 0),
    ]
    assert empty.departments == []
