"""The appeals' 交办单 and 督办单: numbered per kind, jurisdiction and year in log order, the
same after a rebuild or a restart, distinct under concurrent acts; printable as a page and as
PDF by whoever reads the appeal, refused to others; on both stores."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from collections import Counter
from datetime import date, datetime, timedelta
from uuid import UUID

import pypdf
import zxingcpp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from fastapi.testclient import TestClient
from PIL import Image

from application.document_numbers import ASSIGNMENT, SUPERVISION, document_number
from application.appeal_commands import Assign, Reassign, Receive, Supervise
from application.principal import Principal
from application.unit_service import RegisterUnit
from domain.actor import Actor, Role
from domain.appeal import HandlingLevel
from domain.appeal.aggregate import Appeal
from domain.clock import CHINA_TZ
from domain.enterprise import Enterprise
from domain.unit import UnitKind, UnitTerms
from infrastructure.bootstrap import Services
from interface.http import create_app
from interface.web.documents import documents_of
from interface.web.session_auth import SESSION_COOKIE
from tests.console_support import session_key
from tests.builders import (
    ACME,
    AUDITOR,
    COORDINATOR,
    ENTERPRISE,
    FOREIGN_COORDINATOR,
    HANDLER,
    OTHER_COUNTY,
    OTHER_ENTERPRISE,
    OTHER_HANDLER,
    NANCHANG_COUNTY,
    Clock,
    submission,
)
from tests.conftest import open_services
from tests.test_inspection_service import INSPECTOR
from tests.test_policy_claim_service import ADMIN

OTHER_ENTERPRISE_USER = Principal(
    Actor("other", Role.ENTERPRISE, "other"), NANCHANG_COUNTY, OTHER_ENTERPRISE
)
UNIT_NAMES = {"scjgj": "南昌县市场监督管理局", "zrzyj": "南昌县自然资源局"}


def register_units(services: Services) -> None:
    for code, name in UNIT_NAMES.items():
        terms = UnitTerms(name, name[3:], UnitKind.DEPARTMENT, None, None)
        services.units.register(
            RegisterUnit(jurisdiction=NANCHANG_COUNTY, code=code, terms=terms), ADMIN
        )


def assigned(
    services: Services,
    coordinator: Principal = COORDINATOR,
    deadline: date | None = None,
    at: datetime | None = None,
) -> Appeal:
    """A new appeal, received and assigned to scjgj in the coordinator's county (of ACME in
    Nanchang, else of another enterprise), by the `deadline` given or the rules', `at` a past
    moment or now."""
    if coordinator is COORDINATOR:
        submitter, facts = ENTERPRISE, {}
    else:
        other = Enterprise(OTHER_ENTERPRISE, "福州某某有限公司")
        submitter, facts = coordinator, {"jurisdiction": OTHER_COUNTY, "enterprise": other}
    appeal = services.appeals.submit(submission(occurred_at=at, **facts), submitter)
    services.appeals.execute(appeal.id, Receive(occurred_at=at), coordinator)
    assign = Assign(department="scjgj", level=HandlingLevel.COUNTY, deadline=deadline, occurred_at=at)
    return services.appeals.execute(appeal.id, assign, coordinator)


def reassign(services: Services, appeal_id: UUID) -> None:
    services.appeals.execute(
        appeal_id,
        Reassign(department="zrzyj", level=HandlingLevel.COUNTY, reason="属自然资源局职责"),
        COORDINATOR,
    )


def supervise(services: Services, appeal_id: UUID, deadline: date) -> None:
    services.appeals.execute(
        appeal_id, Supervise(reason="超期未办结，予以督办", deadline=deadline), COORDINATOR
    )


def numbers(services: Services, *appeals: UUID) -> dict[UUID, list[str]]:
    return {case_id: [d.number for d in services.documents.of(case_id, COORDINATOR)]
            for case_id in appeals}  # fmt: skip


def test_documents_are_numbered_per_kind_jurisdiction_and_year(
    services: Services, clock: Clock
) -> None:
    first, second = assigned(services), assigned(services)
    abroad = assigned(services, FOREIGN_COORDINATOR)
    reassign(services, first.id)
    supervise(services, first.id, date(2026, 4, 30))
    clock.now = clock.now.replace(year=2027, month=1, day=4)
    next_year = assigned(services, deadline=date(2027, 2, 26))
    supervise(services, second.id, date(2027, 2, 26))

    assert numbers(services, first.id, second.id, next_year.id) == {
        first.id: ["交办〔2026〕1号", "交办〔2026〕3号", "督办〔2026〕1号"],
        second.id: ["交办〔2026〕2号", "督办〔2027〕1号"],
        next_year.id: ["交办〔2027〕1号"],
    }
    assert [d.number for d in services.documents.of(abroad.id, FOREIGN_COORDINATOR)] == [
        "交办〔2026〕1号"
    ]


# acts on appeals: a new one assigned in a county (0: Nanchang, 1: the other), or a reassignment
# or a supervision order of the appeal picked (by index, modulo those made)
ACTS = st.lists(
    st.tuples(st.sampled_from(["new", "reassign", "supervise"]), st.integers(0, 1), st.integers(0, 7)),
    min_size=1, max_size=8,
)  # fmt: skip


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(acts=ACTS, new_year_at=st.integers(0, 8))
def test_each_series_is_numbered_one_by_one_in_the_order_of_its_acts(
    services: Services, clock: Clock, acts: list[tuple[str, int, int]], new_year_at: int
) -> None:
    """Whatever the acts, their counties and years, the documents of each series (kind, county,
    year) are numbered 1, 2, 3 … in the order they were issued, after those already issued."""
    clock.now = datetime(2028, 1, 10, 9, tzinfo=CHINA_TZ)
    view = services.views["appeal_documents"]
    view.catch_up()
    issued = Counter((e.kind, e.jurisdiction, e.year) for e in view.view.all_rows().values())
    expected: dict[UUID, list[str]] = {}
    made: list[tuple[UUID, Principal, str, bool]] = []  # appeal, its office, department, supervised

    def issue(case_id: UUID, kind: str, coordinator: Principal, year: int) -> None:
        series = (kind, coordinator.jurisdiction.value, year)
        issued[series] += 1
        expected.setdefault(case_id, []).append(document_number(kind, year, issued[series]))

    for index, (act, county, pick) in enumerate(acts):
        year = 2026 if index < new_year_at else 2027
        at = datetime(year, 6, 1, 9, tzinfo=CHINA_TZ) + timedelta(minutes=index)
        deadline = (at + timedelta(days=60)).date()
        if act == "new" or not made:
            coordinator = (COORDINATOR, FOREIGN_COORDINATOR)[county]
            appeal = assigned(services, coordinator, deadline, at)
            made.append((appeal.id, coordinator, "scjgj", False))
            issue(appeal.id, ASSIGNMENT, coordinator, year)
            continue
        case_id, coordinator, department, supervised = made[pick % len(made)]
        if act == "reassign" and not supervised:
            moved = "zrzyj" if department == "scjgj" else "scjgj"
            command = Reassign(department=moved, level=HandlingLevel.COUNTY, deadline=deadline,
                               reason="转办", occurred_at=at)  # fmt: skip
            services.appeals.execute(case_id, command, coordinator)
            made[pick % len(made)] = (case_id, coordinator, moved, False)
            issue(case_id, ASSIGNMENT, coordinator, year)
        elif act == "supervise":
            command = Supervise(reason="督办", deadline=deadline, occurred_at=at)
            services.appeals.execute(case_id, command, coordinator)
            made[pick % len(made)] = (case_id, coordinator, department, True)
            issue(case_id, SUPERVISION, coordinator, year)
    for case_id, coordinator, _, _ in made:
        found = [d.number for d in services.documents.of(case_id, coordinator)]
        assert found == expected[case_id]
    assert view.differences() == []


def test_numbers_survive_a_rebuild_and_a_restart(database_url: str, clock: Clock) -> None:
    services = open_services(database_url, clock)
    appeals = [assigned(services).id for _ in range(3)]
    reassign(services, appeals[1])
    supervise(services, appeals[0], date(2026, 4, 30))
    before = numbers(services, *appeals)
    updater = services.views["appeal_documents"]
    assert updater.differences() == []
    updater.rebuild()
    assert numbers(services, *appeals) == before
    services.close()
    reopened = open_services(database_url, clock)
    assert numbers(reopened, *appeals) == before
    assert reopened.views["appeal_documents"].differences() == []
    reopened.close()


def test_concurrent_acts_take_distinct_numbers(services: Services) -> None:
    received = []
    for _ in range(8):
        appeal = services.appeals.submit(submission(), ENTERPRISE)
        received.append(services.appeals.execute(appeal.id, Receive(), COORDINATOR).id)
    assign = Assign(department="scjgj", level=HandlingLevel.COUNTY)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda case_id: services.appeals.execute(case_id, assign, COORDINATOR), received))
    taken = [number for found in numbers(services, *received).values() for number in found]
    assert sorted(taken) == sorted(f"交办〔2026〕{n}号" for n in range(1, 9))


def test_documents_of_links_the_latest_documents_of_an_appeal(services: Services) -> None:
    appeal = assigned(services)
    base = f"/cases/appeals/{appeal.id}/documents"
    assert documents_of(appeal) == [("交办单", f"{base}/assignment")]
    supervise(services, appeal.id, date(2026, 4, 30))
    supervised = services.appeals.get(appeal.id, COORDINATOR)
    assert documents_of(supervised) == [
        ("交办单", f"{base}/assignment"), ("督办单", f"{base}/supervision")
    ]  # fmt: skip
    fresh = services.appeals.submit(submission(), ENTERPRISE)
    assert documents_of(fresh) == []


@pytest.fixture
def console(services: Services) -> TestClient:
    return TestClient(create_app(services), raise_server_exceptions=False)


def signed_in(console: TestClient, services: Services, principal: Principal) -> dict[str, str]:
    """The headers of a console request by `principal` (its session cookie)."""
    return {"Cookie": f"{SESSION_COOKIE}={session_key(services, principal)}"}


def bearer(services: Services, principal: Principal) -> dict[str, str]:
    return {"Authorization": f"Bearer {services.tokens.mint(principal)}"}


def test_the_printable_page_shows_the_document(services: Services, console: TestClient) -> None:
    register_units(services)
    appeal = assigned(services)
    reassign(services, appeal.id)
    url = f"/cases/appeals/{appeal.id}/documents/assignment"
    for reader in (COORDINATOR, ENTERPRISE, AUDITOR, OTHER_HANDLER):
        page = console.get(url, headers=signed_in(console, services, reader))
        assert page.status_code == 200, (reader.actor.role, page.text[:300])
        for shown in ("交办〔2026〕2号", appeal.case_number, "南昌某某科技有限公司",
                      UNIT_NAMES["zrzyj"], "属自然资源局职责", "盖章", "360121 优化营商环境办公室"):
            assert shown in page.text, shown
    earlier = console.get(f"{url}?version=3", headers=signed_in(console, services, COORDINATOR))
    assert "交办〔2026〕1号" in earlier.text and UNIT_NAMES["scjgj"] in earlier.text
    assert "刘先生" not in earlier.text  # the contact is not on the document at all


def test_the_pdf_carries_the_number_and_the_office_named_in_the_settings(
    database_url: str, clock: Clock
) -> None:
    services = open_services(
        database_url, clock, office_names={"360121": "南昌县优化营商环境办公室"}
    )
    register_units(services)
    appeal = assigned(services)
    supervise(services, appeal.id, date(2026, 4, 30))
    with TestClient(create_app(services), raise_server_exceptions=False) as console:
        url = f"/cases/appeals/{appeal.id}/documents/supervision?format=pdf"
        response = console.get(url, headers=signed_in(console, services, COORDINATOR))
        api = console.get(
            f"/api/v1/appeals/{appeal.id}/documents/supervision",
            headers=bearer(services, AUDITOR) | {"Accept": "application/pdf"},
        )
    services.close()
    for pdf in (response, api):
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
        for shown in ("督办〔2026〕1号", "南昌县优化营商环境办公室 督办单", appeal.case_number,
                      UNIT_NAMES["scjgj"], "超期未办结，予以督办", "2026年4月30日"):
            assert shown in text.replace("\n", ""), shown


def test_the_api_answers_the_document_as_json(services: Services, http: TestClient) -> None:
    register_units(services)
    appeal = assigned(services)
    url = f"/api/v1/appeals/{appeal.id}/documents/assignment"
    found = http.get(url, headers=bearer(services, HANDLER))
    assert found.status_code == 200, found.text
    assert found.json() | {"issued_at": None, "deadline": None} == {
        "kind": "assignment", "number": "交办〔2026〕1号", "version": 3,
        "case_number": appeal.case_number, "issued_at": None, "unit": "scjgj",
        "unit_name": UNIT_NAMES["scjgj"], "deadline": None, "reason": None,
    }  # fmt: skip
    none_yet = http.get(url.replace("assignment", "supervision"), headers=bearer(services, HANDLER))
    assert none_yet.status_code == 404 and none_yet.json()["code"] == "not_found"
    reassign(services, appeal.id)
    listed = http.get(f"/api/v1/appeals/{appeal.id}/documents", headers=bearer(services, ENTERPRISE))
    assert listed.json() == [
        {"kind": "assignment", "number": "交办〔2026〕1号", "version": 3},
        {"kind": "assignment", "number": "交办〔2026〕2号", "version": 4},
    ]


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        (INSPECTOR, 403),  # a role that does not read appeals
        (FOREIGN_COORDINATOR, 404),  # another county
        (OTHER_HANDLER, 404),  # a department the appeal is not with
        (OTHER_ENTERPRISE_USER, 404),  # another enterprise
    ],
    ids=["role", "county", "department", "enterprise"],
)
def test_those_who_may_not_read_the_appeal_get_no_document(
    services: Services, console: TestClient, reader: Principal, status: int
) -> None:
    appeal = assigned(services)
    page = console.get(
        f"/cases/appeals/{appeal.id}/documents/assignment?format=pdf",
        headers=signed_in(console, services, reader),
    )
    api = console.get(
        f"/api/v1/appeals/{appeal.id}/documents/assignment", headers=bearer(services, reader)
    )
    assert (page.status_code, api.status_code) == (status, status)
    assert "交办〔" not in page.text + api.text and appeal.case_number not in page.text + api.text


def test_a_page_without_a_session_asks_to_sign_in(services: Services, console: TestClient) -> None:
    appeal = assigned(services)
    page = console.get(f"/cases/appeals/{appeal.id}/documents/assignment", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def decoded(png: bytes) -> list[str]:
    """The texts of the QR codes in the PNG image."""
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_the_qr_code_opens_the_inspection_form_for_the_enterprise(
    database_url: str, clock: Clock
) -> None:
    services = open_services(database_url, clock, public_url="https://ys.example.cn/")
    expected = f"https://ys.example.cn/cases/inspections/new?credit_code={ACME.value}"
    with TestClient(create_app(services), raise_server_exceptions=False) as console:
        for office in (INSPECTOR, COORDINATOR, ADMIN):
            headers = signed_in(console, services, office)
            page = console.get(f"/enterprises/{ACME.value}/qr", headers=headers)
            png = console.get(f"/enterprises/{ACME.value}/qr.png", headers=headers)
            assert page.status_code == 200 and "<svg" in page.text and expected in page.text
            assert png.headers["content-type"] == "image/png"
            assert decoded(png.content) == [expected]
    services.close()


def test_without_a_public_url_the_qr_code_names_the_address_asked(
    services: Services, console: TestClient
) -> None:
    png = console.get(f"/enterprises/{ACME.value}/qr.png", headers=signed_in(console, services, INSPECTOR))
    assert decoded(png.content) == [f"http://testserver/cases/inspections/new?credit_code={ACME.value}"]


def test_the_qr_code_is_refused_to_other_roles_and_to_a_false_credit_code(
    services: Services, console: TestClient
) -> None:
    for reader in (ENTERPRISE, HANDLER, AUDITOR):
        page = console.get(f"/enterprises/{ACME.value}/qr", headers=signed_in(console, services, reader))
        assert page.status_code == 403, reader.actor.role
    headers = signed_in(console, services, INSPECTOR)
    false_check = ACME.value[:-1] + ("0" if ACME.value[-1] != "0" else "1")
    for code in (false_check, "not-a-credit-code"):
        response = console.get(f"/enterprises/{code}/qr.png", headers=headers)
        assert response.status_code in (404, 422) and response.headers["content-type"] != "image/png"


def test_verify_finds_a_document_lost_from_the_view_and_a_rebuild_restores_it(
    services: Services,
) -> None:
    appeal = assigned(services)
    before = numbers(services, appeal.id)
    updater = services.views["appeal_documents"]
    view = updater.view
    with view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"DELETE FROM {view.table}")
    assert [d for d in updater.differences() if d.startswith("missing")]
    updater.rebuild()
    assert updater.differences() == [] and numbers(services, appeal.id) == before
