"""Tables people open in a spreadsheet: `format=csv` or `format=xlsx`, with Chinese headings."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import quote

from fastapi.responses import Response
from openpyxl import Workbook

from interface.http.consistency import POSITION_HEADER

TableFormat = Literal["json", "csv", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON; or, with `format=csv` or `format=xlsx`, the table as a download "
        "with Chinese headings",
        "content": {
            "text/csv": {"schema": {"type": "string", "description": "UTF-8 with BOM"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
        "headers": POSITION_HEADER,
    }
}  # the reads that take `format` (all take `min_position`): the media types besides JSON


def table_response(
    columns: Sequence[tuple[str, str]], rows: Sequence[dict[str, Any]], fmt: str, name: str
) -> Response:
    """`rows` as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese) or XLSX;
    `columns` pairs each key with its heading.
    """
    headings = [heading for _, heading in columns]
    values = [[cell(row.get(key)) for key, _ in columns] for row in rows]
    disposition = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headings)
        writer.writerows(values)
        body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        return Response(body, media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": disposition})  # fmt: skip
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in values:
        sheet.append(row)
    buffer_bytes = io.BytesIO()
    workbook.save(buffer_bytes)
    return Response(buffer_bytes.getvalue(), media_type=XLSX, headers={"Content-Disposition": disposition})


def cell(value: Any) -> Any:
    """A spreadsheet cell: text, numbers and booleans as they are, lists joined, the rest as text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return "、".join(str(item) for item in value)
    return str(value)
