"""A county's half-year through the HTTP interface, on both stores: every report reproduces the
counts and ratios computed by hand (issue 13).

南昌县 (360121), January–June 2023, as `tests/half_year.py` enters it: 330 disputes (250 assigned
to pre-suit mediation, 79 filed directly, one withdrawn before assignment; 126 lawsuits, 47 of
them after failed mediation), 40 appeals in three departments, 15 claims under a catalogue of
three policies, one in each mode. Values are numerator ÷ denominator to 4 places, ROUND_HALF_UP.

诉调对接 (each ratio on its default basis; S/F/W: pre-suit succeeded, failed, withdrawn; M/W/J:
lawsuits mediated, withdrawn (撤诉), judged):

| period  | in  | S/F/W concluded | S÷concl. | S of in÷in | M/W/J    | M÷suits | M+W÷suits | S+M |
| 2023-01 | 40  | 28/10/2 = 40    | 28÷40    | 26÷40      | 6/2/2    | 6÷10    | 8÷10      | 34  |
| 2023-02 | 40  | 22/14/4 = 40    | 22÷40    | 21÷40      | 10/4/6   | 10÷20   | 14÷20     | 32  |
| 2023-03 | 40  | 25/20/5 = 50    | 25÷50    | 20÷40      | 12/3/5   | 12÷20   | 15÷20     | 37  |
| 2023-04 | 40  | 18/9/3 = 30     | 18÷30    | 28÷40      | 15/5/5   | 15÷25   | 20÷25     | 33  |
| 2023-05 | 40  | 26/10/4 = 40    | 26÷40    | 20÷40      | 8/4/8    | 8÷20    | 12÷20     | 34  |
| 2023-06 | 40  | 25/10/5 = 40    | 25÷40    | 28÷40      | 14/6/5   | 14÷25   | 20÷25     | 39  |
| H1      | 240 | 144/73/23 = 240 | 144÷240  | 143÷240    | 65/24/31 | 65÷120  | 89÷120    | 209 |
| Jan–Apr | 160 | 93/53/14 = 160  | 93÷160   | 95÷160     | 43/14/18 | 43÷75   | 57÷75     | 136 |

S of entered: of those entered in the month, how many succeeded, whenever (January 12 + 8 + the
6 concluded in February; February 10 + 6 + 5; March 12 + 8; April 10 + 8 + 10; May 10 + 6 + 4;
June 12 + 9 + 7 concluded in July). Ten disputes a month carry over into the next but from March,
so January concludes December's ten and H1 concludes 10 + 240 − June's 10. Rounded: 143 ÷ 240 =
0.59583… → 0.5958, 65 ÷ 120 = 0.54166… → 0.5417, 89 ÷ 120 = 0.74166… → 0.7417, 93 ÷ 160 = 0.58125
→ 0.5813 (half up), 95 ÷ 160 = 0.59375 → 0.5938, 43 ÷ 75 = 0.57333… → 0.5733. 诉前调解成功率 is
compared with the national 0.5482: only March (0.5000) lies below it.

企业诉求 (basis: received), by path: A closed on time, B closed after a late resolution, C
supervised once (督办) and closed, D late, supervised, late again and closed, E resolved and not
followed up, G late and unsatisfied with no order yet, F open:

| dept  | A | B | C | D | E | G | F | in | res. | on time | f-up | 1st sat | sat | closed | orders |
| scjgj | 6 | 2 | 3 | 1 | 1 | 1 | 1 | 15 | 14   | 10      | 13   | 8       | 12  | 12     | 4      |
| zrzyj | 5 | 2 | 2 | 0 | 1 | 0 | 2 | 12 | 10   | 8       | 9    | 7       | 9   | 9      | 2      |
| swj   | 9 | 1 | 1 | 1 | 0 | 0 | 1 | 13 | 12   | 10      | 12   | 10      | 12  | 12     | 2      |
| total |   |   |   |   |   |   |   | 40 | 36   | 28      | 34   | 25      | 33  | 33     | 8      |

(on time: A + C + E; followed: all resolved but E; satisfied at the first follow-up: A + B; at
the latest: all followed but G; orders: C + D.) Q1 receives 22 (all resolved and closed: 18 on
time, 16 satisfied first, 6 orders), April–June the other 18.

惠企政策兑现 (basis: opened), by mode: claims, granted, rejected, fully disbursed, on time,
breached of checked, clawbacks, recovered in full; then amounts in yuan:

| mode              | claims | granted | rejected | fully | on time | breached | clawback | recov. |
| no_application    | 5      | 4       | 0        | 4     | 3       | 0 of 0   | 0        | 0      |
| apply_and_receive | 5      | 4       | 1        | 3     | 2       | 0 of 0   | 0        | 0      |
| commitment        | 5      | 4       | 1        | 4     | 3       | 2 of 3   | 2        | 1      |
| total             | 15     | 12      | 2        | 11    | 8       | 2 of 3   | 2        | 1      |

| mode              | approved   | disbursed  | clawback  | recovered | net        |
| no_application    | 74691.34   | 74691.34   | 0.00      | 0.00      | 74691.34   |
| apply_and_receive | 467222.71  | 418457.28  | 0.00      | 0.00      | 418457.28  |
| commitment        | 890000.55  | 890000.55  | 370000.55 | 280000.55 | 610000.00  |
| total             | 1431914.60 | 1383149.17 | 370000.55 | 280000.55 | 1103148.62 |

免申即享: 12345.67 + 23456.78 + 8888.88 + 30000.01 confirmed and paid; the fifth match (4321.09)
declined by the enterprise, so never granted. 即申即享: 123456.78 + 200000.00 + 98765.43 +
45000.50 approved, the fourth paid 50000.00 of its 98765.43. 承诺兑现: 300000.00 + 250000.55 +
180000.00 + 160000.00; clawbacks 250000.55 (recovered 100000.00 + 150000.55) and 120000.00
(30000.00 back). 拨付率 418457.28 ÷ 467222.71 = 0.89562… and 1383149.17 ÷ 1431914.60 = 0.96594…;
追回率 280000.55 ÷ 370000.55 = 0.75675…; 按期拨付率 8 ÷ 11 = 0.72727…; 承诺失信率 2 ÷ 3 = 0.66666….
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interface.http import create_app
from interface.http.tables import XLSX
from tests.builders import COORDINATOR, Clock
from tests.conftest import STORES, fresh_store, open_services
from tests.half_year import SCJGJ, SWJ, ZRZYJ, County, enter_half_year
from tests.test_policy_claim_service import FINANCE

H1, RANGE = "2023-H1", "2023-01-01~2023-04-30"
REPORTS = ("closure-rates", "mediation-ratios", "policy-claims", "inspections",
           "department-ranking")  # fmt: skip
Figures = tuple[Any, ...]


@pytest.fixture(scope="module", params=STORES)
def county(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[County]:
    """The half-year, entered once per store."""
    for url in fresh_store(request, tmp_path_factory.mktemp("half-year")):
        services = open_services(url, Clock())
        with TestClient(create_app(services)) as http:
            yield enter_half_year(County(http, services, url))
        services.close()


def query(period: str) -> dict[str, str]:
    """A named period, or a range of days written first~last, as query parameters."""
    if "~" in period:
        first, last = period.split("~")
        return {"from": first, "to": last}
    return {"period": period}


def report(county: County, name: str, period: str, **params: str) -> dict[str, Any]:
    answer = county.get(f"/reports/{name}", **query(period), **params).json()
    assert answer["period"] == period
    return answer


def terms(ratio: dict[str, Any]) -> tuple[Any, Any, str | None]:
    return ratio["numerator"], ratio["denominator"], ratio["value"]


def ratio_terms(figures: dict[str, Any]) -> tuple[tuple[Any, Any, str | None], ...]:
    """Each ratio of a group's figures as (numerator, denominator, value), in report order."""
    return tuple(terms(ratio) for ratio in figures["ratios"].values())


def counts(figures: dict[str, Any], names: tuple[str, ...]) -> Figures:
    return tuple(figures[name] for name in names)


# --- 诉调对接 ---------------------------------------------------------------------------------

MEDIATION_COUNTS = ("entered", "succeeded", "failed", "withdrawn", "litigation_concluded",
                    "mediated", "suit_withdrawn", "mediations_succeeded")  # fmt: skip
# period → the counts above; then pre-suit success over concluded and over entered, in-suit
# mediation ratio and 调撤率 as (numerator, denominator, value)
MEDIATIONS: dict[str, tuple[Figures, ...]] = {
    "2023-01": ((40, 28, 10, 2, 10, 6, 2, 34),
                (28, 40, "0.7000"), (26, 40, "0.6500"), (6, 10, "0.6000"), (8, 10, "0.8000")),
    "2023-02": ((40, 22, 14, 4, 20, 10, 4, 32),
                (22, 40, "0.5500"), (21, 40, "0.5250"), (10, 20, "0.5000"), (14, 20, "0.7000")),
    "2023-03": ((40, 25, 20, 5, 20, 12, 3, 37),
                (25, 50, "0.5000"), (20, 40, "0.5000"), (12, 20, "0.6000"), (15, 20, "0.7500")),
    "2023-04": ((40, 18, 9, 3, 25, 15, 5, 33),
                (18, 30, "0.6000"), (28, 40, "0.7000"), (15, 25, "0.6000"), (20, 25, "0.8000")),
    "2023-05": ((40, 26, 10, 4, 20, 8, 4, 34),
                (26, 40, "0.6500"), (20, 40, "0.5000"), (8, 20, "0.4000"), (12, 20, "0.6000")),
    "2023-06": ((40, 25, 10, 5, 25, 14, 6, 39),
                (25, 40, "0.6250"), (28, 40, "0.7000"), (14, 25, "0.5600"), (20, 25, "0.8000")),
    H1: ((240, 144, 73, 23, 120, 65, 24, 209),
         (144, 240, "0.6000"), (143, 240, "0.5958"), (65, 120, "0.5417"), (89, 120, "0.7417")),
    RANGE: ((160, 93, 53, 14, 75, 43, 14, 136),
            (93, 160, "0.5813"), (95, 160, "0.5938"), (43, 75, "0.5733"), (57, 75, "0.7600")),
}  # fmt: skip
BELOW_THE_NATIONAL_AVERAGE = {"2023-03"}  # 0.5000 < 0.5482; February's 0.5500 is above


@pytest.mark.parametrize("period", MEDIATIONS)
def test_mediation_ratios_by_month_for_the_half_year_and_a_range(
    county: County, period: str
) -> None:
    total = report(county, "mediation-ratios", period)["total"]
    assert (counts(total, MEDIATION_COUNTS), *ratio_terms(total)) == MEDIATIONS[period]
    success = total["ratios"]["pre_suit_success_over_concluded"]
    assert (success["reference"], success["above_reference"]) == (
        "0.5482", period not in BELOW_THE_NATIONAL_AVERAGE
    )


def test_mediation_ratios_by_organisation(county: County) -> None:
    """H1 by organisation: the failed disputes filed as lawsuits stay with their organisation
    (gsl-tjwyh 6 + 10 mediated, 2 + 5 judged; rmtjwyh 8 + 8 mediated, 2 + 2 withdrawn); lawsuits
    filed directly are the court's (77 = 120 − 23 − 20)."""
    organisations = report(county, "mediation-ratios", H1)["organisations"]
    assert {group["group"]: counts(group, MEDIATION_COUNTS) for group in organisations} == {
        "(court)": (0, 0, 0, 0, 77, 33, 20, 33),
        "gsl-tjwyh": (83, 46, 28, 9, 23, 16, 0, 62),
        "lstj": (53, 24, 23, 6, 0, 0, 0, 24),
        "rmtjwyh": (104, 74, 22, 8, 20, 16, 4, 90),
    }


def test_each_ratio_states_its_definition_basis_and_unit(county: County) -> None:
    ratios = report(county, "mediation-ratios", H1)["total"]["ratios"]
    assert ratios["pre_suit_success_over_concluded"] == {
        "name": "pre_suit_success_over_concluded",
        "definition": "诉前调解成功率 = succeeded (调解成功) ÷ concluded pre-suit",
        "basis": "concluded",
        "unit": "count",
        "numerator": 144,
        "denominator": 240,
        "value": "0.6000",
        "reference": "0.5482",
        "above_reference": True,
    }
    bases = {name: (ratio["basis"], ratio["unit"]) for name, ratio in ratios.items()}
    assert bases == {
        "pre_suit_success_over_concluded": ("concluded", "count"),
        "pre_suit_success_over_entered": ("entered", "count"),
        "in_suit_mediation_ratio": ("concluded", "count"),
        "mediation_withdrawal_ratio": ("concluded", "count"),
    }


def test_another_office_counting_by_other_bases(county: County) -> None:
    """An office placing lawsuits by the day filed (立案) and pre-suit mediations by the day
    entered. February: filed in it and concluded, 4 + 4 + 4 direct and the 10 failed in
    February filed on the 24th (8 mediated in March) → 12 ÷ 22 = 0.54545…; June: 6 + 4 + 5
    direct and the 4 filed on the 20th and mediated in July (those concluded in June but filed
    on 29 May are May's) → 10 ÷ 19 = 0.52631…; H1: the 120 concluded in it and those 4 → 69 ÷ 124
    = 0.55645…. Pre-suit, June: entered in it 40, of which 12 + 9 + 7 succeeded (7 in July)."""
    bases = {"in_suit_mediation_ratio": "filed", "pre_suit_success_over_concluded": "entered"}
    services = open_services(county.url, Clock(), ratio_bases=bases)
    with TestClient(create_app(services)) as http:
        office = County(http, services, county.url)
        figures = {period: report(office, "mediation-ratios", period)["total"]["ratios"]
                   for period in ("2023-02", "2023-06", H1)}  # fmt: skip
    services.close()
    in_suit = {period: terms(r["in_suit_mediation_ratio"]) for period, r in figures.items()}
    assert in_suit == {"2023-02": (12, 22, "0.5455"), "2023-06": (10, 19, "0.5263"),
                       H1: (69, 124, "0.5565")}  # fmt: skip
    success = figures["2023-06"]["pre_suit_success_over_concluded"]
    assert (success["basis"], *terms(success)) == ("entered", 28, 40, "0.7000")
    assert figures[H1]["in_suit_mediation_ratio"]["basis"] == "filed"


# --- 企业诉求 ---------------------------------------------------------------------------------

CLOSURE_COUNTS = ("received", "resolved", "resolved_on_time", "followed_up", "satisfied_at_first",
                  "satisfied", "closed", "supervision_orders")  # fmt: skip
# (period, group) → the counts above; then closure, on-time, follow-up, first and latest
# satisfaction and closed rates as (numerator, denominator, value)
CLOSURES: dict[tuple[str, str], tuple[Figures, ...]] = {
    (H1, "total"): ((40, 36, 28, 34, 25, 33, 33, 8), (36, 40, "0.9000"), (28, 36, "0.7778"),
                    (34, 36, "0.9444"), (25, 34, "0.7353"), (33, 34, "0.9706"), (33, 36, "0.9167")),
    (H1, SCJGJ): ((15, 14, 10, 13, 8, 12, 12, 4), (14, 15, "0.9333"), (10, 14, "0.7143"),
                  (13, 14, "0.9286"), (8, 13, "0.6154"), (12, 13, "0.9231"), (12, 14, "0.8571")),
    (H1, SWJ): ((13, 12, 10, 12, 10, 12, 12, 2), (12, 13, "0.9231"), (10, 12, "0.8333"),
                (12, 12, "1.0000"), (10, 12, "0.8333"), (12, 12, "1.0000"), (12, 12, "1.0000")),
    (H1, ZRZYJ): ((12, 10, 8, 9, 7, 9, 9, 2), (10, 12, "0.8333"), (8, 10, "0.8000"),
                  (9, 10, "0.9000"), (7, 9, "0.7778"), (9, 9, "1.0000"), (9, 10, "0.9000")),
    ("2023-Q1", "total"): ((22, 22, 18, 22, 16, 22, 22, 6), (22, 22, "1.0000"), (18, 22, "0.8182"),
                           (22, 22, "1.0000"), (16, 22, "0.7273"), (22, 22, "1.0000"),
                           (22, 22, "1.0000")),
    ("2023-04-01~2023-06-30", "total"): ((18, 14, 10, 12, 9, 11, 11, 2), (14, 18, "0.7778"),
                                         (10, 14, "0.7143"), (12, 14, "0.8571"), (9, 12, "0.7500"),
                                         (11, 12, "0.9167"), (11, 14, "0.7857")),
}  # fmt: skip


@pytest.mark.parametrize("period", sorted({period for period, _ in CLOSURES}))
def test_closure_rates_in_total_and_by_department(county: County, period: str) -> None:
    answer = report(county, "closure-rates", period, group_by="department")
    groups = [answer["total"], *answer["groups"]]
    found = {(period, g["group"]): (counts(g, CLOSURE_COUNTS), *ratio_terms(g)) for g in groups}
    expected = {key: figures for key, figures in CLOSURES.items() if key[0] == period}
    assert {key: found.get(key) for key in expected} == expected
    assert [g["group"] for g in answer["groups"]] == [SCJGJ, SWJ, ZRZYJ]


def test_the_department_ranking_counts(county: County) -> None:
    """Each department's supervision orders and the rates it is scored on, as the closure rates
    count them; the score and rank also weigh supervision-list entries, not checked here."""
    departments = report(county, "department-ranking", H1)["departments"]
    standings = {d["department"]: (d["supervision_orders"], *ratio_terms(d)) for d in departments}
    assert {name: standings[name] for name in (SCJGJ, SWJ, ZRZYJ)} == {
        SCJGJ: (4, (14, 15, "0.9333"), (10, 14, "0.7143"), (12, 13, "0.9231")),
        SWJ: (2, (12, 13, "0.9231"), (10, 12, "0.8333"), (12, 12, "1.0000")),
        ZRZYJ: (2, (10, 12, "0.8333"), (8, 10, "0.8000"), (9, 9, "1.0000")),
    }


def test_every_supervision_order_is_an_entry_of_the_list_cleared_by_its_resolution(
    county: County,
) -> None:
    """The eight appeals followed up unsatisfied each got a 督办单 and were resolved again and
    closed: eight entries, each with its issuer, reason and deadline, all cleared; the ranking
    does not count them again as breaches."""
    listing = county.get("/supervision-list", rule="supervision_order").json()
    entries = listing["entries"]
    assert len(entries) == 8  # noqa: PLR2004
    assert {(e["issuer"], e["reason"], e["status"]) for e in entries} == {
        (COORDINATOR.actor.id, "企业回访不满意", "cleared")
    }
    assert all(e["due"] and e["cleared_by"].startswith("Resolved v") for e in entries)
    assert sorted(d for e in entries for d in e["departments"]) == [SCJGJ] * 4 + [SWJ] * 2 + [ZRZYJ] * 2
    ranking = report(county, "department-ranking", H1)["departments"]
    assert not [d for d in ranking if "supervision_order" in d["breaches_by_rule"]]


# --- 惠企政策兑现 -----------------------------------------------------------------------------

CLAIM_COUNTS = ("claims", "granted", "rejected", "fully_disbursed", "disbursed_on_time", "breached",
                "clawbacks", "recovered")  # fmt: skip
CLAIM_AMOUNTS = ("approved_amount", "disbursed_amount", "clawback_amount", "recovered_amount",
                 "net_disbursed_amount")  # fmt: skip
# mode → the counts and amounts above; then disbursement ratio, on-time disbursement, breach rate
# and recovery ratio as (numerator, denominator, value)
CLAIMS: dict[str, tuple[Figures, ...]] = {
    "total": ((15, 12, 2, 11, 8, 2, 2, 1),
              ("1431914.60", "1383149.17", "370000.55", "280000.55", "1103148.62"),
              ("1383149.17", "1431914.60", "0.9659"), (8, 11, "0.7273"), (2, 3, "0.6667"),
              ("280000.55", "370000.55", "0.7568")),
    "no_application": ((5, 4, 0, 4, 3, 0, 0, 0),
                       ("74691.34", "74691.34", "0.00", "0.00", "74691.34"),
                       ("74691.34", "74691.34", "1.0000"), (3, 4, "0.7500"), (0, 0, None),
                       ("0.00", "0.00", None)),
    "apply_and_receive": ((5, 4, 1, 3, 2, 0, 0, 0),
                          ("467222.71", "418457.28", "0.00", "0.00", "418457.28"),
                          ("418457.28", "467222.71", "0.8956"), (2, 3, "0.6667"), (0, 0, None),
                          ("0.00", "0.00", None)),
    "commitment": ((5, 4, 1, 4, 3, 2, 2, 1),
                   ("890000.55", "890000.55", "370000.55", "280000.55", "610000.00"),
                   ("890000.55", "890000.55", "1.0000"), (3, 4, "0.7500"), (2, 3, "0.6667"),
                   ("280000.55", "370000.55", "0.7568")),
}  # fmt: skip


def claim_figures(figures: dict[str, Any]) -> tuple[Figures, ...]:
    return (counts(figures, CLAIM_COUNTS), counts(figures, CLAIM_AMOUNTS), *ratio_terms(figures))


@pytest.mark.parametrize("mode", CLAIMS)
def test_policy_claims_by_mode_in_exact_yuan(county: County, mode: str) -> None:
    answer = report(county, "policy-claims", H1, group_by="mode")
    groups = {g["group"]: g for g in [answer["total"], *answer["groups"]]}
    assert claim_figures(groups[mode]) == CLAIMS[mode]


def test_finance_reads_the_same_claim_figures(county: County) -> None:
    as_finance = county.get("/reports/policy-claims", FINANCE, period=H1).json()
    assert as_finance["total"] == report(county, "policy-claims", H1)["total"]


@pytest.mark.parametrize("name", REPORTS)
def test_every_report_comes_as_a_csv_and_an_xlsx_table(county: County, name: str) -> None:
    csv = county.get(f"/reports/{name}", period=H1, format="csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "2023-H1" in csv.headers["content-disposition"]
    xlsx = county.get(f"/reports/{name}", period=H1, format="xlsx")
    assert xlsx.headers["content-type"] == XLSX and xlsx.content.startswith(b"PK")


def test_the_claim_table_carries_the_exact_amounts(county: County) -> None:
    table = county.get("/reports/policy-claims", period=H1, format="csv").content
    heading, total = (line.split(",") for line in table.decode("utf-8-sig").splitlines()[:2])
    row = dict(zip(heading, total, strict=True))
    assert (row["分组"], row["分组代码"], row["净拨付金额(元)"], row["追回率"]) == (
        "合计", "total", "1103148.62", "0.7568"
    )


# --- every answer ----------------------------------------------------------------------------

GROUPED = {"closure-rates": {"group_by": "department"}, "policy-claims": {"group_by": "mode"}}


def every_answer(county: County) -> Iterator[dict[str, Any]]:
    """Every report, in groups where it has them, for every period this module checks."""
    periods = {*MEDIATIONS, *(period for period, _ in CLOSURES)}
    for name in REPORTS:
        for period in sorted(periods):
            yield report(county, name, period, **GROUPED.get(name, {}))


def ratios_in(answer: Any) -> Iterator[dict[str, Any]]:
    """Every ratio an answer shows, wherever it stands."""
    if isinstance(answer, dict):
        if {"name", "numerator", "denominator", "basis"} <= answer.keys():
            yield answer
            return
        for value in answer.values():
            yield from ratios_in(value)
    elif isinstance(answer, list):
        for item in answer:
            yield from ratios_in(item)


def test_no_numerator_exceeds_its_denominator_and_definitions_name_every_ratio(
    county: County,
) -> None:
    definitions = {d["name"]: d for d in county.get("/reports/definitions").json()}
    shown = [ratio for answer in every_answer(county) for ratio in ratios_in(answer)]
    assert {ratio["name"] for ratio in shown} == set(definitions)
    for ratio in shown:
        definition = definitions[ratio["name"]]
        assert Decimal(str(ratio["numerator"])) <= Decimal(str(ratio["denominator"])), ratio
        assert ratio["basis"] in [basis["name"] for basis in definition["bases"]], ratio
        assert ratio["unit"] == definition["unit"], ratio
        name, above, below = (definition[k] for k in ("chinese_name", "numerator", "denominator"))
        assert ratio["definition"] == f"{name} = {above} ÷ {below}", ratio
