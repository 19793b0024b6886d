"""The `yingshang` command line: run the service, mint tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Optional

import typer

from application.principal import Principal
from domain.actor import Actor, Role
from domain.enterprise import CreditCode
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode
from application.views import ViewUpdater
from infrastructure.bootstrap import build_services, token_authority
from infrastructure.settings import Settings

app = typer.Typer(help="yingshang 营商: case management for business-environment offices.")

ROLES_HELP = (
    "enterprise (企业: its own cases; needs --credit-code), handler (承办单位: cases of its "
    "department --org), coordinator (营商办: all in its jurisdiction), inspector (执法部门), "
    "mediator (调解员), court_clerk (法院), finance (财政), auditor (纪委监委: read-only), "
    "admin (reference data)"
)


projections = typer.Typer(help="Rebuild and check the views derived from the event log.")
app.add_typer(projections, name="projections")
VIEWS = ("case_index", "supervision_list", "audit_activity")
ViewName = Annotated[
    Optional[str], typer.Argument(help=f"one of {', '.join(VIEWS)}; every view if omitted")
]


@projections.command("rebuild")
def rebuild_projection(name: ViewName = None) -> None:
    """Empty a view and apply the whole event log to it again, showing progress."""
    with _views(name) as updaters:
        for updater in updaters:
            with typer.progressbar(length=1, label=updater.name) as bar:

                def progress(done: int, total: int) -> None:
                    bar.length = max(total, 1)
                    bar.update(done - bar.pos)

                position = updater.rebuild(progress)
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
    services = build_services()
    try:
        yield [updater for key, updater in services.views.items() if name in (None, key)]
    finally:
        services.close()


@app.command()
def project(
    once: Annotated[bool, typer.Option(help="catch up once and exit")] = False,
) -> None:
    """Run the process policies and projections on their own, polling the log (for a
    deployment where `yingshang serve` runs in several processes on PostgreSQL)."""
    services = build_services()
    runner = services.policy_runner()
    try:
        if once:
            for catch_up in runner.catch_ups:
                catch_up()
            return
        typer.echo(f"yingshang: following {services.settings.database_url}; Ctrl-C stops")
        runner.start()
        runner.wait()
    except KeyboardInterrupt:
        runner.stop()
    finally:
        services.close()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Run the HTTP service on the store YINGSHANG_DATABASE_URL names (SQLite by default)."""
    import uvicorn

    from interface.http import create_app

    settings = Settings()
    typer.echo(f"yingshang: store {settings.database_url}, http://{host}:{port}/docs")
    typer.echo("yingshang: a token: yingshang token --role coordinator --org ORG --jurisdiction CODE")
    uvicorn.run(create_app(), host=host, port=port)


@app.command()
def token(
    role: Annotated[Role, typer.Option(help=ROLES_HELP, case_sensitive=False)],
    org: Annotated[str, typer.Option(help="department, court or organisation code")],
    jurisdiction: Annotated[str, typer.Option(help="6-digit division code, e.g. 360121")],
    credit_code: Annotated[
        Optional[str], typer.Option(help="the enterprise's own credit code (enterprise role)")
    ] = None,
    subject: Annotated[Optional[str], typer.Option("--sub", help="actor id; default ROLE:ORG")] = None,
) -> None:
    """Print a bearer token for the configured secret; the token is the last line."""
    try:
        principal = Principal(
            actor=Actor(id=subject or f"{role.value}:{org}", role=role, org=org),
            jurisdiction=JurisdictionCode(jurisdiction),
            credit_code=CreditCode(credit_code) if credit_code else None,
        )
    except InvalidValue as error:
        raise typer.BadParameter(str(error)) from None
    if role is Role.ENTERPRISE and principal.credit_code is None:
        raise typer.BadParameter("the enterprise role needs --credit-code")
    if role is Role.SYSTEM:
        raise typer.BadParameter("the system role is not issued to people")
    authority = token_authority(Settings())
    typer.echo(f"# {role.value} {org} @ {jurisdiction}, valid {authority.ttl}", err=True)
    typer.echo(authority.mint(principal))


if __name__ == "__main__":
    app()
