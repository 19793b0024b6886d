"""What a 交办单 or 督办单 says, line by line, as both the printable page and the PDF show it;
and the PDF itself, drawn with reportlab in its built-in CID font STSong-Light (宋体): no font
file is shipped or downloaded, the PDF viewer supplies the glyphs."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from starlette.responses import Response
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from application.documents import Document
from domain.clock import local_date
from infrastructure.settings import Settings
from interface.web.templating import label

FONT = "STSong-Light"
RED = HexColor("#b22222")
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class Sheet:
    """The printed face of a document: the office at its head, its title and number, the
    facts as (label, text) lines, and the date under the seal."""

    office: str
    title: str
    number: str
    lines: list[tuple[str, str]]
    dated: str


def chinese_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def office_name(settings: Settings, jurisdiction: str) -> str:
    """The name at the head of the jurisdiction's documents (its code if the settings name
    none)."""
    return settings.office_names.get(jurisdiction, f"{jurisdiction} 优化营商环境办公室")


def sheet_of(document: Document, settings: Settings) -> Sheet:
    """The sheet of `document`, headed by its office's name (`office_name`)."""
    appeal = document.appeal
    office = office_name(settings, appeal.jurisdiction.value)
    enterprise = appeal.enterprise
    unit = document.unit_name if document.unit_name == document.unit else \
        f"{document.unit_name}（{document.unit}）"
    lines = [
        ("案件编号", appeal.case_number),
        ("企业", f"{enterprise.name}（统一社会信用代码 {enterprise.credit_code}）"),
        ("诉求类别", label("category", appeal.category)),
        ("诉求内容", appeal.summary),
        ("承办单位", unit),
    ]
    if appeal.level is not None and document.kind == "assignment":
        lines.append(("办理层级", label("handling_level", appeal.level)))
    lines.append(("办结期限", chinese_day(document.deadline)))
    if document.reason:
        lines.append(("督办事由" if document.kind == "supervision" else "转办理由", document.reason))
    lines.append(("办理要求", REQUIREMENTS[document.kind]))
    return Sheet(office, document.title, document.number, lines, chinese_day(local_date(document.issued_at)))


REQUIREMENTS = {
    "assignment": "请于办结期限前办结，并将办理结果反馈本办；不属本单位职责的，请于收到后及时退回。",
    "supervision": "请高度重视，于办结期限前办结并书面反馈办理结果；逾期未办结的，将予以通报。",
}


def sheet_pdf(sheet: Sheet) -> bytes:
    """The sheet as an A4 PDF."""
    buffer = io.BytesIO()
    page = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{sheet.title} {sheet.number}",
        leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm, bottomMargin=25 * mm,
    )  # fmt: skip
    text = ParagraphStyle("text", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK")
    head = ParagraphStyle("head", parent=text, fontSize=22, leading=30, alignment=TA_CENTER,
                          textColor=RED)  # fmt: skip
    centred = ParagraphStyle("centred", parent=text, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=text, alignment=TA_RIGHT)
    rows = [[Paragraph(escape(name), text), Paragraph(escape(value), text)]
            for name, value in sheet.lines]  # fmt: skip
    facts = Table(rows, colWidths=[28 * mm, None])
    facts.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, HexColor("#555555")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    page.build([
        Paragraph(escape(f"{sheet.office} {sheet.title}"), head),
        Spacer(1, 4 * mm),
        Paragraph(escape(sheet.number), centred),
        HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=2 * mm, spaceAfter=8 * mm),
        facts,
        Spacer(1, 20 * mm),
        Paragraph(escape(f"{sheet.office}（盖章）"), right),
        Paragraph(escape(sheet.dated), right),
    ])  # fmt: skip
    return buffer.getvalue()


def pdf_response(content: bytes, document: Document) -> Response:
    """The PDF of `document`, to be shown in the browser (or saved under its case number)."""
    filename = f"{document.appeal.case_number}-{document.kind}-{document.version}.pdf"
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
