"""Maintaining the working calendar (工作日历): the admin enters or revises a year; everyone reads.

The calendar is national: any admin may enter or revise a year, whatever its jurisdiction, and
every change is an event naming the admin (id, role, office), when it happened and the document
it comes from, replayable by the audit routes like any case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eventsourcing.persistence import IntegrityError

from domain.calendar_year import CalendarYear, YearDays

from application.case_commands import step
from application.case_service import CaseService
from application.errors import NotFound, PreconditionFailed, VersionConflict
from application.permissions import require_role
from application.principal import Principal
from application.working_calendars import WorkingCalendars

ReviseCalendar = step(
    "set", "修订: the year's whole new set of days, the document and the reason.",
    method="revise", days=YearDays, document=str, reason=str,
)  # fmt: skip


@dataclass(frozen=True)
class YearKnown:
    """A year the calendar knows: entered (with its revision label) or built in."""

    year: int
    source: str  # "entered" or "official"
    revision: str | None  # "2027#2" for an entered year


class CalendarService(CaseService[CalendarYear]):
    """Enters, revises and shows the years of the working calendar; `context` is the
    `WorkingCalendars` that deadlines are computed with."""

    case_class = CalendarYear
    prefix = "RL"  # 日历
    context: WorkingCalendars

    def set(  # noqa: PLR0913 - the year's facts
        self,
        days: YearDays,
        document: str,
        principal: Principal,
        reason: str | None = None,
        expected_version: int | None = None,
        occurred_at: datetime | None = None,
    ) -> CalendarYear:
        """Enter the year, or revise it (then `reason` is required); the days and document it
        has already change nothing. Two admins entering one year at once: one wins, the other
        hears `VersionConflict`."""
        require_role(principal, self.kind, "set")
        found = self.store.find(CalendarYear.id_of(days.year), CalendarYear)
        if found is not None and (found.days, found.document) == (days, document):
            if expected_version not in (None, found.version):
                raise PreconditionFailed(
                    f"the calendar of {days.year} is at revision {found.version}, not {expected_version}"
                )
            return found
        if found is not None:
            revise = ReviseCalendar(  # type: ignore[call-arg]
                days=days, document=document, reason=reason or "", occurred_at=occurred_at
            )
            return self.execute_on(found, revise, principal, expected_version)
        if expected_version is not None:
            raise PreconditionFailed(f"the calendar of {days.year} has not been entered yet")
        entered = CalendarYear.enter(days, document, principal.actor, self.occurred_at(occurred_at))
        try:
            self.store.save(entered)
        except IntegrityError:
            raise VersionConflict(f"the calendar of {days.year} was entered by another request") from None
        return entered

    def year(self, year: int, principal: Principal) -> CalendarYear:
        """The entered year, as it stands; `NotFound` for a year no admin entered."""
        require_role(principal, self.kind, "read")
        found = self.store.find(CalendarYear.id_of(year), CalendarYear)
        if found is None:
            raise NotFound(f"no calendar entered for {year} (GET /api/v1/calendars lists the built-in years)")
        return found

    def known(self, principal: Principal) -> list[YearKnown]:
        """Every year the calendar knows, entered or built in, in order."""
        require_role(principal, self.kind, "read")
        entered = self.context.in_force().entered
        built_in = self.context.official_years
        official = [YearKnown(y, "official", None) for y in built_in if y not in entered]
        kept = [YearKnown(y, "entered", revision.label) for y, revision in entered.items()]
        return sorted(official + kept, key=lambda known: known.year)

