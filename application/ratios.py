"""What a ratio is, and how a report counts one: a cohort placed in the period by one date, a
denominator counted over the cohort, and a numerator counted only over the denominator's cases.

The numerator is only ever asked of a case the denominator counted, and each definition adds at
most as much above the line as below it, so no ratio can exceed 1 (the property tests check it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from application.case_index import CaseRow

Quantity = int | Decimal  # a count of cases (or findings), or an amount in yuan
Unit = Literal["count", "yuan"]
Measure = Callable[[CaseRow], Quantity]  # what one case adds to a numerator or denominator
Sums = dict[str, Counter[str]]  # whole-number measures by basis, summed over a period for a group


@dataclass(frozen=True)
class Basis:
    """A way of placing a case in a period: by the day its `detail` (an ISO date of the case
    row) names, e.g. the day an appeal was received (受理)."""

    name: str
    chinese: str
    detail: str

    def day(self, row: CaseRow) -> date | None:
        value = row.details.get(self.detail)
        return date.fromisoformat(str(value)) if value else None


@dataclass(frozen=True)
class RatioDefinition:
    """One published ratio: what its cohort is, what it counts, and the bases an office may
    choose between (the first is the default).

    `denominator(row)` is what a case of the cohort adds below the line (0: not counted);
    `numerator(row)` what it adds above, at most as much, asked only of counted cases.
    """

    name: str
    chinese: str
    report: str
    cohort: str
    numerator_text: str
    denominator_text: str
    bases: tuple[Basis, ...]
    denominator: Measure
    numerator: Measure
    unit: Unit = "count"

    @property
    def text(self) -> str:
        """`中文名 = numerator ÷ denominator`, as every answer names its definition."""
        return f"{self.chinese} = {self.numerator_text} ÷ {self.denominator_text}"

    def basis(self, name: str | None = None) -> Basis:
        """The basis called `name`, or the default one."""
        if name is None:
            return self.bases[0]
        for basis in self.bases:
            if basis.name == name:
                return basis
        names = [basis.name for basis in self.bases]
        raise ValueError(f"ratio {self.name!r} is counted by one of the bases {names}, not {name!r}")


@dataclass(frozen=True)
class ChosenRatio:
    """A definition under the basis an office chose, with the reference it compares against."""

    definition: RatioDefinition
    basis: Basis
    reference: Decimal | None = None


@dataclass(frozen=True)
class Ratio:
    """numerator ÷ denominator under a named definition and basis; `value` is None when nothing
    is counted."""

    name: str
    definition: str
    basis: str
    numerator: Quantity
    denominator: Quantity
    unit: Unit = "count"
    reference: Decimal | None = None

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        quotient = Decimal(self.numerator) / Decimal(self.denominator)
        return quotient.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def ratio_key(name: str, basis: str) -> str:
    """The name of a ratio's measures under one basis (`…/n` above the line, `…/d` below)."""
    return f"{name}@{basis}"


def as_quantity(value: int, unit: Unit) -> Quantity:
    """A summed measure as reports give it: a count, or yuan from fen."""
    return (Decimal(value) / 100).quantize(Decimal("0.01")) if unit == "yuan" else value


class RatioCounts:
    """The chosen ratios of one report over one group's sums: each ratio reads its numerator
    and denominator from the measures its basis placed in the period."""

    def __init__(self, chosen: Sequence[ChosenRatio], sums: Sums) -> None:
        self.chosen = chosen
        self.sums = sums

    def _count(self, ratio: ChosenRatio, line: str) -> int:
        key = ratio_key(ratio.definition.name, ratio.basis.name)
        return self.sums.get(ratio.basis.detail, Counter())[f"{key}/{line}"]

    def counted(self) -> bool:
        """Whether any ratio counted a case."""
        return any(self._count(ratio, "d") for ratio in self.chosen)

    def results(self) -> dict[str, Ratio]:
        return {ratio.definition.name: self._result(ratio) for ratio in self.chosen}

    def _result(self, chosen: ChosenRatio) -> Ratio:
        definition = chosen.definition
        return Ratio(
            definition.name, definition.text, chosen.basis.name,
            as_quantity(self._count(chosen, "n"), definition.unit),
            as_quantity(self._count(chosen, "d"), definition.unit),
            definition.unit, chosen.reference,
        )  # fmt: skip


def choose(
    definitions: Sequence[RatioDefinition],
    bases: Mapping[str, str],
    references: Mapping[str, Decimal],
) -> list[ChosenRatio]:
    """The definitions under the bases and references configured by ratio name."""
    return [
        ChosenRatio(d, d.basis(bases.get(d.name)), references.get(d.name)) for d in definitions
    ]
