"""The words of the policy catalogue and of policy claims (惠企政策兑现): the enumerations, whose values
are the stable codes used in the API and reports, and the value objects the events store.

Each value object checks itself on construction, and is stored as a dict of its fields and rebuilt
by calling it with them (so a check must accept what it produced, and a sequence read back as a
list is turned into a tuple again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from uuid import UUID

from domain.bounds import MAX_WORKING_DAYS
from domain.case import require_text
from domain.clock import require_aware
from domain.errors import InvalidValue
from domain.money import Money


class PolicyMode(Enum):
    """How a policy's benefit reaches the enterprise (兑现方式)."""

    NO_APPLICATION = "no_application"  # 免申即享: matched from data, the enterprise only confirms
    APPLY_AND_RECEIVE = "apply_and_receive"  # 即申即享: applied for, accepted and approved at once
    COMMITMENT = "commitment"  # 承诺兑现: paid on a commitment that is verified afterwards


class PolicyStatus(Enum):
    PUBLISHED = "published"  # 已发布，可申报
    WITHDRAWN = "withdrawn"  # 已废止，不再受理新的兑现


class ClaimStatus(Enum):
    MATCHED = "matched"  # 免申即享：数据比对符合条件，待企业确认
    CONFIRMED = "confirmed"  # 企业已确认，待拨付
    SUBMITTED = "submitted"  # 已申报，待受理
    ACCEPTED = "accepted"  # 已受理（含容缺受理）
    ROUTED = "routed"  # 已流转至审核部门
    APPROVED = "approved"  # 审核通过，待拨付
    REJECTED = "rejected"  # 不予兑现
    PARTLY_DISBURSED = "partly_disbursed"  # 部分拨付
    DISBURSED = "disbursed"  # 已全额拨付
    VERIFIED = "verified"  # 承诺已核查兑现
    BREACHED = "breached"  # 承诺未履行
    CLAWBACK_REQUESTED = "clawback_requested"  # 已发起追回
    RECOVERED = "recovered"  # 已全额追回
    WITHDRAWN = "withdrawn"  # 企业撤回（免申即享：企业放弃）


# Terminal whatever the mode; a fully disbursed claim is terminal too unless it was paid on a
# commitment, which waits to be verified (see `PolicyClaim.is_terminal`).
TERMINAL = frozenset(
    {ClaimStatus.REJECTED, ClaimStatus.VERIFIED, ClaimStatus.RECOVERED, ClaimStatus.WITHDRAWN}
)


def _set_text(obj: object, name: str, what: str) -> None:
    """Replace a text field of a frozen dataclass by its stripped value, refusing an empty one."""
    object.__setattr__(obj, name, require_text(getattr(obj, name), what))


def _require(value: object, kind: type, what: str) -> None:
    if not isinstance(value, kind):
        raise InvalidValue(f"{what} must be a {kind.__name__}, got {value!r}")


def require_positive(amount: Money, what: str) -> Money:
    """An amount of money of at least one fen."""
    _require(amount, Money, what)
    if amount.yuan <= 0:
        raise InvalidValue(f"{what} must be more than zero, got {amount}")
    return amount


def _require_days(value: object, what: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_WORKING_DAYS:
        raise InvalidValue(
            f"{what} is a whole number of working days, 1 to {MAX_WORKING_DAYS}, got {value!r}"
        )


@dataclass(frozen=True)
class PolicyTerms:
    """The terms of a catalogue policy at one version (政策清单条目): what the claims against it need,
    and the time limits (in working days) the caller turns into due dates.
    """

    title: str
    issuing_department: str  # code of the department that issued it and accepts its claims
    mode: PolicyMode
    cap: Money  # the most one claim may be granted (兑现上限)
    review_days: int  # 审核时限: from acceptance to the review decision
    disbursement_days: int  # 拨付时限: from approval (or confirmation) to full disbursement

    def __post_init__(self) -> None:
        _set_text(self, "title", "policy title")
        _set_text(self, "issuing_department", "issuing department")
        _require(self.mode, PolicyMode, "policy mode")
        require_positive(self.cap, "policy cap")
        _require_days(self.review_days, "review time limit")
        _require_days(self.disbursement_days, "disbursement time limit")


@dataclass(frozen=True)
class ClaimBasis:
    """The policy a claim is made against, as it stood at one version of the Policy aggregate: the
    claim keeps the terms it needs so it never loads the policy to check its own invariants.
    """

    policy_id: UUID
    policy_version: int
    title: str
    issuing_department: str
    mode: PolicyMode
    cap: Money

    def __post_init__(self) -> None:
        _require(self.policy_id, UUID, "policy id")
        if (
            not isinstance(self.policy_version, int)
            or isinstance(self.policy_version, bool)
            or self.policy_version < 1
        ):
            raise InvalidValue(f"a policy version is a number from 1, got {self.policy_version!r}")
        _set_text(self, "title", "policy title")
        _set_text(self, "issuing_department", "issuing department")
        _require(self.mode, PolicyMode, "policy mode")
        require_positive(self.cap, "policy cap")


@dataclass(frozen=True)
class MissingMaterials:
    """容缺受理: the materials a claim was accepted without, and the day the enterprise promised to
    supply them by.
    """

    items: tuple[str, ...]
    promised_by: date

    def __post_init__(self) -> None:
        items = self.items
        if isinstance(items, (str, bytes)) or not isinstance(items, (tuple, list)):
            raise InvalidValue(f"missing materials: expected a sequence, got {items!r}")
        items = tuple(require_text(item, "missing material") for item in items)
        if not items:
            raise InvalidValue("容缺受理 names at least one missing material")
        if len(set(items)) != len(items):
            raise InvalidValue("a missing material is listed twice")
        object.__setattr__(self, "items", items)
        if not isinstance(self.promised_by, date) or isinstance(self.promised_by, datetime):
            raise InvalidValue(f"the promised date is a calendar date, got {self.promised_by!r}")


@dataclass(frozen=True)
class Payment:
    """An amount moved at a moment: a disbursement (拨付) or a part of a recovery (追回)."""

    amount: Money
    occurred_at: datetime

    def __post_init__(self) -> None:
        require_positive(self.amount, "payment amount")
        require_aware(self.occurred_at)
