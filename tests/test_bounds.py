"""The ranges of `domain.bounds`, on both stores: every view, list, report and audit read answers
on the extremes the commands accept (and on older events recorded before the bounds existed),
and every value outside the ranges is refused with 422 (or 412) and records nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from application.principal import Principal
from domain.appeal import Category, Channel, HandlingLevel, Urgency
from domain.bounds import (
    DUE_YEARS,
    MAX_SERIAL,
    latest_due,
    require_act_time,
    require_due,
    require_moment,
    require_serial,
)
from domain.clock import CHINA_TZ
from domain.errors import InvalidValue
from domain.inspection import FindingOutcome, Misconduct
from domain.inspection.vocabulary import VisitKind
from domain.mediation import OrganisationKind
from domain.text import optional_text, require_text
from infrastructure.bootstrap import Services
from interface.cli import VIEWS
from interface.cli import app as cli
from interface.http import create_app
from tests.builders import (
    ACME,
    AUDITOR,
    COORDINATOR,
    ENTERPRISE,
    HANDLER,
    TEST_SECRET,
    Clock,
    submission,
)
from tests.conftest import open_services
from tests.legacy import TEXT_REFUSED_NOW, legacy_appeal_in_year_one, legacy_assigned_appeal
from tests.test_http_appeals import APPEAL, Client
from tests.test_http_inspections import INSPECTION
from tests.test_http_mediations import DISPUTE
from tests.test_http_policy_claims import TERMS, claim_body
from tests.test_inspection_service import INSPECTOR
from tests.test_mediation_service import CLERK, MEDIATOR
from tests.test_policy_claim_service import ADMIN, FINANCE, GXJ, KJJ

EARLIEST = "2000-01-01T00:00:00+08:00"  # the first moment the default settings take an act at
EARLIEST_DUE = latest_due(date(2000, 1, 1)).isoformat()  # the last day an act then may set
NOW_DUE = latest_due(date(2026, 3, 2)).isoformat()  # … an act today (the test clock's day)
LONG = "长" * 3999 + "文"  # the longest free text
MAX_YUAN = "999999999999999.99"  # the largest amount
PERIODS = ["1949", "2000", "2000-01", "2000-Q1", "2000-H2", "2004-12", "2026", "2026-03", "2031",
           "2999", "2999-12", "1949-01-01~2999-12-31"]  # fmt: skip
REPORTS = ["closure-rates", "mediation-ratios", "policy-claims", "inspections",
           "department-ranking", "policy-catalogue"]  # fmt: skip
COLLECTIONS = ["appeals", "inspections", "mediations", "policies", "policy-claims"]
AUDIT_COLLECTION = {"appeals": "appeals", "inspections": "inspections", "mediations": "mediations",
                    "policies": "policies", "policy-claims": "policy-claims"}  # fmt: skip


@pytest.fixture
def client(services: Services) -> Iterator[Client]:
    with TestClient(create_app(services), raise_server_exceptions=False) as http:
        yield Client(http, services)


def ok(response: Any, what: object = "") -> dict[str, Any]:
    assert response.status_code in (200, 201), (what, response.status_code, response.text[:500])
    return response.json() if response.headers["content-type"].startswith("application/json") else {}


def steps(client: Client, path: str, case_id: str, *acts: tuple[str, dict, Principal]) -> dict:
    case: dict[str, Any] = {}
    for action, body, principal in acts:
        case = ok(client.post(f"/{path}/{case_id}/{action}", body, principal), (path, action))
    return case


# --- the extremes the commands accept ---------------------------------------------------------


def extreme_appeals(client: Client) -> list[str]:
    """An appeal per channel, category, urgency, level, outcome and satisfaction, acts at the
    earliest moment or now, deadlines on the last day they may name, the longest texts, the
    largest amount; one left overdue since 2005, one open until 2031."""
    ids = []
    for n, channel in enumerate(Channel):
        body = APPEAL | {
            "channel": channel.value, "category": list(Category)[n % len(Category)].value,
            "urgency": list(Urgency)[n % len(Urgency)].value, "summary": LONG,
            "amount_involved": MAX_YUAN, "occurred_at": EARLIEST if n % 2 == 0 else None,
            "contact": {"name": "名" * 100, "phone": "0" * 20},
        }  # fmt: skip
        ids.append(ok(client.post("/appeals", body, ENTERPRISE), channel)["id"])
    at = {"occurred_at": EARLIEST}
    level = [lv.value for lv in HandlingLevel]
    # the whole chain at the earliest moment, with every deadline on its last day
    steps(client, "appeals", ids[0],
          ("receive", at, COORDINATOR),
          ("assign", at | {"department": "scjgj", "level": level[0], "deadline": "2004-12-31"},
           COORDINATOR),
          ("progress", at | {"note": LONG}, HANDLER),
          ("extend", at | {"deadline": EARLIEST_DUE, "reason": LONG, "approver": LONG}, COORDINATOR),
          ("resolve", at | {"outcome": "explained", "resolution": LONG}, HANDLER),
          ("follow-up", at | {"satisfaction": "unsatisfied", "comment": LONG}, COORDINATOR),
          ("supervise", at | {"reason": LONG, "deadline": EARLIEST_DUE}, COORDINATOR),
          ("resolve", at | {"outcome": "solved", "resolution": LONG}, HANDLER),
          ("follow-up", at | {"satisfaction": "basically_satisfied", "comment": ""}, ENTERPRISE),
          ("close", at | {"reason": LONG}, COORDINATOR))  # fmt: skip
    steps(client, "appeals", ids[1],  # open until the last day an act today may name
          ("receive", {}, COORDINATOR),
          ("assign", {"department": "scjgj", "level": level[1], "deadline": NOW_DUE}, COORDINATOR))
    steps(client, "appeals", ids[2],  # overdue since 2005
          ("receive", at, COORDINATOR),
          ("assign", at | {"department": "scjgj", "level": level[2], "deadline": EARLIEST_DUE},
           COORDINATOR))  # fmt: skip
    steps(client, "appeals", ids[3],
          ("receive", {}, COORDINATOR),
          ("assign", {"department": "scjgj", "level": level[3]}, COORDINATOR),
          ("resolve", {"outcome": "referred", "resolution": LONG}, HANDLER),
          ("follow-up", {"satisfaction": "satisfied", "comment": LONG}, ENTERPRISE))
    steps(client, "appeals", ids[4], ("reject", at | {"reason": LONG, "reply": LONG,
                                                      "refer_to_mediation": True}, COORDINATOR))
    steps(client, "appeals", ids[5], ("withdraw", {"reason": LONG}, ENTERPRISE))
    return ids


def extreme_inspections(client: Client) -> list[str]:
    """A visit of every kind registered at the earliest moment for the last planned day, entered
    then, every finding outcome with the largest penalty and the last rectification day, every
    misconduct reported, the top rating."""
    at = {"occurred_at": EARLIEST}
    ids = []
    for kind in VisitKind:
        body = INSPECTION | at | {"visit_kind": kind.value, "planned_date": EARLIEST_DUE,
                                  "legal_basis": LONG, "items": ["食品安全", "价格公示", LONG]}  # fmt: skip
        if kind is VisitKind.JOINT_INSPECTION:
            body["bodies"] = ["scjgj", "yjglj"]
            body["inspectors"] = INSPECTION["inspectors"] + [
                {"name": "孙磊", "certificate": "36010020240003", "body": "yjglj"}]
        if kind is VisitKind.SERVICE_VISIT:
            body |= {"legal_basis": None, "inspectors": [{"name": "周敏", "certificate": None,
                                                          "body": "scjgj"}]}  # fmt: skip
        ids.append(ok(client.post("/inspections", body, INSPECTOR), kind)["id"])
    findings = [{"item": "食品安全", "outcome": o.value, "note": LONG} for o in FindingOutcome]
    for finding in findings:
        if finding["outcome"] == "rectification_ordered":
            finding["rectification_due"] = EARLIEST_DUE
        if finding["outcome"] == "penalty":
            finding |= {"penalty": MAX_YUAN, "payment_request": "deferred"}
    misconduct = [("report-misconduct", at | {"misconduct": m.value, "description": LONG}, ENTERPRISE)
                  for m in Misconduct]  # fmt: skip
    steps(client, "inspections", ids[0],
          ("enter", at, INSPECTOR),
          ("record-findings", at | {"findings": findings}, INSPECTOR),
          ("publish", at | {"summary": LONG}, INSPECTOR),
          ("close", at, INSPECTOR),
          ("rate", at | {"stars": 5, "comment": LONG}, ENTERPRISE), *misconduct)  # fmt: skip
    steps(client, "inspections", ids[1], ("enter", at, INSPECTOR))
    steps(client, "inspections", ids[2], ("cancel", at | {"reason": LONG}, INSPECTOR))
    return ids


def extreme_mediations(client: Client) -> list[str]:
    """A dispute per organisation kind at the earliest moment with the largest amounts, the last
    deadline, through pre-suit and in-suit mediation."""
    at = {"occurred_at": EARLIEST}
    ids = []
    for kind in OrganisationKind:
        body = DISPUTE | at | {"amount": MAX_YUAN}
        case_id = ok(client.post("/mediations", body, COORDINATOR), kind)["id"]
        ids.append(case_id)
        steps(client, "mediations", case_id,
              ("assign", at | {"organisation_kind": kind.value, "organisation": "gsl-tjwyh",
                               "mediator": LONG, "deadline": EARLIEST_DUE}, COORDINATOR))  # fmt: skip
    steps(client, "mediations", ids[0],
          ("session", at | {"note": LONG}, MEDIATOR),
          ("succeed", at | {"terms": LONG, "amount": MAX_YUAN}, MEDIATOR),
          ("apply-confirmation", at | {"court": "ncxfy"}, MEDIATOR),
          ("decide-confirmation", at | {"granted": True}, CLERK),
          ("record-performance", at | {"performed": False}, CLERK),
          ("apply-enforcement", at, CLERK))  # fmt: skip
    steps(client, "mediations", ids[1],
          ("fail", at | {"reason": LONG}, MEDIATOR),
          ("file", at | {"court": "ncxfy", "court_case_number": "(2000)赣0121民初1号"}, CLERK),
          ("start-court-mediation", at | {"mediator": LONG}, CLERK),
          ("mediate", at | {"terms": LONG, "amount": MAX_YUAN}, CLERK))  # fmt: skip
    return ids


def extreme_claims(client: Client) -> list[str]:
    """A policy of every mode with the largest cap and the longest time limits, claims through
    approval, disbursement, breach and recovery of the largest amount, every due date on its
    last day."""
    ids = []
    for mode in ("commitment", "apply_and_receive", "no_application"):
        terms = TERMS | {"mode": mode, "cap": MAX_YUAN, "title": LONG}
        ids.append(ok(client.post("/policies", {"jurisdiction": "360121", "terms": terms}, ADMIN))["id"])
    longest = TERMS | {"review_days": 365, "disbursement_days": 365}  # beyond the calendar's years
    ok(client.post("/policies", {"jurisdiction": "360121", "terms": longest}, ADMIN))
    claim = ok(client.post("/policy-claims", claim_body(ids[0], commitment=LONG,
                                                        verification_due=NOW_DUE), ENTERPRISE))  # fmt: skip
    accept = {"assisted": True, "missing_materials": {"items": [LONG], "promised_by": NOW_DUE}}
    steps(client, "policy-claims", claim["id"],
          ("accept", accept, GXJ),
          ("supply-materials", {}, ENTERPRISE),
          ("route", {"department": "kjj"}, GXJ),
          ("approve", {"amount": MAX_YUAN}, KJJ),
          ("disburse", {"amount": MAX_YUAN}, FINANCE),
          ("breach", {"reason": LONG}, KJJ),
          ("request-clawback", {"amount": MAX_YUAN}, KJJ),
          ("recover", {"amount": MAX_YUAN}, FINANCE))  # fmt: skip
    quick = ok(client.post("/policy-claims", claim_body(ids[1], commitment=None,
                                                        verification_due=None), ENTERPRISE))  # fmt: skip
    steps(client, "policy-claims", quick["id"], ("accept", {"assisted": False}, GXJ))
    matched = ok(client.post("/policy-claims", claim_body(ids[2], amount_due=MAX_YUAN,
                                                          commitment=None, verification_due=None), GXJ))  # fmt: skip
    steps(client, "policy-claims", matched["id"], ("confirm", {}, ENTERPRISE))
    return ids + [claim["id"], quick["id"], matched["id"]]


# --- every read -----------------------------------------------------------------------------


def read_everything(client: Client, cases: dict[str, list[str]]) -> dict[str, Any]:
    """Every list, report, supervision list, timeline and audit read, in every format; each
    answers 200 (tables that parse). What some answered, for the caller to check."""
    answers: dict[str, Any] = {}
    for path in COLLECTIONS:
        for principal in (AUDITOR, COORDINATOR):
            answers[path] = ok(client.get(f"/{path}", principal, limit=500), path)
            ok(client.get(f"/{path}", principal, overdue="true"), path)
        tables(client, f"/{path}", AUDITOR)
        for case_id in cases.get(path, []):
            ok(client.get(f"/{path}/{case_id}", AUDITOR), (path, case_id))
            events = ok(client.get(f"/audit/{path}/{case_id}/events", AUDITOR), path)
            last = events["events"][-1]["version"]
            for params in ({}, {"version": 1}, {"version": last},
                           {"as_of": "2999-12-31T23:59:59-14:00"}):  # fmt: skip
                ok(client.get(f"/audit/{path}/{case_id}/state", AUDITOR, **params), params)
    for report in REPORTS:
        for period in PERIODS:
            answers[f"{report}?{period}"] = ok(client.get(f"/reports/{report}", AUDITOR, period=period))
            tables(client, f"/reports/{report}", AUDITOR, period=period)
        ok(client.get(f"/reports/{report}", AUDITOR, **{"from": "1949-01-01", "to": "2999-12-31"}))
    ok(client.get("/reports/definitions", AUDITOR))
    for as_of in (None, "1949-01-01T00:00:00+14:00", EARLIEST, "2005-01-02T00:00:00+08:00"):
        params = {"as_of": as_of} if as_of else {}
        answers[f"supervision?{as_of}"] = ok(client.get("/supervision-list", AUDITOR, **params))
        tables(client, "/supervision-list", AUDITOR, **params)
        ok(client.get("/supervision-list", HANDLER, **params))
    answers["timeline"] = ok(client.get(f"/enterprises/{ACME.value}/timeline", AUDITOR))
    for route in ("/audit/activity", "/audit/reads"):
        window = {"from": "1949-01-01T00:00:00+14:00", "to": "2999-12-31T23:59:59-14:00"}
        page = ok(client.get(route, AUDITOR, limit=1000, **window))
        if page.get("next_cursor"):
            ok(client.get(route, AUDITOR, cursor=page["next_cursor"]))
        tables(client, route, AUDITOR, **window)
    answers["verify"] = ok(client.get("/audit/verify", AUDITOR))
    return answers


def tables(client: Client, path: str, principal: Principal, **params: Any) -> None:
    """The CSV and XLSX forms of a list or report answer and parse."""
    as_csv = client.get(path, principal, format="csv", **params)
    assert as_csv.status_code == 200, (path, params, as_csv.text[:300])
    list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    as_xlsx = client.get(path, principal, format="xlsx", **params)
    assert as_xlsx.status_code == 200, (path, params, as_xlsx.text[:300])
    load_workbook(io.BytesIO(as_xlsx.content), read_only=True)


def projections_verify(database_url: str) -> None:
    """`yingshang projections verify` finds every view equal to a rebuild from the events."""
    env = {"YINGSHANG_TOKEN_SECRET": TEST_SECRET, "YINGSHANG_DATABASE_URL": database_url}
    result = CliRunner().invoke(cli, ["projections", "verify"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("equals a rebuild") == len(VIEWS)


def test_every_view_answers_on_the_extremes_the_commands_accept(
    client: Client, services: Services, database_url: str
) -> None:
    cases = {
        "appeals": extreme_appeals(client),
        "inspections": extreme_inspections(client),
        "mediations": extreme_mediations(client),
    }
    claims = extreme_claims(client)
    cases["policies"], cases["policy-claims"] = claims[:3], claims[3:]
    answers = read_everything(client, cases)

    numbers = {item["case_number"] for item in answers["appeals"]["items"]}
    assert "SQ-360121-2000-000001" in numbers and "SQ-360121-2026-000001" in numbers
    overdue = [e for e in answers["supervision?None"]["entries"] if e["rule"] == "appeal_overdue"]
    assert [(e["case_number"], e["due"], e["since"]) for e in overdue] == [
        ("SQ-360121-2000-000002", EARLIEST_DUE, "2005-01-02T00:00:00+08:00")
    ]
    assert answers[f"supervision?{EARLIEST}"]["entries"] == [] or all(
        e["since"] <= EARLIEST for e in answers[f"supervision?{EARLIEST}"]["entries"]
    )
    # received (受理) in 2000: the whole chain and the overdue one; in 2026: the other two
    assert answers["closure-rates?2000"]["total"]["received"] == 2
    assert answers["closure-rates?2026"]["total"]["received"] == 2
    assert answers["closure-rates?1949-01-01~2999-12-31"]["total"]["received"] == 4
    claims_2026 = answers["policy-claims?2026"]
    assert claims_2026["total"]["claims"] == 3
    assert answers["verify"]["holds"] is True
    for updater in services.views.values():
        updater.catch_up()
        assert updater.differences() == []
    projections_verify(database_url)


def test_every_view_answers_on_events_recorded_before_the_bounds(
    client: Client, services: Services, database_url: str
) -> None:
    """A deadline of 9999-12-31 and an appeal wholly in year 1, as a store may hold them from
    before the bounds: every read answers, and the views equal a rebuild."""
    year_one = datetime(1, 1, 1, 12, tzinfo=CHINA_TZ)
    legacy = [legacy_assigned_appeal(services, date.max), legacy_appeal_in_year_one(services, year_one),
              legacy_assigned_appeal(services, date(2026, 3, 10))]  # fmt: skip
    answers = read_everything(client, {"appeals": [str(a.id) for a in legacy]})
    overdue = [e["case_number"] for e in answers["supervision?None"]["entries"]]
    assert overdue == ["SQ-360121-1-000001"]  # overdue since year 1; 2026-03-10 not yet
    shown = ok(client.get(f"/appeals/{legacy[1].id}", AUDITOR))
    assert shown["enterprise"]["name"] == shown["summary"] == TEXT_REFUSED_NOW  # read as recorded
    assert {s["department"] for s in answers["department-ranking?2026"]["departments"]} == {"scjgj"}
    projections_verify(database_url)


# --- refused, and nothing recorded ----------------------------------------------------------


def assert_refused(response: Any, statuses: tuple[int, ...] = (422,)) -> None:
    assert response.status_code in statuses, response.text[:400]
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == {422: "validation_error", 412: "precondition_failed"}[response.status_code]


@pytest.fixture
def appeal(client: Client) -> dict[str, Any]:
    created = ok(client.post("/appeals", APPEAL, ENTERPRISE))
    return steps(client, "appeals", created["id"], ("receive", {}, COORDINATOR),
                 ("assign", {"department": "scjgj", "level": "county"}, COORDINATOR))


OUT_OF_RANGE_BODIES = {
    "deadline in 9999": ("assign", {"deadline": "9999-12-31"}),
    "deadline in year 1": ("assign", {"deadline": "0001-01-01"}),
    "deadline more than five years after the act": ("assign", {"deadline": "2031-03-03"}),
    "deadline as an integer": ("assign", {"deadline": 20260310}),
    "occurred_at in year 1 at +14:00": ("progress", {"occurred_at": "0001-01-01T00:00:00+14:00"}),
    "occurred_at in year 1": ("progress", {"occurred_at": "0001-01-02T00:00:00+08:00"}),
    "occurred_at before the earliest act": ("progress", {"occurred_at": "1999-12-31T23:59:59+08:00"}),
    "occurred_at as an integer": ("progress", {"occurred_at": 1772409600}),
    "occurred_at as digits": ("progress", {"occurred_at": "1772409600"}),
    "occurred_at without offset": ("progress", {"occurred_at": "2026-03-02T09:00:00"}),
    "C1 control in text": ("progress", {"note": "已约\x85谈"}),
    "bidi override in text": ("progress", {"note": "已约谈\u202e"}),
    "bidi isolate in text": ("progress", {"note": "\u2066已约谈\u2069"}),
    "text too long": ("progress", {"note": "长" * 4001}),
}


@pytest.mark.parametrize("name", OUT_OF_RANGE_BODIES)
def test_an_out_of_range_value_in_a_body_is_refused_and_changes_nothing(
    client: Client, appeal: dict[str, Any], name: str
) -> None:
    action, changes = OUT_OF_RANGE_BODIES[name]
    body = {"department": "zrzyj", "level": "county", "reason": "转办"} if action == "assign" else {
        "note": "已约谈"}  # fmt: skip
    if action == "assign":
        action = "reassign"
    position = client.log_position()
    assert_refused(client.post(f"/appeals/{appeal['id']}/{action}", body | changes, COORDINATOR
                               if action == "reassign" else HANDLER))  # fmt: skip
    assert client.log_position() == position
    assert ok(client.get(f"/appeals/{appeal['id']}", AUDITOR))["version"] == appeal["version"]


@pytest.mark.parametrize(
    "changes",
    [{"occurred_at": "0001-01-01T00:00:00+14:00"}, {"occurred_at": "0001-01-02T00:00:00+08:00"},
     {"occurred_at": 1772409600}, {"summary": "诉求\x9b"}, {"summary": "\u202e诉求"},
     {"occurred_at": "1999-12-31T23:59:59+08:00"}],
)  # fmt: skip
def test_an_intake_out_of_range_is_refused_and_numbers_nothing(
    client: Client, changes: dict[str, Any]
) -> None:
    position = client.log_position()
    assert_refused(client.post("/appeals", APPEAL | changes, ENTERPRISE))
    assert client.log_position() == position
    assert ok(client.post("/appeals", APPEAL, ENTERPRISE))["case_number"] == "SQ-360121-2026-000001"


QUERIES = [
    *((f"/reports/{r}", {"period": p}) for r in REPORTS for p in ("0000", "9999", "9999-12", "1948")),
    ("/reports/closure-rates", {"from": "0001-01-01", "to": "2026-12-31"}),
    ("/reports/closure-rates", {"from": "2026-01-01", "to": "9999-12-31"}),
    ("/supervision-list", {"as_of": "0001-01-01T00:00:00+14:00"}),
    ("/supervision-list", {"as_of": "9999-12-31T23:59:59-14:00"}),
    ("/supervision-list", {"as_of": "1772409600"}),
    ("/supervision-list", {"cursor": "0001-01-01T00:00:00+14:00|SQ|appeal_overdue|x"}),
    ("/appeals", {"cursor": str(2**70)}),
    ("/appeals", {"cursor": str(MAX_SERIAL + 1)}),
    ("/appeals", {"min_position": str(2**64)}),
    ("/policy-claims", {"cursor": str(2**70)}),
    ("/audit/activity", {"from": "0001-01-01T00:00:00+14:00"}),
    ("/audit/activity", {"to": "9999-12-31T23:59:59-14:00"}),
    ("/audit/activity", {"cursor": f"2026-03-02T09:00:00+08:00|{'0' * 8}-0000-4000-8000-{'0' * 12}|{2**70}"}),
    ("/audit/activity", {"cursor": f"0001-01-01T00:00:00+14:00|{'0' * 8}-0000-4000-8000-{'0' * 12}|1"}),
    ("/audit/reads", {"from": "0001-01-01T00:00:00+14:00"}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "params"), QUERIES)
def test_an_out_of_range_query_is_refused(client: Client, path: str, params: dict[str, str]) -> None:
    assert_refused(client.get(path, AUDITOR, **params))


def test_an_out_of_range_version_is_refused(client: Client, appeal: dict[str, Any]) -> None:
    state = f"/audit/appeals/{appeal['id']}/state"
    for version in ("11111111111111111111", str(MAX_SERIAL + 1), "0", "-1"):
        assert_refused(client.get(state, AUDITOR, version=version))
    for as_of in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        assert_refused(client.get(state, AUDITOR, as_of=as_of))
    position = client.log_position()
    for tag in ('"' + "9" * 5000 + '"', "9" * 5000, f'"{2**70}"', f'"{MAX_SERIAL + 1}"', 'W/"-1"', '"0"'):
        response = client.post(f"/appeals/{appeal['id']}/progress", {"note": "已约谈"}, HANDLER,
                               **{"If-Match": tag})  # fmt: skip
        assert_refused(response, (412, 422))
    assert client.log_position() == position


def test_the_openapi_document_states_the_ranges(client: Client) -> None:
    spec = client.http.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    occurred_at = schemas["CreateAppealBody"]["properties"]["occurred_at"]["anyOf"][0]
    assert occurred_at["pattern"].startswith("^(19(49|") and occurred_at["type"] == "string"
    deadline = schemas["SuperviseBody"]["properties"]["deadline"]
    assert deadline["format"] == "date" and "pattern" in deadline
    assert "\\u202e" in repr(schemas["ProgressBody"]["properties"]["note"]["pattern"])
    listing = {p["name"]: p["schema"] for p in spec["paths"]["/api/v1/appeals"]["get"]["parameters"]}
    assert listing["cursor"]["maximum"] == MAX_SERIAL  # optional parameters: no null alternative
    report = spec["paths"]["/api/v1/reports/closure-rates"]["get"]["parameters"]
    period = next(p for p in report if p["name"] == "period")["schema"]
    assert "pattern" in period and DUE_YEARS == 5


# --- the ranges themselves ------------------------------------------------------------------


def test_the_ranges_of_the_domain() -> None:
    assert latest_due(date(2024, 2, 29)) == date(2029, 2, 28)
    assert latest_due(date(2026, 3, 2)) == date(2031, 3, 2)
    act = datetime(2026, 3, 2, 23, 30, tzinfo=CHINA_TZ)
    assert require_due(date(2031, 3, 2), act, "deadline") == date(2031, 3, 2)
    for refused in (date(2031, 3, 3), date(2026, 3, 1), date.max, datetime(2026, 3, 5)):
        with pytest.raises(InvalidValue):
            require_due(refused, act, "deadline")  # type: ignore[arg-type]
    assert require_act_time(datetime(2000, 1, 1, tzinfo=CHINA_TZ))
    for moment in (datetime(1999, 12, 31, 23, 59, 59, tzinfo=CHINA_TZ), datetime(2000, 1, 1),
                   datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))):  # fmt: skip
        with pytest.raises(InvalidValue):
            require_act_time(moment)
    assert require_act_time(datetime(1990, 1, 1, tzinfo=CHINA_TZ), earliest=date(1949, 1, 1))
    with pytest.raises(InvalidValue):
        require_moment(datetime(3000, 1, 1, tzinfo=timezone(timedelta(hours=-14))))
    assert require_moment(datetime(2999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-14))))
    assert require_serial(MAX_SERIAL, "version") == MAX_SERIAL
    for value in (0, MAX_SERIAL + 1, True, "1"):
        with pytest.raises(InvalidValue):
            require_serial(value, "version")  # type: ignore[arg-type]
    assert require_text(" 第一行\n\t第二行\r\n ", "note") == "第一行\n\t第二行"
    for char in ("\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u202a", "\u202e", "\u2066", "\u2069"):
        with pytest.raises(InvalidValue):
            require_text(f"前{char}后", "note")
        with pytest.raises(InvalidValue):
            optional_text(f"前{char}后", "comment")  # comments and notes that may be empty
    assert optional_text(None, "comment") == optional_text("  ", "comment") == ""


def test_the_earliest_act_date_is_a_setting(database_url: str, clock: Clock) -> None:
    """Offices that take in older cases set an earlier day; acts before it are refused."""
    services = open_services(database_url, clock, earliest_act=date(1995, 1, 1))
    try:
        old = datetime(1995, 1, 1, 9, tzinfo=CHINA_TZ)
        appeal = services.appeals.submit(replace(submission(), occurred_at=old), COORDINATOR)
        assert appeal.case_number == "SQ-360121-1995-000001"
        with pytest.raises(InvalidValue, match="earliest act date"):
            services.appeals.submit(replace(submission(), occurred_at=old - timedelta(days=1)),
                                    COORDINATOR)  # fmt: skip
    finally:
        services.close()


def test_sums_beyond_a_64_bit_integer_are_kept_exactly(
    client: Client, services: Services, database_url: str
) -> None:
    """Penalties of the largest amount, more than a signed 64-bit integer of fen holds (in one
    case, in one group and month), still add up exactly and verify."""
    items = [f"检查事项{n}" for n in range(60)]
    findings = [{"item": item, "outcome": "penalty", "penalty": MAX_YUAN, "payment_request": "deferred"}
                for item in items]  # fmt: skip
    for _ in range(2):
        case_id = ok(client.post("/inspections", INSPECTION | {"items": items}, INSPECTOR))["id"]
        steps(client, "inspections", case_id, ("enter", {}, INSPECTOR),
              ("record-findings", {"findings": findings}, INSPECTOR))  # fmt: skip
    report = ok(client.get("/reports/inspections", AUDITOR, period="2026-03"))
    assert report["total"]["penalties"] == str(Decimal(MAX_YUAN) * 120)
    assert Decimal(MAX_YUAN) * 120 * 100 > 2**63
    assert services.views["report_counts"].differences() == []
    projections_verify(database_url)
