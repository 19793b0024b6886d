"""Printable documents: an appeal's 交办单 and 督办单 (a page with a print stylesheet, or a
PDF), and an enterprise's QR code (扫码入企) that opens the inspection registration form for it.
`documents_of(case)` gives the case page its links to them."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from application.documents import TITLES
from application.permissions import require_role
from domain.appeal.aggregate import Appeal
from domain.enterprise import CreditCode
from interface.http.dependencies import services_of
from interface.web.document_sheet import pdf_response, sheet_of, sheet_pdf
from interface.web.enterprise_qr import inspection_link, qr_png, qr_svg
from interface.web.session_auth import WebPrincipalDep
from interface.web.templating import render

router = APIRouter(include_in_schema=False)
DocumentKind = Literal["assignment", "supervision"]


def documents_of(case: object) -> list[tuple[str, str]]:
    """The (title, address) of each printable document of `case`: the latest 交办单 of an
    appeal once assigned, its latest 督办单 once supervised; none for other kinds."""
    if not isinstance(case, Appeal):
        return []
    base = f"/cases/appeals/{case.id}/documents"
    issued = {"assignment": case.assigned_at is not None, "supervision": case.supervision_orders > 0}
    return [(TITLES[kind], f"{base}/{kind}") for kind, has in issued.items() if has]


@router.get("/cases/appeals/{case_id}/documents/{kind}")
def document_page(
    request: Request,
    case_id: UUID,
    kind: DocumentKind,
    principal: WebPrincipalDep,
    version: Annotated[int | None, Query(ge=1)] = None,
    format: Literal["html", "pdf"] = "html",  # noqa: A002 - the query parameter's name
) -> Response:
    """The appeal's latest document of `kind` (or the one its event `version` issued)."""
    services = services_of(request)
    document = services.documents.get(case_id, kind, principal, version)
    sheet = sheet_of(document, services.settings)
    if format == "pdf":
        return pdf_response(sheet_pdf(sheet), document)
    return render(request, "document.html", principal, sheet=sheet, document=document)


CreditCodePath = Annotated[str, Path(pattern=r"^[0-9A-Z]{18}$")]


@router.get("/enterprises/{credit_code}/qr")
def enterprise_qr(request: Request, credit_code: CreditCodePath, principal: WebPrincipalDep) -> Response:
    """A printable page with the enterprise's QR code (inline SVG) and its PNG to download."""
    require_role(principal, "enterprise_qr", "read")
    link = inspection_link(_base_url(request), CreditCode(credit_code))
    return render(
        request, "enterprise_qr.html", principal, credit_code=credit_code, link=link, svg=qr_svg(link)
    )


@router.get("/enterprises/{credit_code}/qr.png")
def enterprise_qr_png(request: Request, credit_code: CreditCodePath, principal: WebPrincipalDep) -> Response:
    """The enterprise's QR code as a PNG file."""
    require_role(principal, "enterprise_qr", "read")
    link = inspection_link(_base_url(request), CreditCode(credit_code))
    return Response(
        qr_png(link),
        media_type="image/png",
        headers={"Content-Disposition": f'attachment; filename="qr-{credit_code}.png"'},
    )


def _base_url(request: Request) -> str:
    """Where people reach the console: the configured public address, else this request's."""
    configured = services_of(request).settings.public_url
    return (configured or str(request.base_url)).rstrip("/")
