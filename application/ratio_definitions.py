"""Every ratio the reports publish, defined once (统计口径).

Each definition names its cohort, numerator and denominator, and the dates by which an office may
place a case in a period (its bases; the first is the default). Every report counts its ratios
from these definitions, `GET /api/v1/reports/definitions` prints them, and `docs/ratios.md` is
generated from them. An office chooses a basis per ratio (`YINGSHANG_RATIO_BASES`) and the
reference values its ratios are compared with (`YINGSHANG_RATIO_REFERENCES`, added to
`DEFAULT_REFERENCES`); every answer names the basis it used.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from application.case_index import CaseRow
from application.ratios import Basis, ChosenRatio, Measure, RatioDefinition, choose

SATISFIED = ("satisfied", "basically_satisfied")

# the bases: which day of a case places it in a period
RECEIVED = Basis("received", "按受理日期", "received_on")
RESOLVED = Basis("resolved", "按(最近一次)办结日期", "resolved_on")
FOLLOWED_UP = Basis("followed_up", "按(最近一次)回访日期", "followed_up_on")
ENTERED = Basis("entered", "按进入诉前调解(分派)日期", "assigned_on")
PRE_SUIT_CONCLUDED = Basis("concluded", "按诉前调解结束日期", "pre_suit_concluded_on")
FILED = Basis("filed", "按立案日期", "filed_on")
LITIGATION_CONCLUDED = Basis("concluded", "按诉讼结案日期", "litigation_concluded_on")
OPENED = Basis("opened", "按申报(免申即享:匹配)日期", "opened_on")
GRANTED = Basis("granted", "按核准(确认)日期", "granted_on")
DISBURSED = Basis("disbursed", "按全额拨付日期", "fully_disbursed_on")
CHECKED = Basis("checked", "按承诺核查(核实或认定失信)日期", "commitment_checked_on")
CLAWBACK = Basis("clawback", "按发起追回日期", "clawback_requested_on")
INSPECTED = Basis("entered", "按入企检查日期", "entered_on")


def has(detail: str) -> Measure:
    """1 for a case whose row holds `detail` (a date, a flag), else 0."""
    return lambda row: int(bool(row.details.get(detail)))


def amount(details: Mapping[str, object], name: str) -> Decimal:
    """An amount in yuan from a row's details (0 if none)."""
    return Decimal(str(details.get(name) or "0.00"))


def yuan(detail: str) -> Measure:
    """The amount in yuan a row holds under `detail` (0 if none)."""
    return lambda row: amount(row.details, detail)


def followed_up(row: CaseRow) -> int:
    return int(int(row.details.get("follow_ups") or 0) > 0)


def outcome_is(detail: str, *values: str) -> Measure:
    return lambda row: int(row.details.get(detail) in values)


def status_is(*statuses: str) -> Measure:
    return lambda row: int(row.status in statuses)


def outcomes(row: CaseRow) -> Mapping[str, int]:
    """A visit's findings, counted by outcome."""
    return row.details.get("outcomes") or {}


def violations(row: CaseRow) -> int:
    """The findings of a violation on a visit: every finding but compliant."""
    return sum(n for outcome, n in outcomes(row).items() if outcome != "compliant")


def first_violations(row: CaseRow) -> int:
    """The findings not penalised as a first violation (首违不罚)."""
    return outcomes(row).get("first_violation_not_penalised", 0)


APPEALS = "closure-rates"
MEDIATIONS = "mediation-ratios"
CLAIMS = "policy-claims"
INSPECTIONS = "inspections"

DEFINITIONS: tuple[RatioDefinition, ...] = (
    RatioDefinition(
        "closure_rate", "办结率", APPEALS, "诉求 appeals received (受理)",
        "resolved", "received", (RECEIVED,),
        denominator=has("received_on"), numerator=has("resolved_on"),
    ),
    RatioDefinition(
        "on_time_rate", "按期办结率", APPEALS, "诉求 appeals resolved (办结)",
        "first resolved by the deadline then in force (按期)", "resolved", (RECEIVED, RESOLVED),
        denominator=has("resolved_on"), numerator=has("first_resolved_on_time"),
    ),
    RatioDefinition(
        "follow_up_rate", "回访率", APPEALS, "诉求 appeals resolved (办结)",
        "followed up (回访)", "resolved", (RECEIVED, RESOLVED),
        denominator=has("resolved_on"), numerator=followed_up,
    ),
    RatioDefinition(
        "first_satisfaction_rate", "首次回访满意率", APPEALS, "诉求 appeals followed up (回访)",
        "satisfied or basically satisfied at the first follow-up", "followed up",
        (RECEIVED, RESOLVED), denominator=followed_up,
        numerator=outcome_is("first_satisfaction", *SATISFIED),
    ),
    RatioDefinition(
        "satisfaction_rate", "满意率", APPEALS, "诉求 appeals followed up (回访)",
        "satisfied or basically satisfied at the latest follow-up", "followed up",
        (RECEIVED, RESOLVED, FOLLOWED_UP), denominator=followed_up,
        numerator=outcome_is("satisfaction", *SATISFIED),
    ),
    RatioDefinition(
        "closed_rate", "销号率", APPEALS, "诉求 appeals resolved (办结)",
        "closed (销号)", "resolved", (RECEIVED, RESOLVED),
        denominator=has("resolved_on"), numerator=has("closed_on"),
    ),
    RatioDefinition(
        "pre_suit_success_over_concluded", "诉前调解成功率", MEDIATIONS,
        "诉前调解 pre-suit mediations concluded (succeeded, failed or withdrawn after assignment)",
        "succeeded (调解成功)", "concluded pre-suit", (PRE_SUIT_CONCLUDED, ENTERED),
        denominator=has("pre_suit_concluded_on"),
        numerator=outcome_is("pre_suit_outcome", "succeeded"),
    ),
    RatioDefinition(
        "pre_suit_success_over_entered", "诉前调解成功率(按受理)", MEDIATIONS,
        "诉前调解 pre-suit mediations entered (assigned to a mediating organisation)",
        "succeeded (调解成功)", "entered pre-suit mediation", (ENTERED,),
        denominator=has("assigned_on"), numerator=outcome_is("pre_suit_outcome", "succeeded"),
    ),
    RatioDefinition(
        "in_suit_mediation_ratio", "诉中调解率", MEDIATIONS, "诉讼 lawsuits concluded (结案)",
        "concluded by mediation (调解结案)", "lawsuits concluded",
        (LITIGATION_CONCLUDED, FILED),
        denominator=has("litigation_concluded_on"), numerator=status_is("mediated"),
    ),
    RatioDefinition(
        "mediation_withdrawal_ratio", "调撤率", MEDIATIONS, "诉讼 lawsuits concluded (结案)",
        "mediated (调解结案) + withdrawn (撤诉)", "lawsuits concluded",
        (LITIGATION_CONCLUDED, FILED),
        denominator=has("litigation_concluded_on"),
        numerator=status_is("mediated", "suit_withdrawn"),
    ),
    RatioDefinition(
        "disbursement_ratio", "拨付率", CLAIMS, "政策兑现 claims granted (核准, or confirmed 免申即享)",
        "amount disbursed (拨付, before any clawback)", "amount approved (核准金额)",
        (OPENED, GRANTED), denominator=yuan("granted_amount"), numerator=yuan("disbursed_total"),
        unit="yuan",
    ),
    RatioDefinition(
        "on_time_disbursement_rate", "按期拨付率", CLAIMS, "政策兑现 claims fully disbursed",
        "fully disbursed by the due day", "fully disbursed", (OPENED, DISBURSED),
        denominator=has("fully_disbursed_on"), numerator=has("disbursed_on_time"),
    ),
    RatioDefinition(
        "breach_rate", "承诺失信率", CLAIMS,
        "承诺兑现 commitment claims checked (verified 核实 or breached 失信)",
        "breached (承诺未履行)", "checked", (OPENED, CHECKED),
        denominator=has("commitment_checked_on"), numerator=has("breached"),
    ),
    RatioDefinition(
        "recovery_ratio", "追回率", CLAIMS, "政策兑现 claims with a clawback requested (发起追回)",
        "amount recovered (已追回)", "amount to claw back", (OPENED, CLAWBACK),
        denominator=yuan("clawback_amount"), numerator=yuan("recovered_total"), unit="yuan",
    ),
    RatioDefinition(
        "first_violation_share", "首违不罚占比", INSPECTIONS,
        "检查发现 findings of a violation on visits entered (入企)",
        "findings not penalised as a first violation (首违不罚)", "findings of a violation",
        (INSPECTED,), denominator=violations, numerator=first_violations,
    ),
)  # fmt: skip

BY_NAME = {definition.name: definition for definition in DEFINITIONS}

# 全国诉前调解成功率 (national average), as published; an office adds or replaces references
DEFAULT_REFERENCES: dict[str, Decimal] = {"pre_suit_success_over_concluded": Decimal("0.5482")}


def of_report(report: str) -> tuple[RatioDefinition, ...]:
    """The definitions a report publishes, in order."""
    return tuple(definition for definition in DEFINITIONS if definition.report == report)


def chosen_for(
    report: str,
    bases: Mapping[str, str] | None = None,
    references: Mapping[str, Decimal] | None = None,
) -> list[ChosenRatio]:
    """A report's ratios under the chosen bases (the defaults where none is chosen) and
    references (the defaults if none are given)."""
    given = DEFAULT_REFERENCES if references is None else references
    return choose(of_report(report), bases or {}, given)


def require_bases(bases: Mapping[str, str]) -> dict[str, str]:
    """The chosen bases, checked: each names a ratio and one of its bases."""
    for name, basis in bases.items():
        if name not in BY_NAME:
            raise ValueError(f"no ratio is called {name!r}; ratios: {sorted(BY_NAME)}")
        BY_NAME[name].basis(basis)
    return dict(bases)


def merge_references(
    given: Mapping[str, Decimal | None], defaults: Mapping[str, Decimal] = DEFAULT_REFERENCES
) -> dict[str, Decimal]:
    """The `defaults` with `given` added over them (null drops one), checked: each names a
    ratio and lies between 0 and 1."""
    merged = {**defaults, **given}
    for name, value in merged.items():
        if name not in BY_NAME:
            raise ValueError(f"no ratio is called {name!r}; ratios: {sorted(BY_NAME)}")
        if value is not None and not Decimal(0) <= value <= 1:
            raise ValueError(f"the reference of {name} lies between 0 and 1, got {value}")
    return {name: value for name, value in merged.items() if value is not None}
