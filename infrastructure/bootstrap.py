"""Build the services from settings: the composition root of every entry point."""

from __future__ import annotations

import logging

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from datetime import datetime, timedelta
from typing import Any

from application.unit_service import UnitService
from application.account_service import AccountService, PasswordHasher
from application.sign_ins import SessionRules, SignIns
from application.appeal_commands import DeadlinePolicy
from application.histories import Histories
from application.views import ViewUpdater, catch_up_in_bulk, keep_up
from application.case_rows import ROWS
from application.countings import count_rows
from application.activity import ACTIVITY_ROWS
from application.appeal_service import AppealService
from application.audit_service import AuditService
from application.calendar_service import CalendarService
from application.document_numbers import DocumentNumbering
from application.documents import DocumentService
from application.case_service import shanghai_now
from application.case_store import CaseStore
from application.consistency import ReadConsistency
from application.import_kinds import APPEALS, CLAIMS, INSPECTIONS, MEDIATIONS
from application.import_service import ImportService
from application.inspection_service import InspectionService
from application.mediation_commands import MediationContext
from application.mediation_service import MediationService
from application.policy_claim_commands import ClaimContext
from application.policy_claim_service import ClaimService, PolicyService
from application.report_service import ReportService
from application.supervision_rules import SupervisionRules, supervision_rows
from application.supervision_service import SupervisionService
from application.timeline_service import TimelineService
from application.visit_demands import VisitDemandsPolicy
from application.working_calendars import WorkingCalendars
from application.idempotency import IdempotencyStore
from application.revocation_cache import RevocationCache
from application.token_revocations import RevocationStore, TokenRevocations
from domain.bounds import DUE_YEARS
from domain.clock import local_date
from infrastructure.background import Background, CheckpointTimer, Notifications
from infrastructure.backends import BACKENDS, Backend
from infrastructure.database import store_env
from infrastructure.deadline_rules import load_deadline_rules
from infrastructure.encryption import cipher_env, require_readable
from infrastructure.passwords import Argon2Hasher
from infrastructure.policy_runner import PolicyRunner
from infrastructure.sealed_ranges import SealedRanges
from infrastructure.settings import Settings
from infrastructure.snapshot_sql import snapshotted_ids
from infrastructure.signing_keys import FileSigner
from infrastructure.tables import Tables, open_store
from infrastructure.tokens import TokenAuthority, secret_from_file
from infrastructure.working_calendar import ChineseWorkingCalendar

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything an entry point needs, built once."""

    settings: Settings
    store: CaseStore
    appeals: AppealService
    inspections: InspectionService
    mediations: MediationService
    policies: PolicyService
    calendars: CalendarService  # the working calendar (工作日历) an admin keeps
    claims: ClaimService
    documents: DocumentService  # the appeals' 交办单 and 督办单
    units: UnitService
    accounts: AccountService  # the console's user accounts
    sign_ins: SignIns  # the console's sign-in and sessions
    visit_demands: VisitDemandsPolicy
    reports: ReportService
    supervision: SupervisionService
    timelines: TimelineService
    audit: AuditService
    idempotency: IdempotencyStore
    tokens: TokenAuthority
    revocations: TokenRevocations
    consistency: ReadConsistency
    notifications: Notifications | None  # across processes: PostgreSQL's LISTEN/NOTIFY

    @property
    def views(self) -> dict[str, ViewUpdater[Any]]:
        """The updater of every view, by its name."""
        updaters = [
            self.appeals.index, self.supervision.updater, self.audit.activity_view,
            self.reports.counts, self.documents.numbering,
        ]  # fmt: skip
        return {updater.name: updater for updater in updaters}

    @cached_property
    def imports(self) -> ImportService:
        """Bulk imports of history, into the case services, the views caught up at the end."""
        served = {
            APPEALS: self.appeals,
            INSPECTIONS: self.inspections,
            MEDIATIONS: self.mediations,
            CLAIMS: self.claims,
        }  # every one of IMPORT_KINDS
        kinds = {kind.name: (kind, service) for kind, service in served.items()}
        catch_up = partial(catch_up_in_bulk, list(self.views.values()))
        return ImportService(self.store, kinds, catch_up, self.appeals.clock)

    def policy_runner(self) -> PolicyRunner:
        """A runner of the process policies (service-visit demands → appeals) and of the
        views, kept up together, which wakes the reads waiting for a view, in every process,
        when it moved one."""
        catch_ups = [self.visit_demands.catch_up, partial(keep_up, list(self.views.values()))]
        advanced = [self.consistency.advanced]
        if self.notifications is not None:
            advanced.append(self.notifications.announce)
        settings = self.settings
        return PolicyRunner(
            catch_ups, settings.policy_interval_seconds, advanced, settings.policy_gather_seconds
        )

    def background(self, run_policies: bool) -> Background:
        """This process's background work: the policy runner if `run_policies`, and what
        wakes it and the waiting reads."""
        runner = self.policy_runner() if run_policies else None
        signing = None
        if run_policies and self.audit.signer is not None:
            signing = CheckpointTimer(self.audit.sign, self.settings.checkpoint_interval_seconds)
        return Background(self.store, self.consistency, runner, self.notifications, signing)

    def close(self) -> None:
        self.store.close()


def token_authority(
    settings: Settings, revocations: RevocationStore | None = None
) -> TokenAuthority:
    """The settings' token authority; it refuses revoked tokens where given `revocations`."""
    secret = (
        settings.token_secret.get_secret_value()
        if settings.token_secret
        else secret_from_file(settings.token_secret_file)
    )
    return TokenAuthority(
        secret=secret,
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        ttl=timedelta(minutes=settings.token_ttl_minutes),
        revocations=revocations,
    )


def session_rules(settings: Settings) -> SessionRules:
    failures = settings.sign_in_failures
    return SessionRules(
        lifetime=timedelta(minutes=settings.session_lifetime_minutes),
        idle=timedelta(minutes=settings.session_idle_minutes),
        failures=failures, address_failures=4 * failures,
        window=timedelta(minutes=settings.sign_in_window_minutes),
    )  # fmt: skip


def supervision_rules(settings: Settings) -> SupervisionRules:
    return SupervisionRules(
        quiet_days=settings.quiet_days,
        order_days=settings.supervision_order_days,
        publication_days=settings.results_publication_days,
        annual_cap=settings.inspection_annual_cap,
        joint_window_days=settings.joint_inspection_window_days,
    )


def build_services(
    settings: Settings | None = None,
    clock: Callable[[], datetime] = shanghai_now,
    hasher: PasswordHasher | None = None,
) -> Services:
    """Open the store named by the settings, creating its tables unless the settings say not
    to, and wire the services (passwords hashed by `hasher`, Argon2 by default). Raises `TablesMissing` if tables are missing and not to be
    created, `CreationRefused` if they are to be and the role may not, `UnreadableLog` if the
    configured cipher key (or its absence) cannot read the log."""
    settings = settings or Settings()
    store, tables, backend = open_tables(settings)
    try:
        require_readable(store, encrypted=settings.cipher_key is not None)
        signer = FileSigner(settings.signing_key_file) if settings.signing_key_file else None
    except Exception:
        store.close()
        raise
    if signer is not None:  # every event this process writes is tagged with the key's
        store.recorder.tag_key = signer.tag_key()  # type: ignore[attr-defined]
    histories = Histories(store)  # what one view read, the others need not read again
    revocations = RevocationCache(tables.revocations, settings.revocation_cache_seconds)
    consistency = ReadConsistency(settings.views != "background", settings.read_wait_seconds)
    store.on_saved.append(lambda position: consistency.advanced())
    cases = ViewUpdater(store, tables.case_index, ROWS, histories=histories)
    rules = supervision_rules(settings)
    supervised = ViewUpdater(store, tables.supervision, supervision_rows(rules), histories=histories)
    built_in = ChineseWorkingCalendar.from_file(settings.calendar_overrides_file)
    # every year a date can fall in: from the first act on, up to the latest date an act sets
    years = range(settings.earliest_act.year, local_date(clock()).year + DUE_YEARS + 1)
    calendars = WorkingCalendars(store, built_in, built_in.years(), years)
    supervision = SupervisionService(supervised, rules, clock, consistency, calendars)
    activity = ViewUpdater(store, tables.activity, ACTIVITY_ROWS, histories=histories)
    deadlines = DeadlinePolicy(calendars, load_deadline_rules(settings.deadline_rules_file))
    units = UnitService(store, None, cases, clock, consistency, earliest_act=settings.earliest_act)
    acts = {"earliest_act": settings.earliest_act, "units": units}
    hasher = hasher or Argon2Hasher()
    accounts = AccountService(store, (tables.accounts, hasher), cases, clock, consistency,
                              earliest_act=settings.earliest_act)  # fmt: skip
    appeals = AppealService(store, deadlines, cases, clock, consistency, **acts)
    claims = ClaimContext(
        calendars=calendars,
        terms_of=lambda policy_id, version: store.repository.get(policy_id, version=version).terms,
    )
    numbering = DocumentNumbering(store, tables.documents, histories=histories)
    return Services(
        settings=settings,
        store=store,
        appeals=appeals,
        inspections=InspectionService(store, None, cases, clock, consistency, **acts),
        mediations=MediationService(
            store, MediationContext(settings.mediation_days), cases, clock, consistency, **acts
        ),
        policies=PolicyService(store, None, cases, clock, consistency, **acts),
        calendars=CalendarService(store, calendars, cases, clock, consistency, **acts),
        claims=ClaimService(store, claims, cases, clock, consistency, **acts),
        units=units,
        accounts=accounts,
        sign_ins=SignIns(store, tables.accounts, hasher, clock, session_rules(settings)),
        documents=DocumentService(appeals, numbering, units, consistency),
        visit_demands=VisitDemandsPolicy(store, appeals, tables.policies),
        reports=ReportService(
            cases,
            ViewUpdater(
                store, tables.report_counts, count_rows(calendars.as_of), histories=histories
            ),
            supervision, settings.ratio_bases,
            settings.ratio_references, settings.ranking_weights, consistency,
        ),  # fmt: skip
        supervision=supervision,
        timelines=TimelineService(cases, activity, consistency),
        audit=AuditService(
            store, activity, cases, timedelta(hours=settings.backdating_hours), clock, consistency,
            signer=signer, snapshotted=lambda: snapshotted_ids(tables.snapshots),
            read_ranges=SealedRanges(settings.database_url),
        ),
        idempotency=tables.idempotency,
        tokens=token_authority(settings, revocations),
        revocations=TokenRevocations(revocations),
        consistency=consistency,
        notifications=backend.notifications(store.recorder) if backend.notifications else None,
    )


def open_tables(settings: Settings) -> tuple[CaseStore, Tables, Backend]:
    """The case store the settings name, the recorders of its tables, which are created if
    the settings say so (`create_tables`), else required to exist, and its database's adapters."""
    env = store_env(settings.database_url) | cipher_env(settings.cipher_key)
    backend = BACKENDS[env["PERSISTENCE_MODULE"]]
    if settings.create_tables:
        backend.prepare(env)
    store = open_store(env)
    try:
        tables = Tables.of(store, backend)
        existing = backend.existing_tables(store.factory.datastore)
        if settings.create_tables:
            for view in tables.create(existing):
                log.warning("view %s gained a table: it is made again from the events", view)
        else:
            tables.require(existing)
    except Exception:
        store.close()
        raise
    return store, tables, backend
