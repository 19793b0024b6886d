"""The `yingshang` command line: run the service, mint tokens, rebuild views, audit the log."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional, cast
from uuid import UUID

import typer

from application.audit_package import PackageScope, check_package
from application.audit_service import LogNotIntact
from application.errors import ApplicationError, NotFound
from application.principal import Principal
from application.proofs import check_proof
from application.ratio_definitions import DEFINITIONS
from application.ratios import choose
from application.seal_check import Verdict
from application.seals import Checkpoint
from application.signatures import SignedCheckpoint
from domain.actor import Actor, Role
from domain.enterprise import CreditCode
from domain.errors import DomainError, InvalidValue
from domain.jurisdiction import JurisdictionCode
from application.views import ViewUpdater, rebuild
from application.vocabulary import vocabularies
from infrastructure.bootstrap import token_authority
from infrastructure.calendar_files import read_year_file
from infrastructure.encryption import KEY_VARIABLE, new_key, package_cipher
from infrastructure.migration import migrate as run_migration
from infrastructure.signing_keys import write_key
from infrastructure.tables import CreationRefused
from interface.cli_store import command_line_admin, load_settings, open_services
from interface.permission_doc import permissions_markdown
from interface.import_cli import imports
from interface.unit_cli import units
from interface.user_cli import users
from interface.progress_bar import progress_bar
from interface.ratio_doc import definitions_markdown

app = typer.Typer(help="yingshang 营商: case management for business-environment offices.")

# What each role may do, and its scope: `yingshang token --help` shows every one.
ROLE_SCOPES = {
    Role.ENTERPRISE: "企业: submits and follows up its appeals, rates visits, reports misconduct, "
    "claims policies; only the cases of its own --credit-code",
    Role.HANDLER: "承办单位: handles the appeals and policy claims of its department (--org); "
    "sees its department's cases",
    Role.COORDINATOR: "营商办: receives, assigns, supervises and closes appeals, runs service "
    "visits, registers mediations, reads reports; everything in its jurisdiction",
    Role.INSPECTOR: "执法部门: registers, enters and closes the inspections of its inspecting "
    "body (--org), records findings, publishes results; sees that body's visits",
    Role.MEDIATOR: "调解员: sessions, agreement or failure, 司法确认 of the mediations assigned "
    "to its organisation (--org)",
    Role.COURT_CLERK: "法院: files, mediates in suit, judges and enforces; every mediation of "
    "its county",
    Role.FINANCE: "财政: disbursements and clawback recoveries of the policy claims in its "
    "jurisdiction",
    Role.AUDITOR: "纪委监委: reads everything in its jurisdiction (replays, activity, exports); "
    "never writes",
    Role.ADMIN: "reference data (the policy catalogue, the registry of units, the working "
    "calendar) and the console's user accounts of its jurisdiction; may revoke anyone's tokens",
}
ROLES_HELP = "\n\n".join(f"{role.value} — {scope}" for role, scope in ROLE_SCOPES.items())


app.add_typer(units, name="unit")
app.add_typer(users, name="user")
app.add_typer(imports, name="import")
projections = typer.Typer(help="Rebuild and check the views derived from the event log.")
app.add_typer(projections, name="projections")
VIEWS = ("case_index", "supervision_list", "audit_activity", "report_counts", "appeal_documents")
ViewName = Annotated[
    Optional[str], typer.Argument(help=f"one of {', '.join(VIEWS)}; every view if omitted")
]


@projections.command("rebuild")
def rebuild_projection(name: ViewName = None) -> None:
    """Empty a view (every view if none is named) and apply the whole event log to it again,
    reading the log once for them all, with a progress bar (rate, time left)."""
    with _views(name) as updaters:
        with progress_bar(f"rebuilding {name or 'every view'}") as progress:
            position = rebuild(updaters, progress)
        for updater in updaters:
            typer.echo(f"{updater.name}: rebuilt up to event {position}")


@projections.command("verify")
def verify_projection(name: ViewName = None) -> None:
    """Check that each view equals what a rebuild from the events would make; exit 1 if not."""
    failed = False
    with _views(name) as updaters:
        for updater in updaters:
            position = updater.catch_up()
            differences = updater.differences()
            for difference in differences[:20]:
                typer.echo(difference)
            if differences:
                typer.echo(f"{updater.name}: {len(differences)} differences at event {position}", err=True)
                failed = True
            else:
                typer.echo(f"{updater.name}: equals a rebuild from the events, at event {position}")
    if failed:
        raise typer.Exit(1)


@contextmanager
def _views(name: str | None) -> Iterator[list[ViewUpdater]]:
    """The updaters of the named view (or of every view), over the configured store."""
    if name is not None and name not in VIEWS:
        raise typer.BadParameter(f"unknown projection {name!r}; known: {', '.join(VIEWS)}")
    with open_services() as services:
        yield [updater for key, updater in services.views.items() if name in (None, key)]


audit = typer.Typer(help="Audit (纪委监委): check the sealed log, record its digest, export packages.")
app.add_typer(audit, name="audit")
PublicKeyOption = Annotated[
    Optional[str],
    typer.Option(help="the service's public key (`ed25519:…`) as pinned out of band; default: its own key, "
                 "or the one each signed checkpoint names"),
]  # fmt: skip
CheckpointOption = Annotated[
    Optional[str],
    typer.Option(help="a recorded `position:digest`, or a published signed checkpoint (JSON), the log must still extend"),
]
ActorOption = Annotated[
    Optional[str], typer.Option("--actor", help="who reads, for the audit read log; default: the OS user")
]


def _operator(actor: str | None) -> Actor:
    """The person at the command line, recorded as an auditor reading the whole store."""
    return Actor(id=actor or getpass.getuser(), role=Role.AUDITOR, org="command-line")


def _checkpoint(text: str | None) -> Checkpoint | SignedCheckpoint | None:
    """A recorded `position:digest`, or a published signed checkpoint (a JSON line of
    `yingshang audit checkpoints`), whose signature is checked and whose position and log
    digest are compared."""
    try:
        if text and text.lstrip().startswith("{"):
            return SignedCheckpoint.parse(text)
        return Checkpoint.parse(text) if text else None
    except InvalidValue as error:
        raise typer.BadParameter(str(error)) from None


def _report(verdict: Verdict, hints: dict[str, str] | None = None) -> None:
    """Print a verdict, and the hint for its problem if `hints` has one; exit 1 unless it
    holds."""
    if verdict.checkpoint:
        typer.echo(f"已与检查点 {verdict.checkpoint} 比对")
    if verdict.failure is None:
        typer.echo(f"校验通过：共核对 {verdict.checked} 个事件，未被改动；链末端 {verdict.head}")
        return
    failure = verdict.failure
    typer.echo(f"校验未通过：位置 {failure.position}（{failure.problem}）— {failure.detail}", err=True)
    typer.echo(f"此前已核对 {verdict.checked} 个事件", err=True)
    hint = (hints or {}).get(failure.problem)
    if hint:
        typer.echo(hint, err=True)
    raise typer.Exit(1)


@audit.command("verify")
def audit_verify(
    checkpoint: CheckpointOption = None, public_key: PublicKeyOption = None, actor: ActorOption = None
) -> None:
    """Recheck every stored event against its seal and tag, from the first, and the log against
    every checkpoint the service signed; exit 1 at the first that fails, naming it."""
    mark = _checkpoint(checkpoint)
    with open_services() as services:
        _report(services.audit.verify(_operator(actor), mark, public_key))


@audit.command("checkpoint")
def audit_checkpoint(actor: ActorOption = None) -> None:
    """Print the log's head as `position:digest`, for an auditor to record outside the system;
    with a signing key, sign it and keep the signed checkpoint too (printed as JSON)."""
    with open_services() as services:
        try:
            typer.echo(str(services.audit.checkpoint(_operator(actor))))
        except LogNotIntact as error:
            typer.echo(f"yingshang: {error}", err=True)
            raise typer.Exit(1) from None
        if services.audit.signer is not None:
            typer.echo(services.audit.signed_checkpoints(_operator(actor))[-1].as_json())


@audit.command("export")
def audit_export(  # noqa: PLR0913 - the package's scopes
    output: Annotated[Path, typer.Option(help="the package file to write (JSON lines)")],
    case: Annotated[Optional[UUID], typer.Option(help="one case's id")] = None,
    enterprise: Annotated[Optional[str], typer.Option(help="every case of this credit code")] = None,
    start: Annotated[
        Optional[str], typer.Option("--from", help="window start by recorded time, e.g. 2026-03-01T00:00+08:00")
    ] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="window end, exclusive")] = None,
    actor: ActorOption = None,
) -> None:
    """Write an audit package of one case, one enterprise or one window of the log."""
    try:
        window = [datetime.fromisoformat(text) if text else None for text in (start, end)]
        scope = PackageScope(case_id=case, credit_code=enterprise, start=window[0], end=window[1])
    except (InvalidValue, ValueError) as error:
        raise typer.BadParameter(str(error)) from None
    with open_services() as services:
        try:
            lines = services.audit.export(_operator(actor), scope)
        except (NotFound, LogNotIntact) as error:
            typer.echo(f"yingshang: {error}", err=True)
            raise typer.Exit(1) from None
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    typer.echo(f"已写出审计包 {output}：{len(lines) - 2} 个事件")


@audit.command("verify-package")
def audit_verify_package(
    package: Annotated[Path, typer.Argument(help="a file `yingshang audit export` wrote")],
    checkpoint: CheckpointOption = None,
    public_key: PublicKeyOption = None,
) -> None:
    """Recheck a package offline, without the database; exit 1 at the first line that fails.
    A package from an encrypted store is read with YINGSHANG_CIPHER_KEY."""
    mark = _checkpoint(checkpoint)
    cipher = package_cipher(load_settings().cipher_key)
    with package.open(encoding="utf-8") as lines:
        verdict = check_package((line.rstrip("\n") for line in lines if line.strip()), mark, cipher, public_key)
    _report(verdict, {"unreadable": f"请将 {KEY_VARIABLE} 设为导出该审计包的库的加密密钥"})


@audit.command("keygen")
def audit_keygen(output: Annotated[Path, typer.Argument(help="the private key file to write (PEM)")]) -> None:
    """Write a new signing key (Ed25519), readable by its owner only, and print its public key:
    publish it, and have auditors pin it."""
    try:
        signer = write_key(output)
    except FileExistsError:
        typer.echo(f"yingshang: {output} 已存在，未覆盖", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"已写出签名私钥 {output}（仅其所有者可读）；请为每个写入事件的进程设置 YINGSHANG_SIGNING_KEY_FILE={output}")
    typer.echo(f"公钥：{signer.public_key()}")
    typer.echo("请公布此公钥，审计人员核对时以 --public-key 固定它")


@audit.command("checkpoints")
def audit_checkpoints(actor: ActorOption = None) -> None:
    """Print every signed checkpoint, one JSON line each, to publish (e.g. in the monthly brief)."""
    with open_services() as services:
        for checkpoint in services.audit.signed_checkpoints(_operator(actor)):
            typer.echo(checkpoint.as_json())


@audit.command("prove")
def audit_prove(
    output: Annotated[Path, typer.Option(help="the proof file to write (JSON)")],
    position: Annotated[Optional[int], typer.Option(help="prove the event at this position is in the log")] = None,
    since: Annotated[
        Optional[int], typer.Option(help="prove the log extends the checkpoint signed at this position")
    ] = None,
    actor: ActorOption = None,
) -> None:
    """Write a proof against the last signed checkpoint, for `yingshang audit verify-proof`."""
    if (position is None) == (since is None):
        raise typer.BadParameter("请给出 --position 或 --since 之一")
    with open_services() as services:
        try:
            proof = (services.audit.prove_inclusion(_operator(actor), position) if position is not None
                     else services.audit.prove_consistency(_operator(actor), cast(int, since)))  # fmt: skip
        except ApplicationError as error:
            typer.echo(f"yingshang: {error}", err=True)
            raise typer.Exit(1) from None
    output.write_text(json.dumps(proof, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    typer.echo(f"已写出证明 {output}，可用 yingshang audit verify-proof 离线核对")


@audit.command("verify-proof")
def audit_verify_proof(
    proof: Annotated[Path, typer.Argument(help="a file `yingshang audit prove` wrote")],
    public_key: PublicKeyOption = None,
) -> None:
    """Check a proof offline, without the database; exit 1 if it fails."""
    try:
        shown = check_proof(json.loads(proof.read_text(encoding="utf-8")), public_key)
    except (InvalidValue, ValueError) as error:
        typer.echo(f"校验未通过 — {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"校验通过 — {shown}")
    if public_key is None:
        typer.echo("未固定公钥（--public-key）：按证明自带的公钥核对，仅说明证明自洽", err=True)


@app.command()
def project(
    once: Annotated[bool, typer.Option(help="catch up once and exit")] = False,
) -> None:
    """Run the process policies and projections on their own (for a deployment where
    `yingshang serve --no-background` runs in several processes on PostgreSQL), woken by the
    database's notifications when events are stored, else every YINGSHANG_POLICY_INTERVAL_SECONDS."""
    with open_services() as services:
        if once:
            for catch_up in services.policy_runner().catch_ups:
                catch_up()
            return
        background = services.background(run_policies=True)
        typer.echo(f"yingshang: following {services.settings.database_url}; Ctrl-C stops")
        background.start()
        try:
            with suppress(KeyboardInterrupt):  # Ctrl-C: stop cleanly
                background.wait()
        finally:
            background.stop()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    background: Annotated[
        bool,
        typer.Option(
            "--background/--no-background",
            help="run the process policies and projections in this process too; with "
            "--no-background only answer requests, from the views one other process (`yingshang "
            "project`, or a `yingshang serve` without the switch) keeps for the store",
        ),
    ] = True,
) -> None:
    """Run the HTTP service on the store YINGSHANG_DATABASE_URL names (SQLite by default).
    Reads answer from the views as they stand unless YINGSHANG_VIEWS=inline (see the README's
    read consistency)."""
    import uvicorn

    from interface.http import create_app

    settings = load_settings()
    serving = settings.model_copy(update={"views": settings.views or "background"})
    with open_services(serving) as services:  # refuses a store it cannot read before serving it
        typer.echo(f"yingshang: store {services.settings.database_url}, http://{host}:{port}/docs")
        if not background:
            typer.echo("yingshang: no background work here: run `yingshang project` once for the store")
        typer.echo("yingshang: a token: yingshang token --role coordinator --org ORG --jurisdiction CODE")
        uvicorn.run(create_app(services, run_policies=background), host=host, port=port)


@app.command()
def migrate(
    runtime_role: Annotated[
        Optional[str],
        typer.Option(
            help="PostgreSQL: grant this existing role what the running service needs, and "
            "no UPDATE, DELETE or TRUNCATE of the events and seals (roles granted before are "
            "granted again on every run)",
        ),
    ] = None,
) -> None:
    """Create or upgrade every table, index and schema of the store YINGSHANG_DATABASE_URL
    names, once, as the owner of the database; running it again changes nothing. Then run the
    services with YINGSHANG_CREATE_TABLES=false (under the runtime role on PostgreSQL)."""
    try:
        done = run_migration(load_settings().database_url, runtime_role)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    except CreationRefused as error:
        typer.echo(f"yingshang: {error}", err=True)
        raise typer.Exit(1) from None
    for line in done:
        typer.echo(line)


tokens = typer.Typer(
    help="Print a bearer token for the configured secret: its jti and expiry, then the token "
    "as the last line. `yingshang token revoke` revokes tokens.",
    epilog=f"Roles, what each may do and its scope:\n\n{ROLES_HELP}",
    invoke_without_command=True,
    subcommand_metavar="[revoke | prune]",
)
app.add_typer(tokens, name="token")


@tokens.callback()
def token(  # noqa: PLR0913 - the claims of a token
    context: typer.Context,
    role: Annotated[
        Optional[Role], typer.Option(help="the role (see below)", case_sensitive=False)
    ] = None,
    org: Annotated[Optional[str], typer.Option(help="department, court or organisation code")] = None,
    jurisdiction: Annotated[
        Optional[str], typer.Option(help="6-digit division code, e.g. 360121")
    ] = None,
    credit_code: Annotated[
        Optional[str], typer.Option(help="the enterprise's own credit code (enterprise role)")
    ] = None,
    subject: Annotated[
        Optional[str],
        typer.Option(
            "--sub",
            help="actor id, e.g. the person's login; default ROLE:ORG@JURISDICTION "
            "(/CREDIT_CODE for an enterprise), one per office",
        ),
    ] = None,
) -> None:
    """Print a bearer token for the configured secret: its jti and expiry, then the token as
    the last line."""
    if context.invoked_subcommand is not None:
        return
    if role is None or org is None or jurisdiction is None:
        raise typer.BadParameter("a token needs --role, --org and --jurisdiction")
    try:
        principal = Principal(
            actor=Actor(id=subject or default_subject(role, org, jurisdiction, credit_code), role=role, org=org),
            jurisdiction=JurisdictionCode(jurisdiction),
            credit_code=CreditCode(credit_code) if credit_code else None,
        )
    except InvalidValue as error:
        raise typer.BadParameter(str(error)) from None
    if role is Role.ENTERPRISE and principal.credit_code is None:
        raise typer.BadParameter("the enterprise role needs --credit-code")
    if role is Role.SYSTEM:
        raise typer.BadParameter("the system role is not issued to people")
    authority = token_authority(load_settings())
    signed, credential = authority.issue(principal)
    typer.echo(f"# {role.value} {org} @ {jurisdiction}, sub {principal.actor.id}", err=True)
    typer.echo(f"# jti {credential.jti}", err=True)
    typer.echo(f"# expires {credential.expires_at.isoformat()} (valid {authority.ttl})", err=True)
    typer.echo(signed)


def default_subject(role: Role, org: str, jurisdiction: str, credit_code: str | None) -> str:
    """The actor id of a token minted without `--sub`: its office, so that no two offices (of
    two counties, or two enterprises) share one."""
    office = f"{role.value}:{org}@{jurisdiction}"
    return f"{office}/{credit_code}" if credit_code else office


@tokens.command("revoke")
def token_revoke(
    jti: Annotated[Optional[str], typer.Option(help="revoke this one token")] = None,
    subject: Annotated[
        Optional[str],
        typer.Option("--sub", help="revoke every token of this actor id issued up to now"),
    ] = None,
    reason: Annotated[str, typer.Option(help="why, for the record")] = "",
    actor: Annotated[
        Optional[str], typer.Option(help="who revokes, for the record; default: the OS user")
    ] = None,
) -> None:
    """Revoke one token (--jti) or every token of a subject (--sub).

    A subject's revocation refuses every token of it issued up to now, to the second; the
    service answers a revoked token with 401 token_revoked."""
    if (jti is None) == (subject is None):
        raise typer.BadParameter("name either --jti or --sub")
    with open_services() as services:
        try:
            revocation = services.revocations.revoke(
                actor or getpass.getuser(), reason, jti=jti, subject=subject
            )
        except InvalidValue as error:
            raise typer.BadParameter(str(error)) from None
    what = f"token {jti} at" if jti else f"every token of {subject} issued up to"
    typer.echo(f"revoked {what} {revocation.revoked_at.isoformat()}")


@tokens.command("prune")
def token_prune() -> None:
    """Forget the revocations of single tokens that have expired anyway."""
    with open_services() as services:
        typer.echo(f"pruned {services.revocations.prune()} expired revocations")


calendar = typer.Typer(help="The working calendar (工作日历): enter, revise and show a year.")
app.add_typer(calendar, name="calendar")
YearArgument = Annotated[int, typer.Argument(help="the calendar year, e.g. 2027")]


@calendar.command("set")
def calendar_set(  # noqa: PLR0913 - the year's facts and who enters them
    year: YearArgument,
    file: Annotated[Path, typer.Option("--file", exists=True, dir_okay=False, help="the year's days: .toml or .csv")],
    jurisdiction: Annotated[str, typer.Option(help="the admin's jurisdiction (行政区划代码), for the record")],
    document: Annotated[
        Optional[str], typer.Option(help="the notice the days come from; default: the file's `document`")
    ] = None,
    reason: Annotated[Optional[str], typer.Option(help="why, when revising a year already entered")] = None,
    actor: Annotated[Optional[str], typer.Option(help="who enters it; default: the OS user")] = None,
    org: Annotated[str, typer.Option(help="the admin's office")] = "command-line",
) -> None:
    """Enter a year of holidays and make-up workdays (调休), or revise it, as an admin: the
    running service computes deadlines with it from then on, without a restart."""
    admin = command_line_admin(jurisdiction, actor, org)
    try:
        found = read_year_file(file, year)
    except InvalidValue as error:
        raise typer.BadParameter(str(error)) from None
    with open_services() as services:
        try:
            entered = services.calendars.set(found.days, document or found.document or "", admin, reason)
        except (DomainError, ApplicationError) as error:
            typer.echo(f"yingshang: {error}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"calendar {entered.label()}: {len(entered.holidays)} holidays, {len(entered.workdays)} make-up workdays")


@calendar.command("show")
def calendar_show(year: YearArgument) -> None:
    """Show an entered year: its days, revision, document and who entered and revised it."""
    # the calendar is national: any office reads it, whatever its jurisdiction
    reader = command_line_admin("110000", None)
    with open_services() as services:
        try:
            entered = services.calendars.year(year, reader)
        except NotFound:
            known = [k.year for k in services.calendars.known(reader)]
            built_in = "built in" if year in known else "unknown: deadlines in it are refused"
            typer.echo(f"{year}: not entered ({built_in})")
            raise typer.Exit(1) from None
    typer.echo(f"calendar {entered.label()} — {entered.document}")
    typer.echo(f"entered by {entered.entered_by.id} ({entered.entered_by.org}) at {entered.entered_at.isoformat()}")
    if entered.revised_by is not None:
        typer.echo(f"revised by {entered.revised_by.id} at {entered.revised_at}: {entered.reason}")
    typer.echo("holidays: " + " ".join(day.isoformat() for day in entered.holidays))
    typer.echo("workdays: " + " ".join(day.isoformat() for day in entered.workdays))


@app.command()
def permissions() -> None:
    """Print the permission table (role × action × scope) as Markdown: docs/permissions.md."""
    typer.echo(permissions_markdown(), nl=False)


@app.command()
def definitions() -> None:
    """Print what every ratio counts (统计口径) under the configured bases and references, as
    Markdown: docs/ratios.md with the defaults."""
    settings = load_settings()
    chosen = choose(DEFINITIONS, settings.ratio_bases, settings.ratio_references)
    typer.echo(definitions_markdown(chosen), nl=False)


@app.command()
def vocabulary(
    name: Annotated[Optional[str], typer.Argument(help="one vocabulary, e.g. appeal_status")] = None,
) -> None:
    """Print the Chinese label of every code (GET /api/v1/vocabulary), one per line:
    vocabulary, code and label, separated by tabs."""
    try:
        found = vocabularies(name)
    except NotFound as error:
        typer.echo(f"yingshang: {error}", err=True)
        raise typer.Exit(1) from None
    for each in found:
        for code, label in each.labels.items():
            typer.echo(f"{each.name}\t{code}\t{label}")


@app.command("cipher-key")
def cipher_key() -> None:
    """Print a fresh AES-256 key for YINGSHANG_CIPHER_KEY (encryption of the stored events);
    the key is the last line."""
    typer.echo(
        f"# set {KEY_VARIABLE} to this in the service's environment, never in the repository; "
        "keep a copy somewhere safe: without it the stored events cannot be read",
        err=True,
    )
    typer.echo(new_key())


if __name__ == "__main__":
    app()
