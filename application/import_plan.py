"""What an import needs to know of a kind of case: its columns, and how a row becomes the
intake and steps of one case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domain.case import Case
from domain.jurisdiction import JurisdictionCode

from application.case_commands import Intake, Step
from application.import_rows import SourceRow


@dataclass(frozen=True)
class Column:
    """A column of an import file: its heading, whether every row fills it, what it holds."""

    heading: str
    required: bool
    description: str


@dataclass(frozen=True)
class RowPlan:
    """The case a row describes: its id in the source, its intake (with the column of the
    intake's time) and its steps in order, each with the column of its time."""

    row: int
    source_id: str
    intake: Intake
    intake_column: str
    steps: tuple[tuple[str, Step], ...]


def nothing_named(service: Any, jurisdiction: JurisdictionCode) -> None:
    """Rows that name no other record (their cases stand alone)."""


@dataclass(frozen=True)
class ImportKind:
    """A kind of case an import reads: its name (`appeals`), its Chinese name, how its
    aggregate is created (e.g. `Appeal.submit`), its columns, and how a row becomes a
    `RowPlan` (raising `RowRefused`), given the jurisdiction and what `named` found once per
    run, from the kind's service, of the records rows may name (e.g. the policy catalogue)."""

    name: str
    title: str
    create: Callable[..., Case]
    columns: tuple[Column, ...]
    plan: Callable[[SourceRow, JurisdictionCode, Any], RowPlan]
    named: Callable[[Any, JurisdictionCode], Any] = nothing_named
