"""Who may do what (role × action × scope), in one place for embedded callers and HTTP alike.

`ACTIONS[kind][action]` names the roles that may take an action on a kind of case (or read a
report, a list, a timeline, the audit trail); `SCOPES[role]` says which cases a role's actions
reach; `PERSONAL_DATA[kind]` names the roles that see contacts unmasked on the case itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import Enum

from domain.actor import Role
from domain.case import Case
from domain.enterprise import Enterprise

from application.case_index import CaseFilter
from application.errors import Forbidden, NotFound
from application.principal import Principal

R = Role


class Scope(Enum):
    """Which cases a role's permissions reach."""

    ENTERPRISE = "the cases that name its own credit code"
    ORGANISATION = "the cases of its jurisdiction its own organisation acts on"
    JURISDICTION = "every case of its jurisdiction"


SCOPES: dict[Role, Scope] = {
    R.ENTERPRISE: Scope.ENTERPRISE,
    # 承办单位: the department assigned; 执法部门: the inspecting body; 调解组织: the organisation
    R.HANDLER: Scope.ORGANISATION,
    R.INSPECTOR: Scope.ORGANISATION,
    R.MEDIATOR: Scope.ORGANISATION,
    # the court's 诉调对接中心 oversees every mediation of its county and files those that fail
    R.COURT_CLERK: Scope.JURISDICTION,
    R.COORDINATOR: Scope.JURISDICTION,
    R.FINANCE: Scope.JURISDICTION,
    R.AUDITOR: Scope.JURISDICTION,
    R.ADMIN: Scope.JURISDICTION,
    R.SYSTEM: Scope.JURISDICTION,
}
ORGANISATION_SCOPED = frozenset(role for role, scope in SCOPES.items() if scope is Scope.ORGANISATION)
PEOPLE = frozenset(Role) - {R.SYSTEM}
APPEAL_READERS = frozenset({R.ENTERPRISE, R.HANDLER, R.COORDINATOR, R.AUDITOR})

ACTIONS: dict[str, dict[str, frozenset[Role]]] = {
    "appeal": {
        "read": APPEAL_READERS,
        "submit": frozenset({R.ENTERPRISE, R.COORDINATOR, R.SYSTEM}),  # system: visit demands
        "receive": frozenset({R.COORDINATOR}),
        "reject": frozenset({R.COORDINATOR}),
        "assign": frozenset({R.COORDINATOR}),
        "reassign": frozenset({R.COORDINATOR}),
        "return": frozenset({R.HANDLER}),
        "progress": frozenset({R.HANDLER, R.COORDINATOR}),
        "extend": frozenset({R.COORDINATOR}),
        "resolve": frozenset({R.HANDLER}),
        "follow-up": frozenset({R.COORDINATOR, R.ENTERPRISE}),
        "supervise": frozenset({R.COORDINATOR}),
        "close": frozenset({R.COORDINATOR}),
        "withdraw": frozenset({R.ENTERPRISE, R.COORDINATOR}),
        "merge": frozenset({R.COORDINATOR}),
    },
    "inspection": {
        # handlers: service visits list the visiting departments as their bodies
        "read": frozenset({R.ENTERPRISE, R.INSPECTOR, R.HANDLER, R.COORDINATOR, R.AUDITOR}),
        "submit": frozenset({R.INSPECTOR, R.COORDINATOR}),
        "enter": frozenset({R.INSPECTOR, R.COORDINATOR}),
        "cancel": frozenset({R.INSPECTOR, R.COORDINATOR}),
        "record-findings": frozenset({R.INSPECTOR}),
        "publish": frozenset({R.INSPECTOR}),
        "collect-demands": frozenset({R.INSPECTOR, R.COORDINATOR}),
        "close": frozenset({R.INSPECTOR, R.COORDINATOR}),
        "rate": frozenset({R.ENTERPRISE}),
        "report-misconduct": frozenset({R.ENTERPRISE}),
    },
    "mediation": {
        "read": frozenset({R.ENTERPRISE, R.MEDIATOR, R.COURT_CLERK, R.COORDINATOR, R.AUDITOR}),
        "submit": frozenset({R.COORDINATOR, R.MEDIATOR, R.COURT_CLERK}),
        "assign": frozenset({R.COORDINATOR, R.COURT_CLERK}),
        "extend": frozenset({R.COORDINATOR, R.COURT_CLERK}),
        "session": frozenset({R.MEDIATOR, R.COURT_CLERK}),
        "succeed": frozenset({R.MEDIATOR}),
        "fail": frozenset({R.MEDIATOR}),
        "withdraw": frozenset({R.MEDIATOR, R.COORDINATOR, R.COURT_CLERK}),
        "apply-confirmation": frozenset({R.MEDIATOR}),
        "decide-confirmation": frozenset({R.COURT_CLERK}),
        "file": frozenset({R.COURT_CLERK}),
        "start-court-mediation": frozenset({R.COURT_CLERK}),
        "mediate": frozenset({R.COURT_CLERK}),
        "fail-in-suit": frozenset({R.COURT_CLERK}),
        "conclude": frozenset({R.COURT_CLERK}),
        "record-performance": frozenset({R.MEDIATOR, R.COURT_CLERK}),
        "apply-enforcement": frozenset({R.COURT_CLERK}),
    },
    "policy": {
        "read": PEOPLE,  # the published catalogue
        "submit": frozenset({R.ADMIN}),
        "revise": frozenset({R.ADMIN}),
        "withdraw": frozenset({R.ADMIN}),
    },
    # the registry of units (机构名录): public reference data an admin keeps
    "unit": {
        "read": PEOPLE,
        "submit": frozenset({R.ADMIN}),
        "revise": frozenset({R.ADMIN}),
        "retire": frozenset({R.ADMIN}),
    },
    # the console's user accounts (用户账号): the admin of their jurisdiction keeps them;
    # auditors read their history (and the sign-ins) in the audit replay
    "account": {
        "read": frozenset({R.ADMIN}),
        "submit": frozenset({R.ADMIN}),
        "disable": frozenset({R.ADMIN}),
        "enable": frozenset({R.ADMIN}),
        "reset-password": frozenset({R.ADMIN}),
    },
    # the national working calendar (工作日历): every admin keeps it, whatever its jurisdiction
    "calendar": {
        "read": PEOPLE,
        "set": frozenset({R.ADMIN}),
    },
    "policy_claim": {
        "read": frozenset({R.ENTERPRISE, R.HANDLER, R.COORDINATOR, R.FINANCE, R.AUDITOR}),
        "submit": frozenset({R.ENTERPRISE, R.COORDINATOR, R.HANDLER}),  # match: the department
        "confirm": frozenset({R.ENTERPRISE}),
        "accept": frozenset({R.HANDLER, R.COORDINATOR}),
        "supply-materials": frozenset({R.ENTERPRISE, R.COORDINATOR}),
        "route": frozenset({R.HANDLER, R.COORDINATOR}),
        "approve": frozenset({R.HANDLER}),
        "reject": frozenset({R.HANDLER}),
        "withdraw": frozenset({R.ENTERPRISE}),
        "disburse": frozenset({R.FINANCE}),
        "verify": frozenset({R.HANDLER}),
        "breach": frozenset({R.HANDLER}),
        "request-clawback": frozenset({R.HANDLER}),
        "recover": frozenset({R.FINANCE}),
    },
    "report": {
        "read": frozenset({R.COORDINATOR, R.AUDITOR}),
        # the policy-claim figures: finance (财政) reads its own 拨付率
        "read-claims": frozenset({R.COORDINATOR, R.AUDITOR, R.FINANCE}),
        # what every published ratio means (统计口径): public to every role
        "definitions": PEOPLE,
    },
    # the supervision list: organisation-scoped roles see the entries of their own department
    "supervision": {
        "read": frozenset({R.COORDINATOR, R.AUDITOR, *ORGANISATION_SCOPED}),
    },
    # an appeal's 交办单 and 督办单, printed or as PDF: whoever reads the appeal (in its scope)
    "document": {
        "read": APPEAL_READERS,
    },
    # an enterprise's QR code (扫码入企), opening the inspection registration form for it: the
    # offices that register inspections print it, and the admin who sets up the site
    "enterprise_qr": {
        "read": frozenset({R.INSPECTOR, R.COORDINATOR, R.ADMIN}),
    },
    # an enterprise's history across the four kinds
    "timeline": {
        "read": frozenset({R.ENTERPRISE, R.COORDINATOR, R.AUDITOR}),
    },
    # bearer tokens: everyone may end its own (logout); an admin revokes another's
    "token": {
        "revoke": PEOPLE,
        "revoke-others": frozenset({R.ADMIN}),
    },
    # the Chinese label of every code (GET /vocabulary): public to every role
    "vocabulary": {
        "read": PEOPLE,
    },
    # bulk imports of history (批量导入) into the principal's jurisdiction, and their records
    "import": {
        "submit": frozenset({R.COORDINATOR, R.ADMIN}),
        "read": frozenset({R.COORDINATOR, R.ADMIN, R.AUDITOR}),
    },
    # audit replays, activity and the read log; checking the log's integrity and its head
    "audit": {
        "read": frozenset({R.AUDITOR}),
        "verify": frozenset({R.AUDITOR, R.ADMIN}),
        # signing a checkpoint of the log's head on demand (the service also signs at its interval)
        "sign": frozenset({R.ADMIN, R.COORDINATOR}),
    },
}
# Kinds every reader may see wherever they are (published reference data).
PUBLIC_KINDS = frozenset({"policy", "unit", "calendar"})
# Who sees contact names and phone numbers unmasked, on the case itself: the roles that act on
# it with the enterprise or the parties. Lists, reports and everyone else see them masked;
# auditors read them in the audit replay, where every read is recorded.
PERSONAL_DATA: dict[str, frozenset[Role]] = {
    "appeal": frozenset({R.ENTERPRISE, R.HANDLER, R.COORDINATOR}),
    "mediation": frozenset({R.ENTERPRISE, R.MEDIATOR, R.COURT_CLERK, R.COORDINATOR}),
}


def require_role(principal: Principal, kind: str, action: str) -> None:
    """Raise `Forbidden` unless the principal's role may take `action` on cases of `kind`."""
    role = principal.actor.role
    if role not in ACTIONS[kind][action]:
        raise Forbidden(f"role '{role.value}' may not {action} {kind}s")


def sees_personal_data(principal: Principal, kind: str) -> bool:
    """Whether the principal sees the contacts on a case of `kind` unmasked."""
    return principal.actor.role in PERSONAL_DATA.get(kind, frozenset())


def readable_jurisdiction(
    principal: Principal, what: str, jurisdiction: str | None, action: str = "read"
) -> str:
    """The jurisdiction whose `what` ("report", "supervision") the principal reads: its own,
    whether named or not; another is `Forbidden`, as is a role that may not take `action` on
    `what`."""
    require_role(principal, what, action)
    own = principal.jurisdiction.value
    if jurisdiction not in (None, own):
        raise Forbidden(f"an actor of jurisdiction {own} may not read the {what}s of {jurisdiction}")
    return own


def may_see(principal: Principal, case: Case) -> bool:
    """Whether the case lies within the principal's scope (`SCOPES`); published policies lie
    within everyone's.
    """
    return case.kind in PUBLIC_KINDS or may_act(principal, case)


def may_act(principal: Principal, case: Case) -> bool:
    """Whether the case lies within the scope the principal acts in: public kinds included,
    only those of its own jurisdiction (or organisation); national reference data (no
    jurisdiction, such as the working calendar) lies in every jurisdiction.
    """
    scope = SCOPES[principal.actor.role]
    if case.jurisdiction is None:
        return scope is Scope.JURISDICTION
    if scope is Scope.ENTERPRISE:
        return principal.credit_code is not None and principal.credit_code.value in case.credit_codes()
    if case.jurisdiction != principal.jurisdiction:
        return False
    return scope is Scope.JURISDICTION or principal.actor.org in case.organisations()


def require_scope(principal: Principal, case: Case) -> None:
    """Raise `NotFound` for a case outside the principal's scope: its existence is not told."""
    if not may_see(principal, case):
        raise NotFound(f"no {case.kind} {case.id}")


def require_acting_scope(principal: Principal, case: Case) -> None:
    """Raise `Forbidden` for a case the principal may see but not act on (another
    jurisdiction's published policy)."""
    if not may_act(principal, case):
        raise Forbidden(f"an actor of {principal.jurisdiction} may not act on {case.kind} {case.id}")


def require_own_organisation(principal: Principal, organisations: Iterable[str], what: str) -> None:
    """An organisation-scoped role opens cases only for its own organisation (`what` says how)."""
    if SCOPES[principal.actor.role] is Scope.ORGANISATION and principal.actor.org not in organisations:
        raise Forbidden(f"a {principal.actor.role.value} {what}")


def scoped_filter(query: CaseFilter, principal: Principal) -> CaseFilter:
    """Narrow a list filter to the principal's scope (as `may_see`); asking for more is
    forbidden rather than silently answered with less.
    """
    scope = SCOPES[principal.actor.role]
    if query.kind in PUBLIC_KINDS:
        return replace(query, jurisdiction=query.jurisdiction or principal.jurisdiction.value)
    if scope is Scope.ENTERPRISE:
        own = principal.credit_code.value if principal.credit_code else None
        if query.credit_code not in (None, own):
            raise Forbidden("an enterprise lists only its own cases")
        return replace(query, credit_code=own)
    if query.jurisdiction not in (None, principal.jurisdiction.value):
        raise Forbidden(
            f"an actor of jurisdiction {principal.jurisdiction} may not list {query.jurisdiction}"
        )
    query = replace(query, jurisdiction=principal.jurisdiction.value)
    if scope is Scope.ORGANISATION:
        if query.organisation not in (None, principal.actor.org):
            raise Forbidden(f"a {principal.actor.role.value} lists only the cases of its own organisation")
        query = replace(query, organisation=principal.actor.org)
    return query


def require_own_enterprise(principal: Principal, enterprise: Enterprise) -> None:
    """An enterprise acts only in its own name (its credit code); offices may name any."""
    if principal.actor.role is R.ENTERPRISE and enterprise.credit_code != principal.credit_code:
        raise Forbidden("an enterprise acts only under its own credit code")
