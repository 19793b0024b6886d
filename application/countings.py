"""Every report's counting of the cases: what the report-counts view keeps for each case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from domain.working_days import WorkingCalendar

from application import claim_figures, closure_rates, inspection_figures, mediation_ratios
from application.case_rows import ROWS
from application.report_counts import Counting, case_counts
from application.views import RowMaker

COUNTINGS: tuple[Counting, ...] = (
    closure_rates.COUNTING,
    mediation_ratios.COUNTING,
    claim_figures.COUNTING,
    inspection_figures.COUNTING,
)


def count_rows(calendar_at: Callable[[datetime], WorkingCalendar]) -> dict[type, RowMaker]:
    """The row makers of the report-counts view: what each case adds to every report, its
    working days reckoned once, as its events are applied, by the calendar as it stood when its
    latest event was recorded (`calendar_at`)."""
    return case_counts(COUNTINGS, calendar_at, ROWS)
