"""The supervision list (督办清单) for the offices, the departments and the auditors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from domain.bounds import require_moment
from domain.errors import InvalidValue

from application.consistency import ReadConsistency
from application.errors import Forbidden
from application.permissions import ORGANISATION_SCOPED, readable_jurisdiction
from application.principal import Principal
from application.supervision_list import (
    STATUSES,
    Key,
    ListedEntry,
    SupervisionQuery,
    in_order,
    page_after,
    parse_cursor,
    pattern_entries,
)
from application.supervision_rules import RULES, CaseSupervision, SupervisionRules
from application.views import View, ViewUpdater
from application.working_calendars import WorkingCalendars


class SupervisionView(View[CaseSupervision], Protocol):
    """Storage of the supervision list; one implementation per database."""

    def entries(
        self, jurisdiction: str, query: SupervisionQuery, after: Key | None, limit: int | None
    ) -> list[ListedEntry]:
        """The kept entries of the jurisdiction matching `query`, oldest first: at most `limit`
        after the place `after` (the rules that compare visits are not kept)."""

    def counts(
        self, jurisdiction: str, query: SupervisionQuery
    ) -> Counter[tuple[str, tuple[str, ...]]]:
        """The kept entries of the jurisdiction matching `query`, counted by rule and
        departments (the rules that compare visits are not kept)."""

    def visits(self, jurisdiction: str) -> list[CaseSupervision]:
        """What the view keeps about every inspection of the jurisdiction."""


@dataclass(frozen=True)
class EntryCounts:
    """The entries of a jurisdiction at a moment, counted by rule and departments."""

    counts: Counter[tuple[str, tuple[str, ...]]]
    log_position: int


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
        calendars: WorkingCalendars | None = None,
    ) -> None:
        self.updater = updater
        self.rules = rules
        self.clock = clock
        self.consistency = consistency or ReadConsistency()
        self.calendars = calendars  # to flag due dates reckoned with a calendar changed since

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
        query = self._query(principal, as_of, criteria)
        after = parse_cursor(cursor) if cursor is not None else None
        position = self.consistency.position(self.updater, min_position)
        view: SupervisionView = self.updater.view  # type: ignore[assignment]
        kept = view.entries(jurisdiction, query, after, None if limit is None else limit + 1)
        judged = pattern_entries(view.visits(jurisdiction), query, self.rules)
        entries, next_cursor = page_after(in_order(kept + judged), cursor, limit)
        return SupervisionListing(
            jurisdiction, query.as_of, self._flagged(entries), position, next_cursor
        )

    def _flagged(self, entries: list[ListedEntry]) -> list[ListedEntry]:
        """The entries, those whose due date was reckoned with a calendar revised since (or
        entered since, over the built-in one) saying so in `calendar_changed`."""
        if self.calendars is None or not any(entry.calendar for entry in entries):
            return entries
        calendar = self.calendars.in_force()
        return [
            replace(entry, calendar_changed=calendar.changed_since(entry.calendar))
            if entry.calendar
            else entry
            for entry in entries
        ]

    def counted(
        self,
        principal: Principal,
        jurisdiction: str | None = None,
        as_of: datetime | None = None,
        min_position: int | None = None,
        **criteria: Any,
    ) -> EntryCounts:
        """The entries `entries` would list (all of them), counted by rule and departments."""
        jurisdiction = readable_jurisdiction(principal, "supervision", jurisdiction)
        query = self._query(principal, as_of, criteria)
        position = self.consistency.position(self.updater, min_position)
        view: SupervisionView = self.updater.view  # type: ignore[assignment]
        counts = view.counts(jurisdiction, query)
        judged = pattern_entries(view.visits(jurisdiction), query, self.rules)
        counts.update((entry.rule, entry.departments) for entry in judged)
        return EntryCounts(counts, position)

    def _query(
        self, principal: Principal, as_of: datetime | None, criteria: dict[str, Any]
    ) -> SupervisionQuery:
        """The query asked for, checked; a department's narrowed to its own entries."""
        query = SupervisionQuery(as_of=self._moment(as_of), **criteria)
        if query.rule not in (None, *RULES):
            raise InvalidValue(f"rule is one of {sorted(RULES)}, got {query.rule!r}")
        if query.status not in (None, *STATUSES):
            raise InvalidValue(f"status is one of {list(STATUSES)}, got {query.status!r}")
        if principal.actor.role in ORGANISATION_SCOPED:
            if query.department not in (None, principal.actor.org):
                raise Forbidden(f"a department sees its own entries, not {query.department!r}")
            query = replace(query, department=principal.actor.org)
        return query

    def _moment(self, as_of: datetime | None) -> datetime:
        now = self.clock()
        if as_of is None:
            return now
        require_moment(as_of, "as_of")
        if as_of > now:
            raise InvalidValue(f"as_of {as_of.isoformat()} lies in the future")
        return as_of
