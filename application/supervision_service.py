"""The supervision list (督办清单) for the offices, the departments and the auditors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from domain.errors import InvalidValue

from application.consistency import ReadConsistency
from application.errors import Forbidden
from application.permissions import ORGANISATION_SCOPED, readable_jurisdiction
from application.principal import Principal
from application.supervision_list import (
    STATUSES,
    ListedEntry,
    SupervisionQuery,
    page_after,
    supervision_list,
)
from application.supervision_rules import RULES, CaseSupervision, SupervisionRules
from application.views import View, ViewUpdater


class SupervisionView(View[CaseSupervision], Protocol):
    """Storage of the supervision list; one implementation per database."""

    def cases(self, jurisdiction: str) -> list[CaseSupervision]:
        """What the view keeps about every case of the jurisdiction."""


@dataclass(frozen=True)
class SupervisionListing:
    jurisdiction: str
    as_of: datetime
    entries: list[ListedEntry]
    log_position: int
    next_cursor: str | None = None  # where the next page starts; None on the last


class SupervisionService:
    """Lists what is overdue or against the rules, now or at any past moment."""

    def __init__(
        self,
        updater: ViewUpdater[CaseSupervision],
        rules: SupervisionRules,
        clock: Callable[[], datetime],
        consistency: ReadConsistency | None = None,
    ) -> None:
        self.updater = updater
        self.rules = rules
        self.clock = clock
        self.consistency = consistency or ReadConsistency()

    def entries(
        self,
        principal: Principal,
        jurisdiction: str | None = None,
        as_of: datetime | None = None,
        limit: int | None = None,
        cursor: str | None = None,
        min_position: int | None = None,
        **criteria: str | None,
    ) -> SupervisionListing:
        """The entries of the jurisdiction at `as_of` (now if not given), narrowed by `rule`,
        `department`, `status` (open or cleared) and `kind`, oldest first: at most `limit` after
        `cursor` (a page's `next_cursor`), or all. A department sees its own entries. Read once
        the list reflects `min_position` (see `ReadConsistency`).
        """
        jurisdiction = readable_jurisdiction(principal, "supervision", jurisdiction)
        query = SupervisionQuery(as_of=self._moment(as_of), **criteria)  # type: ignore[arg-type]
        if query.rule not in (None, *RULES):
            raise InvalidValue(f"rule is one of {sorted(RULES)}, got {query.rule!r}")
        if query.status not in (None, *STATUSES):
            raise InvalidValue(f"status is one of {list(STATUSES)}, got {query.status!r}")
        if principal.actor.role in ORGANISATION_SCOPED:
            if query.department not in (None, principal.actor.org):
                raise Forbidden(f"a department sees its own entries, not {query.department!r}")
            query = replace(query, department=principal.actor.org)
        position = self.consistency.position(self.updater, min_position)
        cases = self.updater.view.cases(jurisdiction)  # type: ignore[attr-defined]
        entries, next_cursor = page_after(supervision_list(cases, query, self.rules), cursor, limit)
        return SupervisionListing(jurisdiction, query.as_of, entries, position, next_cursor)

    def _moment(self, as_of: datetime | None) -> datetime:
        now = self.clock()
        if as_of is None:
            return now
        if as_of.utcoffset() is None:
            raise InvalidValue("as_of needs a UTC offset, e.g. 2026-03-31T18:00:00+08:00")
        if as_of > now:
            raise InvalidValue(f"as_of {as_of.isoformat()} lies in the future")
        return as_of
