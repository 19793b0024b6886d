"""`GET /api/v1/appeals/{case_id}/documents`: an appeal's 交办单 and 督办单 with their numbers;
`GET /api/v1/appeals/{case_id}/documents/{kind}`: one of them, what it says as JSON, or the
printable PDF (`format=pdf`, or `Accept: application/pdf`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Query
from pydantic import BaseModel, Field
from starlette.responses import Response

from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.permits import guarded
from interface.http.problems import BEHIND_RESPONSES, ERROR_RESPONSES
from interface.web.document_sheet import pdf_response, sheet_of, sheet_pdf

router = APIRouter(tags=["appeals 企业诉求"], responses=ERROR_RESPONSES)
PDF = "application/pdf"


class DocumentView(BaseModel):
    """A 交办单 (kind `assignment`, issued by an assignment or reassignment) or 督办单 (kind
    `supervision`, issued by a supervision order)."""

    kind: Literal["assignment", "supervision"]
    number: str = Field(description="文号, numbered per kind, jurisdiction and year: 督办〔2026〕12号")
    version: int = Field(description="the version of the appeal its act recorded")
    case_number: str
    issued_at: datetime
    unit: str = Field(description="the department it goes to (承办单位)")
    unit_name: str = Field(description="the department's name in the registry of units")
    deadline: date
    reason: str | None = Field(description="of a reassignment (转办) or a supervision order")


class ListedView(BaseModel):
    """A document of the appeal: its kind, number, and the act (`version`) that issued it."""

    kind: Literal["assignment", "supervision"]
    number: str
    version: int


@router.get(
    "/appeals/{case_id}/documents",
    **guarded("document", "read"),
    responses={503: BEHIND_RESPONSES[503]},  # no log position on the answer: it reads no list
    response_model=list[ListedView],
    summary="交办单、督办单一览",
)
def appeal_documents(case_id: UUID, services: ServicesDep, principal: PrincipalDep) -> list[ListedView]:
    """Every 交办单 and 督办单 of the appeal, oldest first (each readable by its `version`)."""
    return [
        ListedView(kind=listed.kind, number=listed.number, version=listed.version)  # type: ignore[arg-type]
        for listed in services.documents.of(case_id, principal)
    ]


@router.get(
    "/appeals/{case_id}/documents/{kind}",
    **guarded("document", "read"),
    response_model=DocumentView,
    responses={503: BEHIND_RESPONSES[503], 200: {"content": {PDF: {"schema": {"type": "string", "format": "binary"}}}}},
    summary="交办单 / 督办单",
)
def appeal_document(
    case_id: UUID,
    kind: Literal["assignment", "supervision"],
    services: ServicesDep,
    principal: PrincipalDep,
    version: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="the act's version; "
                                         "the latest document of the kind if omitted")] = None,
    format: Literal["json", "pdf"] | None = None,  # noqa: A002 - the query parameter's name
    accept: Annotated[str, Header()] = "",
) -> DocumentView | Response:
    """The appeal's latest document of `kind` (or the one its act `version` issued), as
    whoever reads the appeal may see it; 404 if it has none such."""
    document = services.documents.get(case_id, kind, principal, version)
    if format == "pdf" or format is None and PDF in accept:
        return pdf_response(sheet_pdf(sheet_of(document, services.settings)), document)
    return DocumentView(
        kind=kind,
        number=document.number,
        version=document.version,
        case_number=document.appeal.case_number,
        issued_at=document.issued_at,
        unit=document.unit,
        unit_name=document.unit_name,
        deadline=document.deadline,
        reason=document.reason,
    )
