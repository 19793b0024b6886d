"""Supervision orders (督办单) on the supervision list: each order an entry from its issue, with
its issuer, reason and deadline, until the appeal is resolved again; on both stores, through the
service and HTTP; and not counted twice by the department ranking.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from fastapi.testclient import TestClient

from application.appeal_commands import FollowUp, Resolve, Supervise, Withdraw
from application.principal import Principal
from domain.actor import Actor, Role
from domain.appeal import Outcome, Satisfaction
from infrastructure.bootstrap import Services
from tests.builders import AUDITOR, COORDINATOR, ENTERPRISE, HANDLER, NANCHANG_COUNTY, Clock
from tests.http_cases import auth
from tests.test_supervision_list import assigned_appeal, at, listing, unsatisfied

INSPECTORATE = Principal(Actor("sun.li", Role.COORDINATOR, "dcs"), NANCHANG_COUNTY)  # 督查室
REASON = "企业回访不满意，督促重新办理"


def supervise(services: Services, appeal: Any, due: date, reason: str = REASON,
              issuer: Principal = COORDINATOR) -> Any:  # fmt: skip
    return services.appeals.execute(appeal.id, Supervise(reason=reason, deadline=due), issuer)


def resolve(services: Services, appeal: Any) -> Any:
    resolve = Resolve(outcome=Outcome.SOLVED, resolution="重新办结")
    return services.appeals.execute(appeal.id, resolve, HANDLER)


def orders(services: Services, as_of: datetime | None = None, **criteria: Any) -> list[Any]:
    """The supervision-order entries, as the auditor sees them."""
    query = {"rule": "supervision_order", **criteria}
    return services.supervision.entries(AUDITOR, as_of=as_of, **query).entries


def test_an_order_is_listed_from_its_issue_until_the_appeal_is_resolved_again(
    services: Services, clock: Clock
) -> None:
    appeal = unsatisfied(services, clock)  # followed up unsatisfied on the 4th
    clock.now = at(6, 10)
    supervise(services, appeal, date(2026, 3, 13))
    clock.now = at(9, 16)
    resolve(services, appeal)
    assert orders(services, at(6, 9, 59)) == []
    (issued,) = orders(services, at(6, 10))
    assert (issued.case_number, issued.departments, issued.since, issued.due) == (
        appeal.case_number, ("scjgj",), at(6, 10), date(2026, 3, 13)
    )
    assert (issued.issuer, issued.issuer_org, issued.reason) == ("zhang.wei", "yshb", REASON)
    assert (issued.status, issued.cleared_at, issued.cleared_by) == ("open", None, None)
    assert listing(services, at(9, 15), rule="supervision_order") == [
        (appeal.case_number, "supervision_order", "open", None)
    ]
    (cleared,) = orders(services)
    assert (cleared.status, cleared.cleared_at, cleared.cleared_by) == ("cleared", at(9, 16), "Resolved v7")
    assert cleared.since == at(6, 10) and cleared.reason == REASON


def test_each_order_is_an_entry_of_its_own(services: Services, clock: Clock) -> None:
    appeal = unsatisfied(services, clock)
    clock.now = at(6)
    supervise(services, appeal, date(2026, 3, 13))
    clock.now = at(9)
    resolve(services, appeal)
    follow_up = FollowUp(satisfaction=Satisfaction.UNSATISFIED, comment="仍未解决")
    services.appeals.execute(appeal.id, follow_up, COORDINATOR)
    clock.now = at(10)
    supervise(services, appeal, date(2026, 3, 20), "二次督办", INSPECTORATE)
    assert [(e.since, e.issuer, e.issuer_org, e.reason, e.due, e.status, e.cleared_by)
            for e in orders(services)] == [  # fmt: skip
        (at(6), "zhang.wei", "yshb", REASON, date(2026, 3, 13), "cleared", "Resolved v7"),
        (at(10), "sun.li", "dcs", "二次督办", date(2026, 3, 20), "open", None),
    ]


def test_a_further_order_on_a_supervised_appeal_replaces_the_running_one(
    services: Services, clock: Clock
) -> None:
    appeal = unsatisfied(services, clock)
    clock.now = at(6)
    supervise(services, appeal, date(2026, 3, 13))
    clock.now = at(7)
    supervise(services, appeal, date(2026, 3, 13))  # the same terms again: still a second order
    assert [(e.since, e.status, e.cleared_by) for e in orders(services)] == [
        (at(6), "cleared", "SupervisionOrdered v7"),
        (at(7), "open", None),
    ]


def test_withdrawing_a_supervised_appeal_clears_its_order(services: Services, clock: Clock) -> None:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(11)
    supervise(services, appeal, date(2026, 3, 13), "逾期未办结")  # an overdue appeal in handling
    clock.now = at(12)
    services.appeals.execute(appeal.id, Withdraw(reason="问题已自行解决"), ENTERPRISE)
    assert listing(services, rule="supervision_order") == [
        (appeal.case_number, "supervision_order", "cleared", "Withdrawn v5")
    ]


def test_the_rule_filter_keeps_the_orders_apart_from_other_entries(
    services: Services, clock: Clock
) -> None:
    appeal = unsatisfied(services, clock)  # the order is due by the 9th
    clock.now = at(11)
    supervise(services, appeal, date(2026, 3, 13))  # two days late, and due by the 13th
    clock.now = at(16)
    number = appeal.case_number
    assert listing(services) == [
        (number, "unsatisfied_without_order", "cleared", "SupervisionOrdered v6"),
        (number, "supervision_order", "open", None),
        (number, "supervision_order_overdue", "open", None),
    ]
    assert listing(services, rule="supervision_order") == [(number, "supervision_order", "open", None)]
    assert listing(services, rule="supervision_order", status="cleared") == []
    others = services.supervision.entries(AUDITOR, rule="supervision_order_overdue").entries
    assert [(e.issuer, e.issuer_org, e.reason) for e in others] == [(None, None, None)]


def test_orders_over_http_carry_their_issuer_and_reason(
    services: Services, clock: Clock, http: TestClient
) -> None:
    appeal = unsatisfied(services, clock)
    clock.now = at(6, 10)
    supervise(services, appeal, date(2026, 3, 13))
    url, headers = "/api/v1/supervision-list", auth(services, COORDINATOR)
    as_json = http.get(url, params={"rule": "supervision_order"}, headers=headers)
    as_csv = http.get(url, params={"rule": "supervision_order", "format": "csv"}, headers=headers)
    assert as_json.status_code == 200, as_json.text
    body = as_json.json()
    assert body["rules"]["supervision_order"].startswith("督办单")
    assert [(e["rule"], e["since"], e["due"], e["issuer"], e["issuer_org"], e["reason"], e["status"])
            for e in body["entries"]] == [  # fmt: skip
        ("supervision_order", "2026-03-06T10:00:00+08:00", "2026-03-13", "zhang.wei", "yshb",
         REASON, "open"),
    ]  # fmt: skip
    heading, *rows = csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")))
    row = dict(zip(heading, rows[0], strict=True))
    assert (row["督办事由"], row["督办事由代码"], row["督办人"], row["督办单位"], row["督办理由"], row["期限"]) == (
        "督办单", "supervision_order", "zhang.wei", "yshb", REASON, "2026-03-13"
    )


def test_other_entries_have_no_issuer_or_reason_over_http(
    services: Services, clock: Clock, http: TestClient
) -> None:
    assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(12)
    body = http.get("/api/v1/supervision-list", headers=auth(services, COORDINATOR)).json()
    assert [(e["rule"], e["issuer"], e["issuer_org"], e["reason"]) for e in body["entries"]] == [
        ("appeal_overdue", None, None, None)
    ]


def test_rows_kept_before_orders_were_listed_still_load(services: Services, clock: Clock) -> None:
    appeal = assigned_appeal(services, date(2026, 3, 10))
    clock.now = at(12)
    before = services.supervision.entries(AUDITOR).entries
    view = services.supervision.updater.view
    ph = view.placeholder
    with view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"SELECT record FROM {view.table}")
        record = json.loads(cursor.fetchone()["record"])
        for entry in record["entries"]:
            for field in ("issuer", "issuer_org", "reason"):
                del entry[field]  # as written before supervision orders were entries
        cursor.execute(f"UPDATE {view.table} SET record = {ph('record')}",
                       {"record": json.dumps(record)})  # fmt: skip
    assert services.supervision.entries(AUDITOR).entries == before
    assert before[0].case_number == appeal.case_number and before[0].issuer is None


def test_the_view_with_orders_equals_a_rebuild_from_the_events(
    services: Services, clock: Clock
) -> None:
    appeal = unsatisfied(services, clock)
    clock.now = at(6)
    supervise(services, appeal, date(2026, 3, 13))
    clock.now = at(7)
    supervise(services, appeal, date(2026, 3, 14), "再次督办", INSPECTORATE)
    clock.now = at(9)
    resolve(services, appeal)
    assert len(orders(services)) == 2
    assert services.supervision.updater.differences() == []


def test_the_ranking_does_not_count_an_order_again_as_a_list_entry(
    services: Services, clock: Clock
) -> None:
    """scjgj: one appeal, resolved on time twice, satisfied at last, one order in March:
    100 × (0.3 × 1 + 0.4 × 1 + 0.3 × 1) − 2 × 1 order = 98.00; its order's list entry is no
    breach (counted, it would take off another point)."""
    appeal = unsatisfied(services, clock)
    clock.now = at(6)
    supervise(services, appeal, date(2026, 3, 13))
    clock.now = at(9)
    resolve(services, appeal)
    services.appeals.execute(appeal.id, FollowUp(satisfaction=Satisfaction.SATISFIED, comment=""),
                             COORDINATOR)  # fmt: skip
    clock.now = at(31, 18)
    assert [entry.departments for entry in orders(services)] == [("scjgj",)]  # listed in March
    (scjgj,) = services.reports.department_ranking(AUDITOR, "2026-03").standings
    assert (scjgj.supervision_orders, dict(scjgj.breaches), str(scjgj.score)) == (1, {}, "98.00")
