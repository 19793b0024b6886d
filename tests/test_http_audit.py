"""The audit routes over HTTP, on both stores: what an auditor gets, what others are refused,
and that no query answers 500."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infrastructure.bootstrap import Services
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER
from tests.http_cases import COLLECTIONS, auth
from tests.test_audit_chain import RawLog
from tests.test_audit_replay import ADMIN, FOREIGN_AUDITOR
from tests.test_http_robustness import check


def get(http: TestClient, services: Services, path: str, principal: object = AUDITOR, **params: object):  # noqa: ANN201
    return http.get(f"/api/v1/audit/{path}", params=params, headers=auth(services, principal))


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_an_auditor_replays_a_case_of_every_collection(
    http: TestClient, services: Services, case_ids: dict[str, str], collection: str
) -> None:
    replay = get(http, services, f"{collection}/{case_ids[collection]}/events")
    assert replay.status_code == 200, replay.text
    first = replay.json()["events"][0]
    assert first["version"] == 1 and first["actor_id"] and first["recorded_at"] and first["occurred_at"]
    assert first["event_digest"].startswith(("sm3:", "sha256:")) and first["changes"]
    state = get(http, services, f"{collection}/{case_ids[collection]}/state", version=1)
    assert state.status_code == 200 and state.json()["version"] == 1 and state.json()["state"]["status"]


def test_audit_routes_refuse_other_roles_and_other_jurisdictions(
    http: TestClient, services: Services, case_ids: dict[str, str]
) -> None:
    appeal = case_ids["appeals"]
    for principal in (COORDINATOR, HANDLER, ENTERPRISE, ADMIN):
        refused = get(http, services, f"appeals/{appeal}/events", principal)
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert get(http, services, "activity", COORDINATOR).status_code == 403
    assert get(http, services, "verify", COORDINATOR).status_code == 403
    assert get(http, services, "verify", ADMIN).status_code == 200
    hidden = get(http, services, f"appeals/{appeal}/events", FOREIGN_AUDITOR)
    assert (hidden.status_code, hidden.json()["code"]) == (404, "not_found")
    assert get(http, services, f"inspections/{appeal}/events").status_code == 404  # not an inspection
    assert get(http, services, f"appeals/{appeal}/events", None).status_code == 401


@pytest.mark.parametrize(
    ("path", "params"),
    [("appeals/{id}/state", {"version": 0}), ("appeals/{id}/state", {"as_of": "2026-03-02T09:00:00"}),
     ("appeals/{id}/state", {"version": 1, "as_of": "2026-03-02T09:00:00+08:00"}),
     ("cases/{id}/events", {}), ("appeals/not-a-uuid/events", {}), ("activity", {"cursor": "x"}),
     ("activity", {"from": "yesterday"}), ("activity", {"limit": 0}), ("verify", {"checkpoint": "12"})],
)  # fmt: skip
def test_malformed_audit_queries_answer_422(
    http: TestClient, services: Services, case_ids: dict[str, str], path: str, params: dict[str, object]
) -> None:
    answer = get(http, services, path.format(id=case_ids["appeals"]), **params)
    assert answer.status_code == 422 and answer.json()["code"] in ("validation_error", "invalid_value")


def test_verify_and_checkpoint_over_http(http: TestClient, services: Services, case_ids: dict[str, str]) -> None:
    mark = get(http, services, "checkpoint").json()
    verified = get(http, services, "verify", checkpoint=mark["checkpoint"]).json()
    assert verified["holds"] and verified["failure"] is None and verified["checked"] >= mark["position"]
    RawLog(services).delete(mark["position"] - 1)
    broken = get(http, services, "verify").json()
    assert not broken["holds"] and broken["failure"]["position"] == mark["position"] - 1
    assert broken["failure"]["problem"] == "deleted" and broken["problems"]["deleted"]


def test_activity_and_reads_over_http_and_as_spreadsheets(
    http: TestClient, services: Services, case_ids: dict[str, str]
) -> None:
    get(http, services, f"appeals/{case_ids['appeals']}/events")
    acts = get(http, services, "activity", actor="acme").json()
    assert {item["kind"] for item in acts["items"]} == {"appeal", "policy_claim"}
    assert acts["log_position"] and acts["backdating_threshold_hours"] == 72
    reads = get(http, services, "reads").json()["items"]
    assert sorted(read["detail"].split()[0] for read in reads) == ["activity", "events", "reads"]
    paged = get(http, services, "activity", limit=2).json()
    following = get(http, services, "activity", limit=2, cursor=paged["next_cursor"]).json()
    assert paged["items"][-1] != following["items"][0]
    sheet = get(http, services, "activity", format="csv")
    assert sheet.status_code == 200 and "操作人" in sheet.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(get(http, services, "activity", actor="acme", format="csv")
                                           .content.decode("utf-8-sig"))))  # fmt: skip
    assert [(row["角色"], row["角色代码"]) for row in rows] == [("企业", "enterprise")] * len(acts["items"])
    assert [row["补录"] for row in rows] == [{True: "是", False: "否"}[i["backdated"]] for i in acts["items"]]
    assert {(row["类型"], row["类型代码"]) for row in rows} == {
        ("企业诉求", "appeal"), ("政策兑现", "policy_claim")
    }
    assert get(http, services, "reads", format="xlsx").status_code == 200


AUDIT_PATHS = ["appeals/{id}/events", "appeals/{id}/state", "policies/{id}/state", "activity", "reads",
               "verify", "checkpoint"]  # fmt: skip
values = st.sampled_from(["1", "0", "-1", "99", "2026-03-02T09:00:00+08:00", "2026-03-02T09:00:00", "x|y|z",
                          "2999-01-01T00:00:00Z", "appeal", "audit_read", "acme", "csv", "xlsx", "1:sm3:00",
                          "sm3:00", ""]) | st.text(max_size=12)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(AUDIT_PATHS), principal=st.sampled_from([AUDITOR, ADMIN, COORDINATOR, ENTERPRISE, None]),
       params=st.dictionaries(st.sampled_from(["version", "as_of", "actor", "org", "kind", "from", "to", "limit",
                                               "cursor", "checkpoint", "format"]), values))  # fmt: skip
def test_no_audit_query_answers_500(http: TestClient, services: Services, case_ids: dict[str, str],
                                    path, principal, params) -> None:  # fmt: skip
    ids = {"id": case_ids["appeals"]} if "appeals" in path else {"id": case_ids["policies"]}
    check(get(http, services, path.format(**ids), principal, **params))
