"""A realistic 12345 hotline export (工单导出) of enterprise work orders, dirty as such exports
are: blank cells, full-width digits, dates written `2023年5月6日`, duplicated rows, wrong credit
codes. With the history each clean order describes, to enter the same through the services.

    .venv/bin/python bench/hotline_export.py 50000 12345工单.xlsx

Its headings are the hotline's; `docs/12345-mapping.example.toml` maps them onto ours.
"""

from __future__ import annotations

import io
import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from domain.clock import CHINA_TZ
from domain.enterprise import ALPHABET, check_character

HEADINGS = (
    "工单编号", "来电时间", "企业名称", "统一社会信用代码", "诉求类型", "紧急程度", "诉求内容",
    "联系人", "联系电话", "受理时间", "派单时间", "承办单位", "办理时限", "办结时间",
    "办理结果", "答复内容", "回访时间", "满意度", "回访意见", "归档时间",
)  # fmt: skip
# the hotline's names → ours (as the mapping file says)
CATEGORIES = {"营商环境-审批服务": "approval_services", "营商环境-融资": "financing",
              "营商环境-用电": "factor_power", "营商环境-执法检查": "enforcement_inspection",
              "营商环境-政策兑现": "policy_redemption"}  # fmt: skip
UNITS = {"县市场监督管理局": "scjgj", "县自然资源局": "zrzyj", "县供电公司": "gdgs",
         "县行政审批局": "xzspj"}  # fmt: skip
OUTCOMES = {"已解决": "solved", "已解释": "explained", "转其他渠道": "referred"}
SATISFACTION = {"非常满意": "satisfied", "基本满意": "basically_satisfied", "不满意": "unsatisfied"}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class Order:
    """One clean work order: the acts a case made of it records, in our codes."""

    number: str
    submitted: datetime
    enterprise: str
    credit_code: str
    category: str
    summary: str
    received: datetime
    assigned: datetime | None = None
    unit: str | None = None
    deadline: date | None = None
    resolved: datetime | None = None
    outcome: str | None = None
    followed_up: datetime | None = None
    satisfaction: str | None = None
    closed: datetime | None = None


def credit_code(rng: random.Random) -> str:
    first17 = "91360121" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return first17 + check_character(first17)


def order(rng: random.Random, index: int) -> Order:
    """A clean order of 2025 at some stage of its handling."""
    submitted = datetime(2025, 1, 2, 8, tzinfo=CHINA_TZ) + timedelta(minutes=rng.randrange(340 * 24 * 60))
    received = submitted + timedelta(hours=rng.randrange(1, 30))
    stage = rng.random()
    base = dict(number=f"GD2025{index:08d}", submitted=submitted, enterprise=f"南昌某{index}科技有限公司",
                credit_code=credit_code(rng), category=rng.choice(list(CATEGORIES.values())),
                summary=f"诉求{index}：办理进度咨询", received=received)  # fmt: skip
    if stage < 0.1:
        return Order(**base)
    assigned = received + timedelta(hours=rng.randrange(1, 48))
    handling = dict(assigned=assigned, unit=rng.choice(list(UNITS.values())),
                    deadline=(assigned + timedelta(days=rng.randrange(5, 20))).date())  # fmt: skip
    if stage < 0.25:
        return Order(**base, **handling)
    resolved = assigned + timedelta(days=rng.randrange(1, 25), hours=rng.randrange(8))
    outcome = dict(resolved=resolved, outcome=rng.choice(list(OUTCOMES.values())))
    if stage < 0.4:
        return Order(**base, **handling, **outcome)
    followed_up = resolved + timedelta(days=rng.randrange(1, 5))
    satisfaction = rng.choice(["satisfied"] * 6 + ["basically_satisfied"] * 3 + ["unsatisfied"])
    closed = None if satisfaction == "unsatisfied" else followed_up + timedelta(days=1)
    return Order(**base, **handling, **outcome, followed_up=followed_up, satisfaction=satisfaction, closed=closed)


def hotline_rows(orders: list[Order], rng: random.Random) -> tuple[list[list[object]], set[str]]:
    """The export's rows: each order as the hotline writes it, some dirtied, some refused
    (a wrong credit code, a blank enterprise), some repeated; with the numbers refused."""
    def name_of(codes: dict[str, str], code: str | None) -> str | None:
        return next((name for name, ours in codes.items() if ours == code), None)

    rows, refused = [], set()
    for item in orders:
        row: list[object] = [
            item.number, item.submitted, item.enterprise, item.credit_code,
            name_of(CATEGORIES, item.category), "一般", item.summary, "刘先生", "13800000000",
            item.received, item.assigned, name_of(UNITS, item.unit), item.deadline, item.resolved,
            name_of(OUTCOMES, item.outcome), "已答复" if item.resolved else None, item.followed_up,
            name_of(SATISFACTION, item.satisfaction), "", item.closed,
        ]  # fmt: skip
        dirt = rng.random()
        if dirt < 0.05:  # a wrong check character
            code = item.credit_code
            row[3] = code[:17] + ALPHABET[(ALPHABET.index(code[17]) + 1) % len(ALPHABET)]
            refused.add(item.number)
        elif dirt < 0.07:  # a required cell left blank
            row[2] = None
            refused.add(item.number)
        elif dirt < 0.2:  # dates written out, digits full width
            row[1] = f"{item.submitted:%Y年%-m月%-d日%H时%M分}".translate(FULL_WIDTH)
            row[3] = item.credit_code.translate(FULL_WIDTH)
            row[8] = "13800000000".translate(FULL_WIDTH)
        elif dirt < 0.3:  # no contact given
            row[7] = row[8] = None
        rows.append(row)
        if rng.random() < 0.02:  # exported twice
            rows.append(list(row))
    return rows, refused


def hotline_export(size: int, seed: int = 12345) -> tuple[bytes, list[Order]]:
    """An XLSX export of `size` orders (plus duplicates) and the clean orders it holds."""
    rng = random.Random(seed)
    orders = [order(rng, index) for index in range(1, size + 1)]
    rows, refused = hotline_rows(orders, rng)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("工单")
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append([_naive(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), [item for item in orders if item.number not in refused]


def _naive(cell: object) -> object:
    """Times as Excel holds them: Beijing wall-clock time without an offset."""
    return cell.replace(tzinfo=None) if isinstance(cell, datetime) else cell


if __name__ == "__main__":
    data, _ = hotline_export(int(sys.argv[1]))
    Path(sys.argv[2]).write_bytes(data)
