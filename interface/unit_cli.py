"""`yingshang unit`: keep the registry of units (机构名录) from the command line, one unit at a
time or from a CSV file, as the admin of a jurisdiction."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from application.errors import ApplicationError
from application.principal import Principal
from application.unit_service import RegisterUnit, RetireUnit
from domain.errors import DomainError
from domain.unit import Unit, UnitKind, UnitTerms, unit_id
from infrastructure.bootstrap import Services
from interface.cli_store import AdminOption, Jurisdiction, command_line_admin, open_services

units = typer.Typer(help="The registry of units (机构名录): departments, townships, parks, "
                    "mediating organisations, courts, the coordinating office.")  # fmt: skip

# CSV headings, in English or as offices write them
HEADINGS = {
    "code": ("code", "代码", "单位代码"),
    "name": ("name", "名称", "单位名称"),
    "short_name": ("short_name", "简称"),
    "kind": ("kind", "类型", "单位类型"),
    "parent": ("parent", "上级", "上级单位"),
    "active_from": ("active_from", "启用日期"),
}
KINDS_HELP = ", ".join(kind.value for kind in UnitKind)


@units.command("list")
def list_units(jurisdiction: Jurisdiction) -> None:
    """Print the jurisdiction's units: code, name, short name, kind, parent, status."""
    with open_services() as services:
        for code, unit in sorted(services.units.directory(jurisdiction).items()):
            typer.echo(f"{code}\t{unit.name}\t{unit.short_name}\t{unit.kind.value}\t{unit.status}")


@units.command("add")
def add_unit(  # noqa: PLR0913 - a unit's terms
    code: Annotated[str, typer.Argument(help="the code cases name the unit by, e.g. scjgj")],
    jurisdiction: Jurisdiction,
    name: Annotated[str, typer.Option(help="its Chinese name, e.g. 县市场监督管理局")],
    kind: Annotated[UnitKind, typer.Option(help=KINDS_HELP)],
    short_name: Annotated[Optional[str], typer.Option(help="default: the name")] = None,
    parent: Annotated[Optional[str], typer.Option(help="the parent unit's code")] = None,
    active_from: Annotated[Optional[str], typer.Option(help="its first day, YYYY-MM-DD")] = None,
    actor: AdminOption = None,
) -> None:
    """Register (登记) one unit."""
    row = {"code": code, "name": name, "short_name": short_name, "kind": kind.value,
           "parent": parent, "active_from": active_from}  # fmt: skip
    with open_services() as services:
        if not _register(services, command_line_admin(jurisdiction, actor), row, where=code):
            raise typer.Exit(1)


@units.command("import")
def import_units(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV (UTF-8): code,name,short_name,kind,parent,"
            "active_from, or 代码,名称,简称,类型,上级,启用日期"
        ),
    ],  # fmt: skip
    jurisdiction: Jurisdiction,
    actor: AdminOption = None,
) -> None:
    """Register every unit of a CSV file that is not registered yet; exit 1 if a row fails."""
    rows = _rows(file)
    failed = 0
    with open_services() as services:
        admin = command_line_admin(jurisdiction, actor)
        for number, row in enumerate(rows, start=2):
            if services.store.find(unit_id(admin.jurisdiction, row.get("code") or ""), Unit):
                typer.echo(f"row {number}: {row.get('code')} is registered already; left as it is")
                continue
            failed += not _register(services, admin, row, where=f"row {number}")
    if failed:
        raise typer.Exit(1)


@units.command("retire")
def retire_unit(
    code: str,
    jurisdiction: Jurisdiction,
    last_day: Annotated[str, typer.Option(help="the last day it acts, YYYY-MM-DD")],
    reason: Annotated[str, typer.Option(help="why (e.g. the reorganisation's document)")],
    actor: AdminOption = None,
) -> None:
    """Retire (撤销) a unit: it takes no case after its last day."""
    with open_services() as services:
        admin = command_line_admin(jurisdiction, actor)
        try:
            command = RetireUnit(last_day=date.fromisoformat(last_day), reason=reason)
            unit = services.units.execute(unit_id(admin.jurisdiction, code), command, admin)
        except (ValueError, DomainError, ApplicationError) as error:
            typer.echo(f"yingshang: {code}: {error}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{code}: retired after {unit.active_to}")


def _register(services: Services, admin: Principal, row: dict[str, str | None], where: str) -> bool:
    """Register the unit a row describes; say what became of it; whether it went in."""
    try:
        first = row.get("active_from")
        terms = UnitTerms(
            name=row.get("name") or "",
            short_name=row.get("short_name") or row.get("name") or "",
            kind=UnitKind(row.get("kind")),
            parent=row.get("parent") or None,
            active_from=date.fromisoformat(first) if first else None,
        )
        command = RegisterUnit(
            jurisdiction=admin.jurisdiction, code=row.get("code") or "", terms=terms
        )
        unit = services.units.register(command, admin)
    except (ValueError, DomainError, ApplicationError) as error:
        typer.echo(f"yingshang: {where}: {error}", err=True)
        return False
    typer.echo(f"{unit.code}: registered as {unit.terms.name} ({unit.terms.kind.value})")
    return True


def _rows(file: Path) -> list[dict[str, str | None]]:
    """The CSV's rows by our field names, whichever headings it uses."""
    with file.open(encoding="utf-8-sig", newline="") as opened:
        records = list(csv.DictReader(opened))
    wanted = {heading: field for field, headings in HEADINGS.items() for heading in headings}
    return [
        {
            wanted[h.strip()]: (v or "").strip() or None
            for h, v in record.items()
            if h and h.strip() in wanted
        }
        for record in records
    ]
