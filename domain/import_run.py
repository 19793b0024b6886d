"""A bulk import (批量导入): who read which file into the store, when, and what became of each
row. Its id is what every event it recorded names (`Provenance.import_id`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.clock import require_aware
from domain.jurisdiction import JurisdictionCode
from domain.text import require_text


@dataclass(frozen=True)
class RowProblem:
    """Why one row was not imported: its row and column (heading) in the file, and the reason
    in Chinese and in English. `column` is empty when the row as a whole is refused."""

    row: int
    column: str
    reason_zh: str
    reason_en: str


class ImportRun(Aggregate):
    """One run of an import: started, then finished with its counts and refused rows."""

    kind = "import"

    @event("Started")
    def __init__(  # noqa: PLR0913 - what identifies a run
        self,
        case_kind: str,
        file_name: str,
        digest: str,
        jurisdiction: JurisdictionCode,
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        self.case_kind = case_kind
        self.file_name = require_text(file_name, "file name")
        self.digest = require_text(digest, "digest")
        self.jurisdiction = jurisdiction
        self.actor = actor
        self.started_at = require_aware(occurred_at)
        self.finished_at: datetime | None = None
        self.rows = 0
        self.imported = 0  # rows that became cases now
        self.events = 0  # the events those cases were recorded with
        self.skipped = 0  # rows whose case was imported before (or earlier in the file)
        self.failed: tuple[RowProblem, ...] = ()

    @event("Finished")
    def finish(  # noqa: PLR0913 - the counts of a run
        self,
        rows: int,
        imported: int,
        events: int,
        skipped: int,
        failed: tuple[RowProblem, ...],
        actor: Actor,
        occurred_at: datetime,
    ) -> None:
        """Record what the run did with each row of the file."""
        self.rows = rows
        self.imported = imported
        self.events = events
        self.skipped = skipped
        self.failed = tuple(failed)
        self.finished_at = occurred_at
