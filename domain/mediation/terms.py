"""The vocabulary of mediation (诉调对接): dispute types, sources, organisations, statuses, and the
value objects a case records (parties, agreements).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from domain.enterprise import CreditCode
from domain.errors import InvalidValue
from domain.money import Money
from domain.personal_data import mask_name
from domain.text import require_text


class DisputeType(Enum):
    CONTRACT = "contract"  # 合同纠纷
    DEBT = "debt"  # 借款、欠款纠纷
    LABOUR = "labour"  # 劳动争议
    INTELLECTUAL_PROPERTY = "intellectual_property"  # 知识产权
    EQUITY = "equity"  # 股权、合伙纠纷
    CONSTRUCTION = "construction"  # 建设工程
    LEASE = "lease"  # 租赁
    OTHER = "other"


class DisputeSource(Enum):
    PRE_FILING_GUIDANCE = "pre_filing_guidance"  # 立案前引导
    GOVERNANCE_CENTRE = "governance_centre"  # 综治中心
    FEDERATION_OF_COMMERCE = "federation_of_commerce"  # 工商联
    REFERRED_APPEAL = "referred_appeal"  # 企业诉求转调解
    OTHER = "other"


class OrganisationKind(Enum):
    PEOPLES_MEDIATION_COMMITTEE = "peoples_mediation_committee"  # 人民调解委员会
    FEDERATION_OF_COMMERCE = "federation_of_commerce"  # 工商联商会调解
    TRADE_UNION = "trade_union"  # 工会
    WOMENS_FEDERATION = "womens_federation"  # 妇联
    NOTARY = "notary"  # 公证
    ARBITRATION = "arbitration"  # 仲裁
    VILLAGE_SAGES = "village_sages"  # 乡贤调解员
    LAWYERS = "lawyers"  # 律师调解
    COURT_MEDIATION = "court_mediation"  # 法院调解团队


class PartyRole(Enum):
    APPLICANT = "applicant"  # 申请人
    RESPONDENT = "respondent"  # 被申请人


class MediationStatus(Enum):
    REGISTERED = "registered"  # 已登记
    MEDIATING = "mediating"  # 诉前调解中
    SUCCEEDED = "succeeded"  # 诉前调解成功
    FAILED = "failed"  # 诉前调解不成
    WITHDRAWN = "withdrawn"  # 撤回调解申请
    FILED = "filed"  # 已立案 (转立案或直接立案)
    IN_SUIT_MEDIATING = "in_suit_mediating"  # 诉中调解中
    MEDIATED = "mediated"  # 调解结案
    IN_SUIT_FAILED = "in_suit_failed"  # 诉中调解不成
    JUDGED = "judged"  # 判决结案
    SUIT_WITHDRAWN = "suit_withdrawn"  # 撤诉
    CONCLUDED_OTHERWISE = "concluded_otherwise"  # 其他方式结案


class Confirmation(Enum):
    """司法确认 of a pre-suit agreement."""

    APPLIED = "applied"
    GRANTED = "granted"
    REFUSED = "refused"


class Performance(Enum):
    """What became of an agreement (协议履行)."""

    PERFORMED = "performed"  # 已履行
    DEFAULTED = "defaulted"  # 未履行
    ENFORCEMENT_APPLIED = "enforcement_applied"  # 已申请强制执行


LITIGATION_CONCLUDED = frozenset(
    {
        MediationStatus.MEDIATED,
        MediationStatus.JUDGED,
        MediationStatus.SUIT_WITHDRAWN,
        MediationStatus.CONCLUDED_OTHERWISE,
    }
)
TERMINAL = frozenset(
    {
        MediationStatus.WITHDRAWN,
        MediationStatus.JUDGED,
        MediationStatus.SUIT_WITHDRAWN,
        MediationStatus.CONCLUDED_OTHERWISE,
    }
)


@dataclass(frozen=True)
class Party:
    """A party to the dispute; an enterprise is named with its credit code."""

    name: str
    role: PartyRole
    credit_code: CreditCode | None = None

    def __post_init__(self) -> None:
        require_text(self.name, "party name")
        if not isinstance(self.role, PartyRole):
            raise InvalidValue(f"unknown party role {self.role!r}")
        if self.credit_code is not None and not isinstance(self.credit_code, CreditCode):
            raise InvalidValue(f"expected a CreditCode, got {self.credit_code!r}")

    def masked(self) -> Party:
        """A person's name masked (张*); an enterprise party, named in public records, kept."""
        if self.credit_code is not None:
            return self
        return Party(mask_name(self.name), self.role)


@dataclass(frozen=True)
class Agreement:
    """调解协议: its terms and the amount agreed, if any."""

    terms: str
    amount: Money | None = None

    def __post_init__(self) -> None:
        require_text(self.terms, "agreement terms")
        if self.amount is not None and not isinstance(self.amount, Money):
            raise InvalidValue(f"an agreed amount is Money, got {self.amount!r}")
