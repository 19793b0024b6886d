"""Bulk import (批量导入): rows of a file become cases through their aggregates, each with the
events a live case would have had, at the row's own times, and saved in batches.

- Every imported event names the import and its row (`Provenance`, on the event's actor: the
  person who ran the import); the import itself is recorded (`ImportRun`).
- A case is imported whole or not at all: a row whose cell or act is refused records nothing
  and is reported (`RowProblem`); the other rows go in, unless `all_or_nothing`.
- A case's id derives from its kind, jurisdiction and id in the source (`来源编号`), so a row
  imported before, or twice in one file, is skipped: importing a file again adds nothing.
- The cases of a batch, and the case-number sequences that numbered them, are saved in one
  transaction; the views catch up once, at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.persistence import IntegrityError

from domain.actor import Provenance
from domain.case import Case
from domain.case_numbers import CaseNumberSequence
from domain.clock import local_date
from domain.errors import DomainError
from domain.import_run import ImportRun, RowProblem
from domain.jurisdiction import JurisdictionCode

from application.case_service import CaseService
from application.case_store import CaseStore
from application.errors import NotFound
from application.import_plan import ImportKind, RowPlan
from application.import_rows import RowRefused, SourceRow
from application.permissions import require_role
from application.principal import Principal

BATCH_SIZE = 500  # cases saved per transaction
SAVE_ATTEMPTS = 5  # a batch that lost a race (a live intake took a number) is built again
Progress = Callable[[int, int], None]  # (rows done, rows in the file)


@dataclass(frozen=True)
class ImportFile:
    """A file to import: its name, the SM3 digest of its bytes, and its rows under our
    headings (see `ImportMapping.renamed`)."""

    name: str
    digest: str
    rows: Sequence[SourceRow]


@dataclass
class ImportReport:
    """What an import did (or, dry, would do) with each row of a file."""

    import_id: UUID | None  # None for a dry run, which records nothing
    kind: str
    file_name: str
    digest: str
    dry_run: bool
    rows: int
    imported: int = 0
    events: int = 0
    skipped: int = 0
    failed: list[RowProblem] = field(default_factory=list)


def imported_case_id(kind: str, jurisdiction: JurisdictionCode, source_id: str) -> UUID:
    """The id of the case a row with `source_id` becomes, the same in every import."""
    return uuid5(NAMESPACE_URL, f"yingshang:import/{kind}/{jurisdiction}/{source_id}")


class ImportService:
    """Imports files of the kinds it is given, each with the service of its cases."""

    def __init__(
        self,
        store: CaseStore,
        kinds: Mapping[str, tuple[ImportKind, CaseService[Any]]],
        catch_up: Callable[[], object],
        clock: Callable[[], datetime],
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.store = store
        self.kinds = kinds
        self.catch_up = catch_up
        self.clock = clock
        self.batch_size = batch_size

    def kind(self, name: str) -> ImportKind:
        """The kind of case called `name` (`appeals`); `NotFound` for one not imported."""
        if name not in self.kinds:
            raise NotFound(f"no import of {name!r}; one of: {', '.join(self.kinds)}")
        return self.kinds[name][0]

    def run(  # noqa: PLR0913 - how to run it
        self,
        kind: str,
        file: ImportFile,
        principal: Principal,
        *,
        dry_run: bool = False,
        all_or_nothing: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import the file's rows as cases of `kind` in the principal's jurisdiction, or with
        `dry_run` check every row and record nothing. With `all_or_nothing`, one refused row
        keeps every row out (the run is recorded with the refusals)."""
        require_role(principal, "import", "submit")
        self.kind(kind)
        if all_or_nothing and not dry_run:
            trial = self.run(kind, file, principal, dry_run=True)
            if trial.failed:
                refused = replace(trial, dry_run=False, imported=0, events=0, skipped=0)
                return self._finished(self._started(kind, file, principal), refused)
        run = None if dry_run else self._started(kind, file, principal)
        report = ImportReport(
            run.id if run else None, kind, file.name, file.digest, dry_run, len(file.rows)
        )
        with self._remembering(kind):
            for batch in _batches(self._plans(kind, file, principal, report), self.batch_size):
                self._import(kind, batch, principal, run.id if run else uuid4(), file.digest, report)
                if progress:
                    progress(batch[-1].row - 1, len(file.rows))
        if run is None:
            return report
        self.catch_up()
        return self._finished(run, report)

    def get(self, import_id: UUID, principal: Principal) -> ImportRun:
        """The record of an import into the principal's jurisdiction."""
        require_role(principal, "import", "read")
        run = self.store.find(import_id, ImportRun)
        if run is None or run.jurisdiction != principal.jurisdiction:
            raise NotFound(f"no import {import_id}")
        return run

    # --- the run ---------------------------------------------------------------------------

    def _remembering(self, kind: str) -> AbstractContextManager[None]:
        """Units read once in the run, where the kind's cases are handed to registered units."""
        units = self.kinds[kind][1].units
        return units.remembering() if units is not None else nullcontext()

    def _started(self, kind: str, file: ImportFile, principal: Principal) -> ImportRun:
        run = ImportRun(kind, file.name, file.digest, principal.jurisdiction, principal.actor, self.clock())
        self.store.save(run)
        return run

    def _finished(self, run: ImportRun, report: ImportReport) -> ImportReport:
        """Record the run's end as `report` says; the report, naming the run."""
        run.finish(report.rows, report.imported, report.events, report.skipped,
                   tuple(report.failed), run.actor, self.clock())  # fmt: skip
        self.store.save(run)
        return replace(report, import_id=run.id)

    def _plans(
        self, kind: str, file: ImportFile, principal: Principal, report: ImportReport
    ) -> Iterator[RowPlan]:
        """The plan of each row that can be read; refused rows and rows repeating an earlier
        row's source id are reported instead."""
        (import_kind, service), seen = self.kinds[kind], set[str]()
        named = import_kind.named(service, principal.jurisdiction)
        for row in file.rows:
            try:
                plan = import_kind.plan(row, principal.jurisdiction, named)
            except (RowRefused, DomainError) as error:
                report.failed.append(_problem(row.number, error))
                continue
            if plan.source_id in seen:
                report.skipped += 1
                continue
            seen.add(plan.source_id)
            yield plan

    def _import(  # noqa: PLR0913
        self,
        kind: str,
        batch: list[RowPlan],
        principal: Principal,
        import_id: UUID,
        digest: str,
        report: ImportReport,
    ) -> None:
        """Build the batch's new cases (those not stored yet, asked in one query) and save
        them with their numbers in one transaction (unless dry); built again should another
        writer have saved first."""
        import_kind, service = self.kinds[kind]
        for _ in range(SAVE_ATTEMPTS):
            fresh, skipped = self._fresh(kind, batch, principal.jurisdiction)
            cases, sequences, failed = self._built(import_kind, service, fresh, principal, import_id, digest)
            if report.dry_run:
                break
            try:
                self.store.save(*sequences, *cases)
            except IntegrityError:  # a case of the batch was saved meanwhile, or a number taken
                continue
            break
        else:
            failed = [RowProblem(plan.row, "", "与其他写入冲突，请重新导入", "lost a race with other writers; import again")
                      for plan in batch]  # fmt: skip
            cases, skipped = [], 0
        report.imported += len(cases)
        report.events += sum(case.version for case in cases)
        report.skipped += skipped
        report.failed.extend(failed)

    def _fresh(
        self, kind: str, batch: list[RowPlan], jurisdiction: JurisdictionCode
    ) -> tuple[list[tuple[UUID, RowPlan]], int]:
        """The plans whose case is not stored yet, with their case ids, and how many are."""
        ids = [(imported_case_id(kind, jurisdiction, plan.source_id), plan) for plan in batch]
        stored = self.store.stored([case_id for case_id, _ in ids])
        fresh = [(case_id, plan) for case_id, plan in ids if case_id not in stored]
        return fresh, len(batch) - len(fresh)

    def _built(  # noqa: PLR0913
        self,
        kind: ImportKind,
        service: CaseService[Any],
        plans: list[tuple[UUID, RowPlan]],
        principal: Principal,
        import_id: UUID,
        digest: str,
    ) -> tuple[list[Case], list[CaseNumberSequence], list[RowProblem]]:
        """The cases of the plans the rules accept, numbered by fresh sequences, and the
        refusals; a refused case's number is not issued (the batch is built again without it)."""
        failed: list[RowProblem] = []
        while True:
            sequences: dict[tuple[JurisdictionCode, int], CaseNumberSequence] = {}
            cases: list[Case] = []
            refused = len(failed)
            for case_id, plan in plans:
                actor = principal.actor.importing(Provenance(str(import_id), digest, plan.row))
                try:
                    cases.append(_case(kind, service, case_id, plan, actor, sequences))
                except RowRefused as error:
                    failed.append(_problem(plan.row, error))
            if len(failed) == refused:
                return cases, list(sequences.values()), failed
            rows = {problem.row for problem in failed}
            plans = [(case_id, plan) for case_id, plan in plans if plan.row not in rows]


def _case(  # noqa: PLR0913
    kind: ImportKind,
    service: CaseService[Any],
    case_id: UUID,
    plan: RowPlan,
    actor: Any,
    sequences: dict[tuple[JurisdictionCode, int], CaseNumberSequence],
) -> Case:
    """The case a plan describes, its acts checked by the service and the aggregate."""
    column = plan.intake_column
    try:
        at = service.occurred_at(plan.intake.occurred_at)
        key = (plan.intake.jurisdiction, local_date(at).year)
        if key not in sequences:
            sequences[key] = service.sequence(*key)
        case = service.opened(plan.intake, actor, kind.create, at, sequences[key], case_id)
        for column, step in plan.steps:
            service.record(case, step, actor)
    except DomainError as error:
        raise RowRefused.by_rule(column, error) from None
    return case


def _problem(row: int, error: RowRefused | DomainError) -> RowProblem:
    if not isinstance(error, RowRefused):
        error = RowRefused.by_rule("", error)
    return RowProblem(row, error.column, error.reason_zh, error.reason_en)


def _batches(plans: Iterator[RowPlan], size: int) -> Iterator[list[RowPlan]]:
    batch: list[RowPlan] = []
    for plan in plans:
        batch.append(plan)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
