"""Department ranking (月调度、季排名、年考评): closure rates, supervision orders and supervision
list entries per department, a composite score and the rank.

The score of a department is

    100 × Σ (weight of rate × rate) ÷ Σ (weight of the rates it has)
        − supervision_order × supervision orders − breach × supervision-list entries

The rates are those of the appeals it received in the period (a rate with nothing to count is
left out, and the others' weights scaled up); the entries are those whose `since` lies in the
period, except the supervision orders themselves (rule `supervision_order`), which the order term
already counts. Equal scores share a rank; a department with no rate to score is listed unranked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from application.closure_rates import UNASSIGNED, ClosureFigures
from application.ratios import Ratio

SCORE = (
    "100 × Σ(weight × rate) ÷ Σ(weights of the rates with a value) − supervision_order × "
    "supervision orders − breach × supervision-list entries (other than supervision_order)"
)
RATES = ("closure_rate", "on_time_rate", "satisfaction_rate")
PENALTIES = ("supervision_order", "breach")
NOT_BREACHES = frozenset({"supervision_order"})  # list entries counted as supervision orders
DEFAULT_WEIGHTS = {
    "closure_rate": Decimal("0.3"),
    "on_time_rate": Decimal("0.4"),
    "satisfaction_rate": Decimal("0.3"),
    "supervision_order": Decimal("2"),
    "breach": Decimal("1"),
}


@dataclass
class DepartmentStanding:
    """One department's figures of the period, its score and rank."""

    department: str
    ratios: dict[str, Ratio] = field(default_factory=dict)
    supervision_orders: int = 0
    breaches: Counter[str] = field(default_factory=Counter)  # supervision-list entries by rule
    score: Decimal | None = None
    rank: int | None = None

    def scored(self, weights: dict[str, Decimal]) -> DepartmentStanding:
        rated = [(weights[name], self.ratios[name].value) for name in RATES if name in self.ratios]
        rated = [(weight, value) for weight, value in rated if value is not None and weight]
        if not rated:
            return self
        rates = 100 * sum(weight * value for weight, value in rated) / sum(w for w, _ in rated)
        penalty = (weights["supervision_order"] * self.supervision_orders
                   + weights["breach"] * sum(self.breaches.values()))  # fmt: skip
        self.score = (rates - penalty).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return self


def require_weights(weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """The weights, checked: every rate and penalty named, none negative."""
    missing = set(DEFAULT_WEIGHTS) - set(weights)
    unknown = set(weights) - set(DEFAULT_WEIGHTS)
    if missing or unknown or any(weight < 0 for weight in weights.values()):
        raise ValueError(
            f"ranking weights name exactly {sorted(DEFAULT_WEIGHTS)} with values ≥ 0; "
            f"missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
    return weights


def department_ranking(
    closure: Iterable[ClosureFigures],
    entries: Mapping[tuple[str, tuple[str, ...]], int],
    weights: dict[str, Decimal],
    not_ranked: Container[str] = frozenset(),
) -> list[DepartmentStanding]:
    """The standings of every department with appeals received or entries in the period, best
    first; `entries` are the period's supervision-list entries counted by rule and departments.
    Codes in `not_ranked` (units that handle no appeals: mediating organisations, courts, the
    coordinating office) are left out."""
    standings: dict[str, DepartmentStanding] = {}
    for figures in closure:
        if figures.group == UNASSIGNED or figures.group in not_ranked:
            continue
        ratios = figures.ratios()
        standings[figures.group] = DepartmentStanding(
            figures.group, {name: ratios[name] for name in RATES}, figures.supervision_orders
        )
    for (rule, departments), count in entries.items():
        if rule not in NOT_BREACHES:
            for department in set(departments) - set(not_ranked):
                standings.setdefault(department, DepartmentStanding(department)).breaches[rule] += count
    ranked = sorted(
        (standing.scored(weights) for standing in standings.values()),
        key=lambda s: (s.score is None, -(s.score or 0), s.department),
    )
    for position, standing in enumerate(ranked, start=1):
        if standing.score is not None:
            tied = [s.rank for s in ranked[: position - 1] if s.score == standing.score]
            standing.rank = tied[0] if tied else position
    return ranked
