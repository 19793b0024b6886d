"""`yingshang import`: bring an office's history in from its ledgers (台账) and exports (12345
工单), with a progress bar; print the template of a kind; show what an import did."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional
from uuid import UUID

import typer

from application.errors import ApplicationError
from application.import_kinds import IMPORT_KINDS
from application.import_mapping import ImportMapping
from application.import_plan import ImportKind
from application.import_service import ImportReport
from domain.errors import DomainError
from infrastructure.import_files import import_file, problems_csv, problems_xlsx, template_xlsx
from interface.cli_store import command_line_admin, open_services
from interface.progress_bar import progress_bar

imports = typer.Typer(help="Bulk import (批量导入) of history from ledgers and 12345 exports.")

KindArgument = Annotated[str, typer.Argument(help=f"one of {', '.join(IMPORT_KINDS)}")]
Jurisdiction = Annotated[str, typer.Option(help="6-digit division code, e.g. 360121")]
ActorOption = Annotated[
    Optional[str],
    typer.Option("--actor", help="who runs the import (an admin); default: the OS user"),
]


@imports.command("run")
def run_import(  # noqa: PLR0913 - how to import
    kind: KindArgument,
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8 or GB18030) or XLSX, one row per case")],
    jurisdiction: Jurisdiction,
    mapping: Annotated[
        Optional[Path], typer.Option(help="TOML mapping another system's headings and codes")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="check every row, write nothing")] = False,
    all_or_nothing: Annotated[
        bool, typer.Option(help="import nothing if any row is refused")
    ] = False,
    errors: Annotated[
        Optional[Path], typer.Option(help="write the refused rows here (.xlsx or .csv)")
    ] = None,
    actor: ActorOption = None,
) -> None:
    """Import the file's rows as cases of KIND; exit 1 if any row was refused."""
    _kind(kind)
    principal = command_line_admin(jurisdiction, actor)
    try:
        read = import_file(file.read_bytes(), file.name, _mapping(mapping))
    except (OSError, DomainError) as error:
        raise typer.BadParameter(str(error)) from None
    with open_services() as services:
        with progress_bar(f"导入 {file.name}") as progress:
            try:
                report = services.imports.run(
                    kind, read, principal, dry_run=dry_run, all_or_nothing=all_or_nothing,
                    progress=progress,
                )  # fmt: skip
            except (ApplicationError, DomainError) as error:
                typer.echo(f"yingshang: {error}", err=True)
                raise typer.Exit(1) from None
    typer.echo(summary(report))
    if errors is not None and report.failed:
        written = problems_xlsx if errors.suffix.lower() == ".xlsx" else problems_csv
        errors.write_bytes(written(report.failed))
        typer.echo(f"未导入的行见 {errors}")
    if report.failed:
        raise typer.Exit(1)


@imports.command("template")
def template(kind: KindArgument) -> None:
    """Write an empty XLSX file of KIND (its headings, and a sheet describing each column) to
    standard output: `yingshang import template appeals > 诉求导入模板.xlsx`."""
    chosen = _kind(kind)
    sys.stdout.buffer.write(template_xlsx(chosen.title, chosen.columns))


@imports.command("show")
def show(
    import_id: Annotated[UUID, typer.Argument(help="the import's id, as `run` printed it")],
    jurisdiction: Jurisdiction,
    actor: ActorOption = None,
) -> None:
    """Who imported which file when, how many rows went in, and which were refused."""
    with open_services() as services:
        try:
            run = services.imports.get(import_id, command_line_admin(jurisdiction, actor))
        except ApplicationError as error:
            typer.echo(f"yingshang: {error}", err=True)
            raise typer.Exit(1) from None
    typer.echo(
        f"{run.file_name}（{run.digest}）由 {run.actor.id} 于 {run.started_at:%Y-%m-%d %H:%M} 导入"
        f"{run.case_kind}：共 {run.rows} 行，导入 {run.imported} 件（{run.events} 个事件），"
        f"跳过 {run.skipped} 行，未导入 {len(run.failed)} 行"
    )
    for problem in run.failed:
        typer.echo(f"第 {problem.row} 行\t{problem.column}\t{problem.reason_zh}\t{problem.reason_en}")


def summary(report: ImportReport) -> str:
    """What the import did, in a sentence."""
    done = "可导入" if report.dry_run else "导入"
    named = "（试运行，未写入）" if report.dry_run else f"，导入编号 {report.import_id}"
    return (
        f"{report.file_name}：共 {report.rows} 行，{done} {report.imported} 件"
        f"（{report.events} 个事件），跳过 {report.skipped} 行（此前已导入或文件内重复），"
        f"未导入 {len(report.failed)} 行{named}"
    )


def _kind(name: str) -> ImportKind:
    if name not in IMPORT_KINDS:
        raise typer.BadParameter(f"unknown kind {name!r}; one of: {', '.join(IMPORT_KINDS)}")
    return IMPORT_KINDS[name]


def _mapping(path: Path | None) -> ImportMapping | None:
    return None if path is None else ImportMapping.from_toml(path.read_text(encoding="utf-8"))
