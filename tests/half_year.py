"""A county's half-year (南昌县 360121, January–June 2023), entered through the HTTP interface.

Every act carries its own `occurred_at`, so the history lies in 2023 whatever the clock says.
The batches below are what happened; `tests/test_half_year_scenario.py` states what the reports
must say of them, computed by hand. Days are written "MM-DD" (2023) or as whole ISO dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import count
from typing import Any

from fastapi.testclient import TestClient

from application.principal import Principal
from domain.actor import Actor, Role
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import Services
from tests.builders import ACME, COORDINATOR, ENTERPRISE, HANDLER, NANCHANG_COUNTY, OTHER_HANDLER
from tests.test_http_appeals import APPEAL
from tests.test_http_mediations import DISPUTE
from tests.test_mediation_service import CLERK, MEDIATOR, OTHER_MEDIATOR
from tests.test_policy_claim_service import ADMIN, FINANCE, GXJ, KJJ

COUNTY = "360121"
PEOPLES, COMMERCE, LAWYERS = "rmtjwyh", "gsl-tjwyh", "lstj"  # 人民调解委员会, 工商联, 律师调解
ORGANISATION_KINDS = {
    PEOPLES: "peoples_mediation_committee",
    COMMERCE: "federation_of_commerce",
    LAWYERS: "lawyers",
}
MEDIATORS = {
    PEOPLES: OTHER_MEDIATOR,
    COMMERCE: MEDIATOR,
    LAWYERS: Principal(Actor("tang.lv", Role.MEDIATOR, LAWYERS), NANCHANG_COUNTY),
}
SCJGJ, ZRZYJ, SWJ = "scjgj", "zrzyj", "swj"  # 市场监管局, 自然资源局, 税务局
HANDLERS = {
    SCJGJ: HANDLER,
    ZRZYJ: OTHER_HANDLER,
    SWJ: Principal(Actor("xu.ke", Role.HANDLER, SWJ), NANCHANG_COUNTY),
}
RSJ = Principal(Actor("lin.yu", Role.HANDLER, "rsj"), NANCHANG_COUNTY)  # 人社局
ENTERPRISE_BODY = {"credit_code": ACME.value, "name": "南昌某某科技有限公司"}


def day(text: str) -> date:
    """A day written "MM-DD" (in 2023) or "YYYY-MM-DD"."""
    return date.fromisoformat(text if len(text) > 5 else f"2023-{text}")


def moment(on: date, hour: int) -> str:
    """`on` at `hour` o'clock in Beijing, as the bodies carry it."""
    return datetime.combine(on, time(hour), CHINA_TZ).isoformat()


def at(on: str, hour: int) -> dict[str, str]:
    """The `occurred_at` of an act on the day written `on`, at `hour` o'clock."""
    return {"occurred_at": moment(day(on), hour)}


@dataclass
class County:
    """The HTTP service over one store, acting as whoever each step needs."""

    http: TestClient
    services: Services
    url: str  # the store's
    tokens: dict[str, str] = field(default_factory=dict)
    court_numbers: Iterator[int] = field(default_factory=lambda: count(1))

    def headers(self, who: Principal) -> dict[str, str]:
        if who.actor.id not in self.tokens:
            self.tokens[who.actor.id] = self.services.tokens.mint(who)
        return {"Authorization": f"Bearer {self.tokens[who.actor.id]}"}

    def create(self, collection: str, body: dict[str, Any], who: Principal) -> str:
        """Open a case; its id."""
        response = self.http.post(f"/api/v1/{collection}", json=body, headers=self.headers(who))
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def step(self, collection: str, case_id: str, action: str, body: dict[str, Any],
             who: Principal) -> None:  # fmt: skip
        url = f"/api/v1/{collection}/{case_id}/{action}"
        response = self.http.post(url, json=body, headers=self.headers(who))
        assert response.status_code == 200, (action, response.text)

    def get(self, path: str, who: Principal = COORDINATOR, **params: str) -> Any:
        """A GET under /api/v1 that must answer 200."""
        response = self.http.get(f"/api/v1{path}", params=params, headers=self.headers(who))
        assert response.status_code == 200, response.text
        return response


# --- 诉调对接 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lawsuit:
    """Filed (立案) on `filed`, ending `ending` on `concluded`: mediated (诉中调解, 调解结案),
    suit_withdrawn (撤诉), judged, judged_after_mediation (诉中调解不成, then 判决), or open."""

    filed: str
    ending: str
    concluded: str = ""


@dataclass(frozen=True)
class PreSuit:
    """`count` disputes assigned (委派) to `organisation` on `assigned`, whose pre-suit mediation
    ended `outcome` on `concluded`; failed ones may go on to a `lawsuit`."""

    count: int
    organisation: str
    assigned: str
    outcome: str
    concluded: str
    lawsuit: Lawsuit | None = None


P, G, L = PEOPLES, COMMERCE, LAWYERS
S, F, W = "succeeded", "failed", "withdrawn"
# Entered 40 a month; concluded in the month (S/F/W): 28/10/2, 22/14/4, 25/20/5, 18/9/3, 26/10/4,
# 25/10/5. Ten cases a month carry over into the next, except from March; December's ten are
# concluded in January, June's ten in July.
PRE_SUIT: tuple[PreSuit, ...] = (
    PreSuit(8, P, "2022-12-19", S, "01-05"),
    PreSuit(2, P, "2022-12-19", F, "01-05"),
    PreSuit(12, P, "01-03", S, "01-12"),  # January: entered 12 + 8 + 8 + 2 + 10 = 40
    PreSuit(8, G, "01-04", S, "01-16"),
    PreSuit(6, G, "01-04", F, "01-16", Lawsuit("01-18", "mediated", "02-14")),
    PreSuit(2, G, "01-04", F, "01-16", Lawsuit("01-18", "judged", "02-21")),
    PreSuit(2, L, "01-09", W, "01-17"),
    PreSuit(6, L, "01-16", S, "02-06"),
    PreSuit(4, L, "01-16", F, "02-06"),
    PreSuit(10, P, "02-01", S, "02-15"),  # February: 10 + 6 + 10 + 4 + 10 = 40
    PreSuit(6, G, "02-06", S, "02-20"),
    PreSuit(8, P, "02-08", F, "02-22", Lawsuit("02-24", "mediated", "03-10")),
    PreSuit(2, P, "02-08", F, "02-22", Lawsuit("02-24", "suit_withdrawn", "03-10")),
    PreSuit(4, L, "02-10", W, "02-24"),
    PreSuit(5, G, "02-20", S, "03-06"),
    PreSuit(5, G, "02-20", F, "03-06"),
    PreSuit(12, P, "03-01", S, "03-14"),  # March: 12 + 8 + 15 + 5 = 40
    PreSuit(8, L, "03-02", S, "03-16"),
    PreSuit(10, G, "03-06", F, "03-20", Lawsuit("03-27", "mediated", "04-12")),
    PreSuit(5, G, "03-06", F, "03-20", Lawsuit("03-27", "judged", "04-25")),
    PreSuit(5, P, "03-08", W, "03-22"),
    PreSuit(10, P, "04-03", S, "04-14"),  # April: 10 + 8 + 9 + 3 + 10 = 40
    PreSuit(8, G, "04-04", S, "04-18"),
    PreSuit(9, L, "04-06", F, "04-20"),
    PreSuit(3, P, "04-10", W, "04-21"),
    PreSuit(10, P, "04-24", S, "05-08"),
    PreSuit(10, G, "05-04", S, "05-15"),  # May: 10 + 6 + 10 + 4 + 10 = 40
    PreSuit(6, L, "05-05", S, "05-17"),
    PreSuit(8, P, "05-08", F, "05-22", Lawsuit("05-29", "mediated", "06-12")),
    PreSuit(2, P, "05-08", F, "05-22", Lawsuit("05-29", "suit_withdrawn", "06-12")),
    PreSuit(4, G, "05-10", W, "05-24"),
    PreSuit(4, L, "05-22", S, "06-05"),
    PreSuit(6, L, "05-22", F, "06-05"),
    PreSuit(12, P, "06-01", S, "06-12"),  # June: 12 + 9 + 4 + 5 + 10 = 40
    PreSuit(9, G, "06-02", S, "06-14"),
    PreSuit(4, L, "06-05", F, "06-16", Lawsuit("06-20", "mediated", "07-12")),
    PreSuit(5, G, "06-07", W, "06-19"),
    PreSuit(7, P, "06-26", S, "07-10"),
    PreSuit(3, P, "06-26", F, "07-10"),
)

# Lawsuits filed directly (no pre-suit mediation): count, lawsuit.
DIRECT: tuple[tuple[int, Lawsuit], ...] = (
    (6, Lawsuit("01-03", "mediated", "01-20")),
    (2, Lawsuit("01-04", "suit_withdrawn", "01-12")),
    (2, Lawsuit("01-05", "judged", "01-30")),
    (4, Lawsuit("02-01", "mediated", "02-16")),
    (4, Lawsuit("02-02", "suit_withdrawn", "02-17")),
    (4, Lawsuit("02-03", "judged_after_mediation", "02-28")),
    (4, Lawsuit("03-01", "mediated", "03-15")),
    (1, Lawsuit("03-01", "suit_withdrawn", "03-15")),
    (5, Lawsuit("03-02", "judged", "03-29")),
    (5, Lawsuit("04-03", "mediated", "04-17")),
    (5, Lawsuit("04-04", "suit_withdrawn", "04-18")),
    (8, Lawsuit("04-24", "mediated", "05-10")),
    (4, Lawsuit("05-04", "suit_withdrawn", "05-16")),
    (8, Lawsuit("05-05", "judged", "05-30")),
    (6, Lawsuit("06-01", "mediated", "06-15")),
    (4, Lawsuit("06-02", "suit_withdrawn", "06-16")),
    (5, Lawsuit("06-05", "judged", "06-28")),
    (2, Lawsuit("06-21", "open")),
)

OUTCOMES = {
    S: ("succeed", {"terms": "分期支付货款", "amount": "120000.00"}),
    F: ("fail", {"reason": "被申请人拒绝调解"}),
    W: ("withdraw", {"reason": "已自行和解"}),
}
JUDGED = ("conclude", {"status": "judged", "reason": "判决被告支付货款"})
START = ("start-court-mediation", {"mediator": "法官助理王某"})
ENDINGS: dict[str, tuple[tuple[str, dict[str, Any]], ...]] = {
    "mediated": (START, ("mediate", {"terms": "一次性支付80万元", "amount": "800000.00"})),
    "suit_withdrawn": (("conclude", {"status": "suit_withdrawn", "reason": "原告撤诉"}),),
    "judged": (JUDGED,),
    "judged_after_mediation": (START, ("fail-in-suit", {"reason": "原告坚持判决"}), JUDGED),
    "open": (),
}


def dispute(on: str) -> dict[str, Any]:
    """The dispute of `tests/test_http_mediations`, registered early on the day written `on`."""
    return DISPUTE | at(on, 8)


def enter_pre_suit(county: County, batch: PreSuit) -> None:
    action, body = OUTCOMES[batch.outcome]
    assign = {
        "organisation_kind": ORGANISATION_KINDS[batch.organisation],
        "organisation": batch.organisation,
        "mediator": "调解员",
    }
    for _ in range(batch.count):
        case = county.create("mediations", dispute(batch.assigned), COORDINATOR)
        county.step("mediations", case, "assign", assign | at(batch.assigned, 9), COORDINATOR)
        concluded = body | at(batch.concluded, 16)
        county.step("mediations", case, action, concluded, MEDIATORS[batch.organisation])
        if batch.lawsuit:
            go_to_court(county, case, batch.lawsuit)


def go_to_court(county: County, case: str, lawsuit: Lawsuit) -> None:
    number = f"(2023)赣0121民初{next(county.court_numbers)}号"
    filed = {"court": "ncxfy", "court_case_number": number}
    county.step("mediations", case, "file", filed | at(lawsuit.filed, 11), CLERK)
    for action, body in ENDINGS[lawsuit.ending]:
        county.step("mediations", case, action, body | at(lawsuit.concluded, 15), CLERK)


def enter_mediations(county: County) -> None:
    for batch in PRE_SUIT:
        enter_pre_suit(county, batch)
    for number, lawsuit in DIRECT:
        for _ in range(number):
            case = county.create("mediations", dispute(lawsuit.filed), CLERK)
            go_to_court(county, case, lawsuit)
    # registered and withdrawn before any assignment: in no count
    never_assigned = county.create("mediations", dispute("03-01"), COORDINATOR)
    withdraw = OUTCOMES[W][1] | at("03-02", 9)
    county.step("mediations", never_assigned, "withdraw", withdraw, COORDINATOR)


# --- 企业诉求 ---------------------------------------------------------------------------------

# After receipt (受理) and assignment (交办, due 10 days later) on the day received: each step
# and the days after receipt it is taken. A supervision order (督办) is due 7 days after it.
APPEAL_PATHS: dict[str, tuple[tuple[str, int], ...]] = {
    "closed": (("resolve", 5), ("satisfied", 8), ("close", 9)),
    "late": (("resolve", 14), ("basically_satisfied", 16), ("close", 17)),
    "supervised": (("resolve", 5), ("unsatisfied", 7), ("supervise", 8), ("resolve", 12),
                   ("satisfied", 14), ("close", 15)),  # fmt: skip
    "supervised_late": (("resolve", 14), ("unsatisfied", 16), ("supervise", 17), ("resolve", 26),
                        ("basically_satisfied", 28), ("close", 29)),  # fmt: skip
    "not_followed_up": (("resolve", 5),),
    "unsatisfied": (("resolve", 12), ("unsatisfied", 13)),  # the order not issued yet
    "open": (),
}

# department, path, count, day received
APPEALS: tuple[tuple[str, str, int, str], ...] = (
    (SCJGJ, "closed", 3, "01-09"),
    (SCJGJ, "closed", 3, "03-06"),
    (SCJGJ, "late", 2, "02-13"),
    (SCJGJ, "supervised", 3, "03-13"),
    (SCJGJ, "supervised_late", 1, "04-10"),
    (SCJGJ, "not_followed_up", 1, "06-19"),
    (SCJGJ, "unsatisfied", 1, "06-12"),
    (SCJGJ, "open", 1, "06-26"),
    (ZRZYJ, "closed", 2, "01-16"),
    (ZRZYJ, "closed", 3, "04-17"),
    (ZRZYJ, "late", 2, "05-08"),
    (ZRZYJ, "supervised", 2, "02-20"),
    (ZRZYJ, "not_followed_up", 1, "06-19"),
    (ZRZYJ, "open", 2, "06-26"),
    (SWJ, "closed", 5, "02-06"),
    (SWJ, "closed", 4, "05-15"),
    (SWJ, "late", 1, "03-20"),
    (SWJ, "supervised", 1, "04-03"),
    (SWJ, "supervised_late", 1, "01-30"),
    (SWJ, "open", 1, "06-26"),
)


def appeal_step(name: str, on: date, department: str) -> tuple[str, dict[str, Any], Principal]:
    """The action, body and actor of a step of `APPEAL_PATHS` taken on `on`."""
    if name == "resolve":
        return "resolve", {"outcome": "solved", "resolution": "已办理"}, HANDLERS[department]
    if name == "supervise":
        deadline = (on + timedelta(days=7)).isoformat()
        return "supervise", {"reason": "企业回访不满意", "deadline": deadline}, COORDINATOR
    if name == "close":
        return "close", {"reason": "企业满意，予以销号"}, COORDINATOR
    return "follow-up", {"satisfaction": name, "comment": "回访意见"}, COORDINATOR


def enter_appeal(county: County, department: str, path: str, received: date) -> None:
    body = APPEAL | {"amount_involved": None, "occurred_at": moment(received, 8)}
    appeal = county.create("appeals", body, COORDINATOR)
    county.step("appeals", appeal, "receive", {"occurred_at": moment(received, 9)}, COORDINATOR)
    deadline = (received + timedelta(days=10)).isoformat()
    assign = {"department": department, "level": "county", "deadline": deadline,
              "occurred_at": moment(received, 10)}  # fmt: skip
    county.step("appeals", appeal, "assign", assign, COORDINATOR)
    for name, after in APPEAL_PATHS[path]:
        on = received + timedelta(days=after)
        action, step_body, who = appeal_step(name, on, department)
        county.step("appeals", appeal, action, step_body | {"occurred_at": moment(on, 14)}, who)


def enter_appeals(county: County) -> None:
    for department, path, number, received in APPEALS:
        for _ in range(number):
            enter_appeal(county, department, path, day(received))


# --- 惠企政策兑现 -----------------------------------------------------------------------------

STABLE_JOBS, UPGRADE, RESEARCH = "稳岗返还", "技术改造补贴", "研发投入奖励"
POLICIES: dict[str, dict[str, Any]] = {
    STABLE_JOBS: {"issuing_department": "rsj", "mode": "no_application", "cap": "50000.00",
                  "review_days": 5, "disbursement_days": 10},
    UPGRADE: {"issuing_department": "gxj", "mode": "apply_and_receive", "cap": "500000.00",
              "review_days": 5, "disbursement_days": 10},
    RESEARCH: {"issuing_department": "gxj", "mode": "commitment", "cap": "1000000.00",
               "review_days": 10, "disbursement_days": 15},
}  # fmt: skip

Act = tuple[str, str, dict[str, Any], Principal]  # action, day, body, actor


def act(action: str, on: str, who: Principal, **body: Any) -> Act:
    return action, on, body, who


def confirm(on: str) -> Act:
    return act("confirm", on, ENTERPRISE)


def accept(on: str, **body: Any) -> Act:
    return act("accept", on, GXJ, **body)


def approve(on: str, amount: str, by: Principal = GXJ) -> Act:
    return act("approve", on, by, amount=amount)


def disburse(on: str, amount: str) -> Act:
    return act("disburse", on, FINANCE, amount=amount)


def recover(on: str, amount: str) -> Act:
    return act("recover", on, FINANCE, amount=amount)


def reviewed(accepted: str, approved: str, amount: str) -> tuple[Act, ...]:
    """A commitment claim accepted, routed to 科技局 and approved by it (审核通过)."""
    routed = act("route", accepted, GXJ, department="kjj")
    return accept(accepted), routed, approve(approved, amount, KJJ)


@dataclass(frozen=True)
class Claim:
    """A claim opened on `opened` under `policy` (matched for `amount_due`, or applied for),
    and what became of it."""

    policy: str
    opened: str
    acts: tuple[Act, ...]
    amount_due: str | None = None


# 拨付 is due 10 working days after confirmation or approval (15 for 研发投入奖励).
CLAIMS: tuple[Claim, ...] = (
    Claim(STABLE_JOBS, "02-06", (confirm("02-08"), disburse("02-10", "12345.67")), "12345.67"),
    Claim(STABLE_JOBS, "02-06", (confirm("02-08"), disburse("02-13", "23456.78")), "23456.78"),
    Claim(STABLE_JOBS, "02-06", (confirm("02-09"), disburse("02-15", "8888.88")), "8888.88"),
    Claim(STABLE_JOBS, "03-06", (confirm("03-07"), disburse("04-28", "30000.01")),
          "30000.01"),  # late  # fmt: skip
    Claim(STABLE_JOBS, "03-06", (act("withdraw", "03-10", ENTERPRISE, reason="企业放弃享受"),),
          "4321.09"),  # declined  # fmt: skip
    Claim(UPGRADE, "01-09", (accept("01-10"), approve("01-10", "123456.78"),
                             disburse("01-17", "123456.78"))),  # fmt: skip
    Claim(UPGRADE, "02-13", (accept("02-14"), approve("02-14", "200000.00"),
                             disburse("02-20", "100000.00"),
                             disburse("04-03", "100000.00"))),  # late  # fmt: skip
    Claim(UPGRADE, "03-13", (accept("03-14"), act("reject", "03-14", GXJ, reason="不符合支持范围"))),
    Claim(UPGRADE, "04-10", (accept("04-11"), approve("04-11", "98765.43"),
                             disburse("04-20", "50000.00"))),  # partly paid  # fmt: skip
    Claim(UPGRADE, "05-08", (accept("05-09"), approve("05-09", "45000.50"),
                             disburse("05-12", "45000.50"))),  # fmt: skip
    Claim(RESEARCH, "01-16", (
        accept("01-17", missing_materials={"items": ["2022年度审计报告"], "promised_by": "2023-01-20"}),
        act("supply-materials", "01-19", ENTERPRISE), act("route", "01-19", GXJ, department="kjj"),
        approve("01-30", "300000.00", KJJ), disburse("02-06", "300000.00"),
        act("verify", "05-15", KJJ, note="研发投入已达标"),
    )),  # fmt: skip
    Claim(RESEARCH, "02-20", (
        *reviewed("02-21", "02-27", "250000.55"), disburse("03-06", "250000.55"),
        act("breach", "05-22", KJJ, reason="研发投入未达承诺"),
        act("request-clawback", "05-23", KJJ, amount="250000.55"),
        recover("05-30", "100000.00"), recover("06-20", "150000.55"),
    )),  # fmt: skip
    Claim(RESEARCH, "03-20", (
        *reviewed("03-21", "03-27", "180000.00"), disburse("04-03", "180000.00"),
        act("breach", "06-05", KJJ, reason="研发投入未达承诺"),
        act("request-clawback", "06-06", KJJ, amount="120000.00"), recover("06-26", "30000.00"),
    )),  # fmt: skip
    Claim(RESEARCH, "04-17", (
        *reviewed("04-18", "04-24", "160000.00"), disburse("05-04", "80000.00"),
        disburse("05-31", "80000.00"),  # late: due 17 May
    )),  # fmt: skip
    Claim(RESEARCH, "05-15", (
        accept("05-16"), act("route", "05-16", GXJ, department="kjj"),
        act("reject", "05-25", KJJ, reason="研发项目不符合条件"),
    )),  # fmt: skip
)


def publish_policies(county: County) -> dict[str, str]:
    """The catalogue, published on 2 January 2023; policy ids by title."""
    return {
        title: county.create("policies", {"jurisdiction": COUNTY, "terms": terms | {"title": title},
                                          **at("01-02", 9)}, ADMIN)
        for title, terms in POLICIES.items()
    }  # fmt: skip


def open_claim(county: County, claim: Claim, policy_id: str) -> str:
    body = {"jurisdiction": COUNTY, "enterprise": ENTERPRISE_BODY, "policy_id": policy_id,
            **at(claim.opened, 9)}  # fmt: skip
    if claim.amount_due:
        return county.create("policy-claims", body | {"amount_due": claim.amount_due}, RSJ)
    if POLICIES[claim.policy]["mode"] == "commitment":
        body |= {"commitment": "年度研发投入不低于500万元", "verification_due": "2023-06-30"}
    return county.create("policy-claims", body, ENTERPRISE)


def enter_claims(county: County) -> None:
    policies = publish_policies(county)
    for claim in CLAIMS:
        case = open_claim(county, claim, policies[claim.policy])
        for hour, (action, on, body, who) in enumerate(claim.acts, start=10):
            county.step("policy-claims", case, action, body | at(on, hour), who)


def enter_half_year(county: County) -> County:
    enter_mediations(county)
    enter_appeals(county)
    enter_claims(county)
    return county
