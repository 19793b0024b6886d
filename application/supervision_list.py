"""The supervision list (督办清单) as it stood at a moment, from what the view keeps per case.

Everything is judged against `as_of` alone: an entry is listed once its `since` has come, and is
cleared only if the clearing event had happened by then. So a past moment always gets the same
answer, and "now" is just the latest moment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from domain.clock import local_date
from domain.bounds import require_moment, require_serial
from domain.errors import InvalidValue

from application.supervision_rules import CaseSupervision, Entry, SupervisionRules

STATUSES = ("open", "cleared")


@dataclass(frozen=True)
class SupervisionQuery:
    """Which entries to list, as they stood at `as_of`; `since_from` and `since_before` keep
    those listed from the one and before the other."""

    as_of: datetime
    rule: str | None = None
    department: str | None = None
    status: str | None = None  # open, cleared, or None for both
    kind: str | None = None
    since_from: datetime | None = None
    since_before: datetime | None = None


@dataclass(frozen=True)
class ListedEntry:
    """One line of the list; `issuer`, `issuer_org` and `reason` are a supervision order's."""

    case_id: str
    kind: str
    case_number: str
    jurisdiction: str
    credit_codes: tuple[str, ...]
    rule: str
    departments: tuple[str, ...]
    since: datetime
    due: date | None
    issuer: str | None
    issuer_org: str | None
    reason: str | None
    status: str
    cleared_at: datetime | None
    cleared_by: str | None
    calendar: str | None = None  # the working calendar `due` was reckoned with ("2027#1")
    calendar_changed: str | None = None  # how that calendar changed since, if it did
    # its place among its case's entries (0 first), last in the list's order: it tells apart two
    # entries alike in all else (two supervision orders issued in the same second), so a page's
    # cursor never passes over the second. Not a part of what the entry says (not compared, not
    # shown): a later event of the case may move it.
    entry_index: int = field(default=0, compare=False)


Key = tuple[datetime, str, str, str, int]  # an entry's place: since, case number, rule, case id, index


def supervision_list(
    cases: Iterable[CaseSupervision], query: SupervisionQuery, rules: SupervisionRules
) -> list[ListedEntry]:
    """The entries of `cases` at `query.as_of` that match the query, oldest first."""
    cases = list(cases)
    kept = [listed(case, entry, query.as_of, n) for case in cases for n, entry in enumerate(case.entries)]
    return in_order([e for e in kept if matches(e, query)] + pattern_entries(cases, query, rules))


def pattern_entries(
    cases: Iterable[CaseSupervision], query: SupervisionQuery, rules: SupervisionRules
) -> list[ListedEntry]:
    """The entries of the rules that compare visits (judged as the list is asked for) among
    `cases` at `query.as_of`, that match the query."""
    cases = list(cases)
    inspected = by_enterprise(cases)
    found = [
        listed(case, entry, query.as_of, n)
        for case in cases
        for n, entry in enumerate(visit_patterns(inspected, case, query.as_of, rules))
    ]
    return [entry for entry in found if matches(entry, query)]


def in_order(entries: Iterable[ListedEntry]) -> list[ListedEntry]:
    return sorted(entries, key=key_tuple)


def key_tuple(entry: ListedEntry) -> Key:
    return (entry.since, entry.case_number, entry.rule, entry.case_id, entry.entry_index)


def key_of(entry: ListedEntry) -> str:
    """Where an entry stands in the list's order, as the cursor of the page it ends."""
    return (f"{entry.since.isoformat()}|{entry.case_number}|{entry.rule}|{entry.case_id}"
            f"|{entry.entry_index}")  # fmt: skip


def parse_cursor(cursor: str) -> Key:
    """The place a cursor (`key_of` the last entry of a page) names. Only the case number may
    hold a "|" (one imported from elsewhere): the other parts never do."""
    parts = cursor.split("|")
    try:
        if len(parts) < 5:  # noqa: PLR2004 - the five parts of a key
            raise ValueError(cursor)
        since, case_id, index = datetime.fromisoformat(parts[0]), UUID(parts[-2]), int(parts[-1])
    except ValueError:
        raise InvalidValue(f"not a cursor of this list: {cursor!r}") from None
    if since.utcoffset() is None:
        raise InvalidValue(f"not a cursor of this list: {cursor!r}")
    require_moment(since, "cursor")
    require_serial(index, "cursor", least=0)
    return (since, "|".join(parts[1:-3]), parts[-3], str(case_id), index)


def page_after(
    entries: list[ListedEntry], cursor: str | None, limit: int | None
) -> tuple[list[ListedEntry], str | None]:
    """The entries after `cursor` (the key of the last entry of the page before), at most
    `limit` of them, and the cursor of the next page (None on the last)."""
    if cursor is not None:
        after = parse_cursor(cursor)
        entries = [e for e in entries if key_tuple(e) > after]
    if limit is None or len(entries) <= limit:
        return entries, None
    return entries[:limit], key_of(entries[limit - 1])


def listed(case: CaseSupervision, entry: Entry, as_of: datetime, index: int) -> ListedEntry:
    cleared = entry.cleared_at is not None and entry.cleared_at <= as_of
    return ListedEntry(
        case_id=str(case.id),
        kind=case.kind,
        case_number=case.case_number,
        jurisdiction=case.jurisdiction,
        credit_codes=case.credit_codes,
        rule=entry.rule,
        departments=entry.departments,
        since=entry.since,
        due=entry.due,
        issuer=entry.issuer,
        issuer_org=entry.issuer_org,
        reason=entry.reason,
        status="cleared" if cleared else "open",
        cleared_at=entry.cleared_at if cleared else None,
        cleared_by=entry.cleared_by if cleared else None,
        calendar=entry.calendar,
        entry_index=index,
    )


def matches(entry: ListedEntry, query: SupervisionQuery) -> bool:
    return (
        entry.since <= query.as_of
        and (query.since_from is None or entry.since >= query.since_from)
        and (query.since_before is None or entry.since < query.since_before)
        and query.rule in (None, entry.rule)
        and query.status in (None, entry.status)
        and query.kind in (None, entry.kind)
        and (query.department is None or query.department in entry.departments)
    )


def visit_patterns(
    inspected: dict[tuple[str, ...], list[CaseSupervision]],
    case: CaseSupervision,
    as_of: datetime,
    rules: SupervisionRules,
) -> Iterator[Entry]:
    """The rules that compare `case`'s inspection with the enterprise's earlier ones entered by
    `as_of`: more than the annual cap, or the same items by other bodies within the window."""
    visit = case.visit
    if visit is None or visit.entered_at > as_of:
        return
    earlier = [
        other.visit
        for other in inspected[case.credit_codes]
        if other.visit is not None
        and (other.visit.entered_at, other.case_number) < (visit.entered_at, case.case_number)
    ]
    year = local_date(visit.entered_at).year
    if sum(local_date(other.entered_at).year == year for other in earlier) >= rules.annual_cap:
        yield Entry("repeated_inspection", visit.bodies, visit.entered_at)
    window = timedelta(days=rules.joint_window_days)
    if any(
        visit.entered_at - other.entered_at <= window
        and not set(other.bodies) & set(visit.bodies)
        and set(other.items) & set(visit.items)
        for other in earlier
    ):
        yield Entry("uncoordinated_inspection", visit.bodies, visit.entered_at)


def by_enterprise(cases: Iterable[CaseSupervision]) -> dict[tuple[str, ...], list[CaseSupervision]]:
    """The inspected cases grouped by the enterprise they concern."""
    groups: dict[tuple[str, ...], list[CaseSupervision]] = defaultdict(list)
    for case in cases:
        if case.visit is not None:
            groups[case.credit_codes].append(case)
    return groups
