"""Policy-benefit claims (惠企政策兑现) as a 惠企通 export holds them: one row per claim, against a
policy of our catalogue, with its application (or 免申即享 match), acceptance, routing, review,
confirmation, disbursement and verification in dated columns.

A row names its policy by catalogue number (ZC-…) or by its title; the policy must be in the
catalogue of the jurisdiction (published by an admin beforehand, as a live claim needs), and
the claim is made against the version in force on its 申报时间. An unknown, ambiguous,
not-yet-published or withdrawn policy refuses the row: no policy is made up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.enterprise import Enterprise
from domain.errors import DomainError
from domain.jurisdiction import JurisdictionCode
from domain.money import Money
from domain.policy_claim import ClaimBasis, ClaimStatus, Policy, PolicyClaim, PolicyMode

from application.case_commands import Intake, Step
from application.case_index import CaseFilter
from application.case_store import CaseStore
from application.import_plan import Column, ImportKind, RowPlan
from application.import_rows import RowRefused, SourceRow, present
from application.vocabulary import ENUMERATED
from application.policy_claim_commands import (
    Accept,
    Approve,
    Breach,
    Confirm,
    Disburse,
    RejectClaim,
    Route,
    Verify,
    WithdrawClaim,
)

S = ClaimStatus
COLUMNS = (
    Column("来源编号", True, "在原系统（如惠企通）中的申报编号；再次导入时据此识别已导入的兑现"),
    Column("企业名称", True, "申报（享受）政策的企业"),
    Column("统一社会信用代码", True, "18 位，按 GB 32100-2015 校验"),
    Column("政策", True, "本县政策清单中的政策编号（ZC-…）或政策名称；须已发布，不会自动新建"),
    Column("申报时间", True, "申报的时间；免申即享为比对符合条件的时间"),
    Column("应享金额", False, "免申即享必填：元，如 20000 或 20000.00；其他方式不填"),
    Column("承诺事项", False, "承诺兑现必填"),
    Column("核查期限", False, "承诺兑现必填：承诺的核查日期"),
    Column("受理时间", False, "受理申报的时间（免申即享无此项）"),
    Column("帮办代办", False, "是、否；空则为否"),
    Column("审核期限", False, "受理时的审核期限；空则按政策时限和工作日历计算"),
    Column("流转时间", False, "承诺兑现流转至审核部门的时间；与审核部门同填"),
    Column("审核部门", False, "审核部门的单位代码"),
    Column("审核时间", False, "审核决定的时间；与审核结果同填"),
    Column("审核结果", False, "审核通过、不予兑现"),
    Column("核定金额", False, "审核通过时必填：元，不超过政策上限"),
    Column("审核意见", False, "不予兑现时必填：理由"),
    Column("确认时间", False, "免申即享企业确认享受的时间"),
    Column("拨付期限", False, "确认或审核通过时的拨付期限；空则按政策时限和工作日历计算"),
    Column("拨付时间", False, "拨付（兑付）的时间"),
    Column("拨付金额", False, "元；空则为核定金额（免申即享为应享金额）"),
    Column("撤回时间", False, "企业撤回（免申即享：放弃）的时间；与撤回原因同填"),
    Column("撤回原因", False, "撤回时必填"),
    Column("核查时间", False, "承诺兑现核查的时间；与核查结果同填"),
    Column("核查结果", False, "承诺已核查（守诺）、承诺未履行"),
    Column("核查说明", False, "承诺未履行时必填：原因"),
)


@dataclass(frozen=True, kw_only=True)
class ImportedClaim(Intake):
    """A claim as an import opens it: against the policy version in force at its time."""

    enterprise: Enterprise
    basis: ClaimBasis
    source_id: str


@dataclass(frozen=True, kw_only=True)
class ImportedMatch(ImportedClaim):
    """免申即享: the enterprise was found eligible for `amount_due`."""

    amount_due: Money


@dataclass(frozen=True, kw_only=True)
class ImportedApplication(ImportedClaim):
    """即申即享 or 承诺兑现: the enterprise applied (with its commitment, on a 承诺兑现 policy)."""

    commitment: str | None
    verification_due: date | None


def opened_claim(**facts: Any) -> PolicyClaim:
    """A claim matched (免申即享) or applied for, as its policy's mode has it."""
    if facts["basis"].mode is PolicyMode.NO_APPLICATION:
        return PolicyClaim.match(**facts)
    return PolicyClaim.submit(**facts)


@dataclass
class Catalogue:
    """The policies of one jurisdiction, by catalogue number and by title (a title two
    policies share names neither), each version loaded once, when a row needs it."""

    store: CaseStore
    ids: dict[str, UUID]
    versions: dict[tuple[UUID, int | None], Policy] = field(default_factory=dict)

    @classmethod
    def of(cls, service: Any, jurisdiction: JurisdictionCode) -> Catalogue:
        """The catalogue as the case list shows it (brought up to date first, if read inline)."""
        service.consistency.position(service.index)
        query = CaseFilter(kind=Policy.kind, jurisdiction=jurisdiction.value, limit=None)
        rows = [row for _, row in service.index.view.select(query)]
        titles = Counter(row.details["title"] for row in rows)
        by_title = {
            row.details["title"]: row.id for row in rows if titles[row.details["title"]] == 1
        }
        return cls(service.store, by_title | {row.case_number: row.id for row in rows})

    def basis(self, reference: str, at: datetime) -> ClaimBasis:
        """What a claim made at `at` under the policy `reference` names records of it."""
        if reference not in self.ids:
            raise RowRefused(
                "政策", f"本县政策清单中没有编号或名称为“{reference}”的政策（或有两项同名）；请先发布该政策或改填政策编号",
                f"no policy numbered or titled {reference!r} in the catalogue (or two share the "
                "title); publish it first, or give its number",
            )  # fmt: skip
        policy = self._policy(self.ids[reference])
        if at < policy.published_at:
            raise RowRefused(
                "申报时间", f"申报时间早于政策“{reference}”的发布时间（{policy.published_at:%Y-%m-%d}）",
                f"claimed before policy {reference!r} was published ({policy.published_at:%Y-%m-%d})",
            )  # fmt: skip
        while policy.last_occurred_at > at:  # the version in force when the claim was made
            policy = self._policy(policy.id, policy.version - 1)
        try:
            return policy.claim_basis()
        except DomainError:
            raise RowRefused(
                "政策",
                f"政策“{reference}”在申报时已废止",
                f"policy {reference!r} was withdrawn by then",
            ) from None

    def _policy(self, policy_id: UUID, version: int | None = None) -> Policy:
        """The policy at `version` (None: its latest)."""
        if (policy_id, version) not in self.versions:
            policy = self.store.repository.get(policy_id, version=version)
            self.versions[policy_id, version] = policy
        return self.versions[policy_id, version]


def claim_plan(row: SourceRow, jurisdiction: JurisdictionCode, catalogue: Catalogue) -> RowPlan:
    """The opening and steps of the claim a row describes; `RowRefused` for a cell that cannot
    be read or a policy not in the catalogue (the rules of the claim are applied when the
    plan is)."""
    at = present(row.moment("申报时间"), "申报时间")
    basis = catalogue.basis(row.required("政策"), at)
    facts: dict[str, Any] = {
        "jurisdiction": jurisdiction, "enterprise": row.enterprise(), "basis": basis,
        "occurred_at": at, "source_id": row.required("来源编号"),
    }  # fmt: skip
    matched = basis.mode is PolicyMode.NO_APPLICATION
    _require_blank(row, ("承诺事项", "核查期限") if matched else ("应享金额",), basis.mode)
    intake: ImportedClaim = (
        ImportedMatch(**facts, amount_due=present(row.money("应享金额"), "应享金额"))
        if matched
        else ImportedApplication(
            **facts, commitment=row.text("承诺事项"), verification_due=row.day("核查期限")
        )
    )
    return RowPlan(row.number, intake.source_id, intake, "申报时间", _steps(row))


def _steps(row: SourceRow) -> tuple[tuple[str, Step], ...]:
    steps: list[tuple[str, Step]] = []
    if (at := row.moment("受理时间")) is not None:
        assisted = row.flag("帮办代办") or False
        steps.append(("受理时间", Accept(assisted=assisted, review_due=row.day("审核期限"), occurred_at=at)))  # fmt: skip
    if (at := row.moment("流转时间")) is not None:
        steps.append(("流转时间", Route(department=row.required("审核部门"), occurred_at=at)))
    if (at := row.moment("审核时间")) is not None:
        steps.append(("审核时间", _review(row, at)))
    if (at := row.moment("确认时间")) is not None:
        steps.append(("确认时间", Confirm(disbursement_due=row.day("拨付期限"), occurred_at=at)))
    if (at := row.moment("撤回时间")) is not None:
        steps.append(("撤回时间", WithdrawClaim(reason=row.required("撤回原因"), occurred_at=at)))
    if (at := row.moment("拨付时间")) is not None:
        amount = row.money("拨付金额") or row.money("核定金额") or row.money("应享金额")
        steps.append(("拨付时间", Disburse(amount=present(amount, "拨付金额"), occurred_at=at)))
    if (at := row.moment("核查时间")) is not None:
        steps.append(("核查时间", _verification(row, at)))
    return tuple(steps)


def _review(row: SourceRow, at: datetime) -> Step:
    decision = present(row.coded_among("审核结果", ClaimStatus, S.APPROVED, S.REJECTED), "审核结果")
    if decision is S.REJECTED:
        return RejectClaim(reason=row.required("审核意见"), occurred_at=at)
    amount = present(row.money("核定金额"), "核定金额")
    return Approve(amount=amount, disbursement_due=row.day("拨付期限"), occurred_at=at)


def _verification(row: SourceRow, at: datetime) -> Step:
    result = present(row.coded_among("核查结果", ClaimStatus, S.VERIFIED, S.BREACHED), "核查结果")
    if result is S.BREACHED:
        return Breach(reason=row.required("核查说明"), occurred_at=at)
    return Verify(note=row.text("核查说明") or "", occurred_at=at)


def _require_blank(row: SourceRow, columns: tuple[str, ...], mode: PolicyMode) -> None:
    """Columns a claim of the policy's mode does not take are left blank."""
    for column in columns:
        if row.text(column) is not None:
            raise RowRefused(
                column, f"此政策的兑现方式不填此列（{ENUMERATED[PolicyMode].labels[mode.value]}）",
                f"a {mode.value} claim leaves this column blank",
            )  # fmt: skip


CLAIMS = ImportKind("policy-claims", "兑现", opened_claim, COLUMNS, claim_plan, named=Catalogue.of)
