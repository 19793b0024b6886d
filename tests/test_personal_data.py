"""Personal data minimisation: contacts and persons' names masked for readers who do not act on
the case, in every list and export; whole on the case for those who act; whole in the audit
replay, where every read is recorded.
"""

from __future__ import annotations

from uuid import UUID

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from application.appeal_commands import Assign, Receive
from domain.appeal import Appeal, HandlingLevel
from domain.personal_data import mask_name, mask_phone
from infrastructure.bootstrap import Services
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, submission
from tests.http_cases import auth
from tests.test_http_mediations import DISPUTE

CONTACT = {"name": "刘先生", "phone": "13800000000"}
MASKED = {"name": "刘**", "phone": "138****0000"}


def test_names_keep_their_first_character_and_phones_their_ends() -> None:
    assert (mask_name("张三"), mask_name("欧阳娜娜")) == ("张*", "欧***")
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("0791-85712345") == "079*-****2345"
    assert mask_phone("12345") == "***45"


@given(st.text(alphabet="0123456789-+() ", min_size=1, max_size=20))
def test_a_masked_phone_keeps_its_shape_and_shows_at_most_seven_digits(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert [c for c in masked if not c.isdigit() and c != "*"] == [
        c for c in phone if not c.isdigit()
    ]
    digits = sum(c.isdigit() for c in phone)
    assert sum(c.isdigit() for c in masked) == (min(7, digits) if digits >= 8 else min(2, digits))  # noqa: PLR2004


def assigned_appeal(services: Services) -> UUID:
    """An appeal with a contact, assigned to HANDLER's department."""
    appeal = services.appeals.submit(submission(), COORDINATOR)
    services.appeals.execute(appeal.id, Receive(), COORDINATOR)
    services.appeals.execute(
        appeal.id, Assign(department="scjgj", level=HandlingLevel.COUNTY), COORDINATOR
    )
    return appeal.id


def test_the_service_masks_contacts_for_readers_who_do_not_act(services: Services) -> None:
    case_id = assigned_appeal(services)
    for actor in (COORDINATOR, HANDLER, ENTERPRISE):
        assert vars(services.appeals.get(case_id, actor).contact) == CONTACT, actor.actor.role
    seen = services.appeals.get(case_id, AUDITOR)
    assert vars(seen.contact) == MASKED
    assert vars(services.store.repository.get(case_id).contact) == CONTACT  # nothing stored changed
    replay = services.audit.events(AUDITOR, Appeal, case_id)
    assert "13800000000" in str(replay)  # the auditor's replay, itself recorded, is whole


def test_lists_and_exports_show_contacts_masked_to_everyone(
    http: TestClient, services: Services
) -> None:
    case_id = assigned_appeal(services)
    for reader in (COORDINATOR, HANDLER, ENTERPRISE, AUDITOR):
        listed = http.get("/api/v1/appeals", headers=auth(services, reader)).json()["items"]
        assert [item["details"]["contact"] for item in listed] == ["刘** 138****0000"]
    sheet = http.get(
        "/api/v1/appeals", params={"format": "csv"}, headers=auth(services, COORDINATOR)
    )
    assert (
        "138****0000" in sheet.text
        and "13800000000" not in sheet.text
        and "刘先生" not in sheet.text
    )
    one = http.get(f"/api/v1/appeals/{case_id}", headers=auth(services, AUDITOR)).json()
    assert one["contact"] == MASKED


def test_a_person_party_is_masked_and_an_enterprise_party_kept(
    http: TestClient, services: Services
) -> None:
    person = {"name": "王小五", "role": "respondent"}
    body = DISPUTE | {"parties": [DISPUTE["parties"][0], person]}
    created = http.post("/api/v1/mediations", json=body, headers=auth(services, COORDINATOR)).json()
    url = f"/api/v1/mediations/{created['id']}"
    assert [p["name"] for p in created["parties"]] == ["南昌某某科技有限公司", "王小五"]
    audited = http.get(url, headers=auth(services, AUDITOR)).json()
    assert [p["name"] for p in audited["parties"]] == ["南昌某某科技有限公司", "王**"]
    assert "王小五" not in http.get("/api/v1/mediations", headers=auth(services, AUDITOR)).text
