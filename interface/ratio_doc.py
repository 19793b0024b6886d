"""The ratio definitions (统计口径) as Markdown, for `yingshang definitions`, `docs/ratios.md` and
the README's report section."""

from __future__ import annotations

from collections.abc import Sequence

from application.ratios import ChosenRatio

HEADER = """# 统计口径: what every ratio counts

Generated from `application/ratio_definitions.py` by `yingshang definitions`; do not edit by hand.
Every report counts its ratios from these definitions, and `GET /api/v1/reports/definitions`
answers the same, with the basis and reference this service is configured with.

A ratio's **cohort** is the set of cases its denominator counts: the cases whose **basis** date lies
in the period and that the denominator counts at all. The numerator counts only cases of the
denominator, so no ratio exceeds 1. The first basis listed is the default; an office chooses
another per ratio with `YINGSHANG_RATIO_BASES` (JSON, ratio name → basis), and its reference
values with `YINGSHANG_RATIO_REFERENCES` (JSON, ratio name → value from 0 to 1, added to the
defaults; `null` drops one). Money ratios count exact yuan. Every answer names the ratio, its
definition and the basis it used, with its numerator and denominator.
"""

REPORTS = {
    "closure-rates": "办结率 closure rates (`/reports/closure-rates`, also in the ranking)",
    "mediation-ratios": "诉调对接 mediation ratios (`/reports/mediation-ratios`)",
    "policy-claims": "惠企政策兑现 policy-claim figures (`/reports/policy-claims`)",
    "inspections": "涉企检查 inspection figures (`/reports/inspections`)",
}


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def ratios_table(chosen: Sequence[ChosenRatio]) -> str:
    """One row per ratio: its code and name, the fraction, the bases and the reference."""
    head = ["ratio", "名称", "numerator ÷ denominator", "bases (default first)", "reference"]
    rows = [
        [
            f"`{ratio.definition.name}`",
            ratio.definition.chinese,
            f"{ratio.definition.numerator_text} ÷ {ratio.definition.denominator_text}",
            ", ".join(f"`{b.name}` {b.chinese}" for b in ratio.definition.bases),
            str(ratio.reference) if ratio.reference is not None else "",
        ]
        for ratio in chosen
    ]
    return "\n".join([_row(head), _row(["---"] * len(head)), *(_row(row) for row in rows)])


def definitions_markdown(chosen: Sequence[ChosenRatio]) -> str:
    """Every report's ratios, each with its cohort, fraction, unit, bases and reference."""
    sections = [HEADER]
    for report, title in REPORTS.items():
        ratios = [ratio for ratio in chosen if ratio.definition.report == report]
        sections.append(f"## {title}\n")
        for ratio in ratios:
            sections.append(_definition(ratio))
    return "\n".join(sections)


def _definition(ratio: ChosenRatio) -> str:
    definition = ratio.definition
    bases = "\n".join(
        f"  - `{b.name}`: {b.chinese} (the case's `{b.detail}`)"
        + (" — default" if b == definition.bases[0] else "")
        for b in definition.bases
    )
    reference = f"{ratio.reference}" if ratio.reference is not None else "none"
    return (
        f"### `{definition.name}` {definition.chinese}\n\n"
        f"- cohort: {definition.cohort}\n"
        f"- {definition.text} ({'amounts in yuan' if definition.unit == 'yuan' else 'counts'})\n"
        f"- bases:\n{bases}\n"
        f"- counted here by: `{ratio.basis.name}`; reference: {reference}\n"
    )
