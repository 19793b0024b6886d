"""The rows of an import file and their cells, read as offices fill them in: full-width digits,
dates written `2023年5月6日` or `2023/5/6 14:30`, blank cells, labels instead of codes.

A cell that cannot be read raises `RowRefused`, naming its column and why in Chinese and English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from enum import Enum
from typing import TypeVar

from domain.clock import CHINA_TZ
from domain.enterprise import CreditCode, Enterprise
from domain.errors import DomainError, InvalidTransition
from domain.money import Money

from application.vocabulary import ENUMERATED

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
Cell = str | int | float | datetime | date | None
SEPARATORS = re.compile(r"[、,;，；\n]+")  # between the entries of a list in one cell
YES, NO = (
    frozenset({"是", "有", "Y", "YES", "TRUE", "1"}),
    frozenset({"否", "无", "N", "NO", "FALSE", "0"}),
)


class RowRefused(Exception):
    """A row that cannot become a case: which column (empty for the row as a whole) and why."""

    def __init__(self, column: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(f"{column}: {reason_en}")
        self.column = column
        self.reason_zh = reason_zh
        self.reason_en = reason_en

    @classmethod
    def by_rule(cls, column: str, error: DomainError) -> RowRefused:
        """The row refused because a rule of the case refused the act in `column`."""
        if isinstance(error, InvalidTransition):
            return cls(column, f"案件当前状态不允许此操作：{error}", str(error))
        return cls(column, f"取值不符合规则：{error}", str(error))


@dataclass(frozen=True)
class SourceRow:
    """One row of a file: its number as a spreadsheet shows it (the heading row is 1) and its
    cells by our column headings (see `ImportMapping.renamed`)."""

    number: int
    cells: Mapping[str, Cell]

    def text(self, column: str) -> str | None:
        """The cell as text, full-width characters made half-width, trimmed; None if blank."""
        value = self.cells.get(column)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return _normal(str(value)) or None

    def required(self, column: str) -> str:
        """The cell as text; `RowRefused` if blank."""
        return present(self.text(column), column)

    def moment(self, column: str) -> datetime | None:
        """The cell as a moment in Beijing time (a day alone: its midnight); None if blank."""
        value = self.cells.get(column)
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)
        if isinstance(value, date):
            return datetime.combine(value, time(), CHINA_TZ)
        text = self.text(column)
        return None if text is None else parse_moment(column, text)

    def day(self, column: str) -> date | None:
        """The cell as a calendar day; None if blank."""
        moment = self.moment(column)
        return None if moment is None else moment.date()

    def coded(self, column: str, enum: type[E]) -> E | None:
        """The cell as a member of `enum`, written as its code or its Chinese label (see
        `application.vocabulary`); None if blank."""
        text = self.text(column)
        if text is None:
            return None
        member = _members(enum).get(text)
        if member is None:
            vocabulary = ENUMERATED[enum]
            known = "、".join(vocabulary.labels.values())
            raise RowRefused(
                column, f"无法识别的取值“{text}”，应为：{known}",
                f"unknown value {text!r}; expected one of: {', '.join(vocabulary.labels)}",
            )  # fmt: skip
        return member

    def coded_among(self, column: str, enum: type[E], *allowed: E) -> E | None:
        """The cell as one of the `allowed` members of `enum` (code or label); None if blank."""
        member = self.coded(column, enum)
        if member is not None and member not in allowed:
            labels = ENUMERATED[enum].labels
            raise RowRefused(
                column, f"此列不能取“{labels[member.value]}”，应为：{'、'.join(labels[m.value] for m in allowed)}",
                f"{member.value!r} is not taken here; expected one of: {', '.join(m.value for m in allowed)}",
            )  # fmt: skip
        return member

    def entries(self, column: str) -> tuple[str, ...]:
        """The cell as a list written `a、b、c` (or with commas or semicolons); () if blank."""
        text = self.text(column) or ""
        return tuple(entry.strip() for entry in SEPARATORS.split(text) if entry.strip())

    def money(self, column: str) -> Money | None:
        """The cell as an amount of yuan, written `12,000.50`, `12000元` or `１２０００`; None if
        blank."""
        text = self.text(column)
        if text is None:
            return None
        digits = text.replace(",", "").removesuffix("元").strip()
        try:
            return Money(Decimal(digits))
        except (InvalidOperation, DomainError):
            raise RowRefused(
                column, f"无法识别的金额“{text}”，应为不超过两位小数的元数，如 12000.50",
                f"unreadable amount {text!r}; write yuan with at most two decimals, e.g. 12000.50",
            ) from None  # fmt: skip

    def flag(self, column: str) -> bool | None:
        """The cell as yes (是) or no (否); None if blank."""
        text = self.text(column)
        if text is None or text.upper() in YES | NO:
            return None if text is None else text.upper() in YES
        raise RowRefused(
            column, f"应填“是”或“否”，而非“{text}”", f"expected 是 or 否, not {text!r}"
        )

    def credit_code(self, column: str) -> CreditCode | None:
        """The cell as a credit code checked against GB 32100-2015; None if blank."""
        code = (self.text(column) or "").upper()
        if not code:
            return None
        try:
            return CreditCode(code)
        except DomainError:
            raise RowRefused(
                column, f"统一社会信用代码“{code}”不符合 GB 32100-2015（长度、字符或校验码有误）",
                f"credit code {code!r} fails GB 32100-2015 (length, characters or check character)",
            ) from None  # fmt: skip

    def enterprise(self) -> Enterprise:
        """The enterprise of the columns 企业名称 and 统一社会信用代码, both required."""
        code = present(self.credit_code("统一社会信用代码"), "统一社会信用代码")
        return Enterprise(code, self.required("企业名称"))


def present(value: T | None, column: str) -> T:
    """`value`, if the cell of `column` gave one; `RowRefused` if it was blank."""
    if value is None:
        raise RowRefused(column, "必填项为空", "required cell is blank")
    return value


MOMENT = re.compile(
    r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})\s*秒?)?\s*分?)?"
)


def parse_moment(column: str, text: str) -> datetime:
    """A date or date-time written as offices write them, in Beijing time:
    `2023-05-06`, `2023/5/6 14:30`, `2023.5.6`, `2023年5月6日`, `2023年5月6日14时30分`."""
    match = MOMENT.fullmatch(text.strip())
    if match is None:
        raise RowRefused(
            column, f"无法识别的日期“{text}”，应如 2023-05-06 或 2023年5月6日",
            f"unreadable date {text!r}; write it as 2023-05-06 or 2023年5月6日",
        )  # fmt: skip
    year, month, day, hour, minute, second = (int(part) if part else 0 for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TZ)
    except ValueError:
        raise RowRefused(column, f"日期“{text}”不存在", f"date {text!r} does not exist") from None


@cache
def _members(enum: type[E]) -> dict[str, E]:
    """The members of `enum` by code and by Chinese label, as a cell holds them."""
    labels = ENUMERATED[enum].labels
    return {member.value: member for member in enum} | {
        _normal(labels[member.value]): member for member in enum
    }


def _normal(text: str) -> str:
    """Full-width characters made half-width (ＡＢ１２：→ AB12:), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()
