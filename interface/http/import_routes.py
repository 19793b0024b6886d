"""`/api/v1/imports`: bulk import of history from an uploaded ledger or 12345 export, and the
record of each import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, File, Form, Response, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from application.import_mapping import ImportMapping
from application.import_service import ImportReport
from application.principal import Principal
from domain.errors import InvalidValue
from domain.import_run import ImportRun, RowProblem
from infrastructure.bootstrap import Services
from infrastructure.import_files import import_file, problems_csv, problems_xlsx
from interface.http.consistency import written
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.permits import guarded
from interface.http.problems import ERROR_RESPONSES
from interface.http.tables import XLSX, TableFormat

router = APIRouter(prefix="/imports", tags=["imports 批量导入"], responses=ERROR_RESPONSES)
MAX_BYTES = 64 * 1024 * 1024  # an upload larger than this is refused (about 200,000 rows)
Kind = Literal["appeals", "inspections", "mediations", "policy-claims"]  # every one of IMPORT_KINDS


class ActorView(BaseModel):
    id: str
    role: str
    org: str


class ImportReportView(BaseModel):
    """What an import did (or, dry, would do) with each row of the file."""

    import_id: UUID | None = Field(description="None for a dry run, which records nothing")
    kind: str
    file_name: str
    digest: str = Field(description="SM3 of the file's bytes, e.g. sm3:66c7…")
    dry_run: bool
    rows: int
    imported: int = Field(description="rows that became cases (dry: would)")
    events: int = Field(description="the events those cases were recorded with")
    skipped: int = Field(description="rows imported before, or repeated in the file")
    failed: list[RowProblem] = Field(description="refused rows: row, column, reason 中文 and English")

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportView:
        return cls(**vars(report))


class ImportRunView(BaseModel):
    """Who imported which file when, and what became of its rows."""

    id: UUID
    kind: str
    file_name: str
    digest: str
    jurisdiction: str
    actor: ActorView
    started_at: datetime
    finished_at: datetime | None = Field(description="None while the import runs")
    rows: int
    imported: int
    events: int
    skipped: int
    failed: list[RowProblem]

    @classmethod
    def of(cls, run: ImportRun) -> ImportRunView:
        actor = ActorView(id=run.actor.id, role=run.actor.role.value, org=run.actor.org)
        return cls(
            id=run.id, kind=run.case_kind, file_name=run.file_name, digest=run.digest,
            jurisdiction=run.jurisdiction.value, actor=actor, started_at=run.started_at,
            finished_at=run.finished_at, rows=run.rows, imported=run.imported, events=run.events,
            skipped=run.skipped, failed=list(run.failed),
        )  # fmt: skip


@router.post(
    "",
    **guarded("import", "submit"),
    response_model=ImportReportView,
    status_code=201,
    summary="批量导入 Import a ledger or a 12345 export (CSV or XLSX)",
)
async def create_import(  # noqa: PLR0913 - the form's fields
    kind: Annotated[Kind, Form()],
    file: Annotated[UploadFile, File(description="CSV (UTF-8 or GB18030) or XLSX")],
    services: ServicesDep,
    principal: PrincipalDep,
    response: Response,
    mapping: Annotated[UploadFile | None, File(description="TOML mapping file")] = None,
    dry_run: Annotated[bool, Form()] = False,
    all_or_nothing: Annotated[bool, Form()] = False,
) -> ImportReportView:
    """Import the file's rows as cases in the caller's jurisdiction (a dry run checks every
    row and writes nothing, answering 200)."""
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InvalidValue(f"the file exceeds {MAX_BYTES // 1024 // 1024} MiB; import it in parts")
    upload = Upload(data, file.filename or "upload.csv", await _mapping(mapping))
    report = await run_in_threadpool(
        _imported, services, kind, upload, principal, dry_run, all_or_nothing
    )
    if dry_run:
        response.status_code = 200
    else:
        response.headers["Location"] = f"/api/v1/imports/{report.import_id}"
        written(response, services.store)
    return ImportReportView.of(report)


@router.get(
    "/{import_id}",
    **guarded("import", "read"),
    response_model=ImportRunView,
    summary="导入记录 Who imported what, when, and which rows were refused",
)
def get_import(import_id: UUID, services: ServicesDep, principal: PrincipalDep) -> ImportRunView:
    return ImportRunView.of(services.imports.get(import_id, principal))


@router.get(
    "/{import_id}/errors",
    **guarded("import", "read"),
    response_model=list[RowProblem],
    responses={200: {
        "description": "JSON; or, with `format=csv` or `format=xlsx`, the refused rows as a "
        "download: 行号, 列, 原因, reason",
        "content": {
            "text/csv": {"schema": {"type": "string", "description": "UTF-8 with BOM"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }},
    summary="未导入的行 The refused rows (JSON, CSV or XLSX)",
)  # fmt: skip
def import_errors(
    import_id: UUID,
    services: ServicesDep,
    principal: PrincipalDep,
    format: TableFormat = "json",  # noqa: A002 - the query parameter's name
) -> Any:
    failed = services.imports.get(import_id, principal).failed
    if format == "json":
        return list(failed)
    if format == "csv":
        return Response(problems_csv(failed), media_type="text/csv; charset=utf-8")
    return Response(problems_xlsx(failed), media_type=XLSX)


async def _mapping(upload: UploadFile | None) -> ImportMapping | None:
    if upload is None:
        return None
    try:
        return ImportMapping.from_toml((await upload.read(MAX_BYTES)).decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidValue("the mapping file is not UTF-8 text") from None


@dataclass(frozen=True)
class Upload:
    data: bytes
    name: str
    mapping: ImportMapping | None


def _imported(  # noqa: PLR0913
    services: Services,
    kind: str,
    upload: Upload,
    principal: Principal,
    dry_run: bool,
    all_or_nothing: bool,
) -> ImportReport:
    """The upload read and imported (on a worker thread: it reads and writes the store)."""
    read = import_file(upload.data, upload.name, upload.mapping)
    return services.imports.run(
        kind, read, principal, dry_run=dry_run, all_or_nothing=all_or_nothing
    )
