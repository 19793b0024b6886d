"""Tables people open in a spreadsheet: `format=csv` or `format=xlsx`, with Chinese headings and
values: a column of codes shows their labels, and the codes themselves in a column beside it
(heading + 代码); booleans show as 是/否.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any, Literal
from urllib.parse import quote

from fastapi.responses import Response
from openpyxl import Workbook

from application.vocabulary import BOOLEAN, Vocabulary
from interface.http.consistency import POSITION_HEADER

TableFormat = Literal["json", "csv", "xlsx"]
# A column: the row's key and its heading, and for a column of codes the vocabulary labelling them.
Column = tuple[str, str] | tuple[str, str, Vocabulary]
CODE_SUFFIX = "代码"  # the heading of a code column is its labelled column's heading + 代码
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON; or, with `format=csv` or `format=xlsx`, the table as a download "
        "with Chinese headings and values: codes by their labels (`GET /vocabulary`), each "
        "beside a column of the codes headed …代码; booleans as 是/否",
        "content": {
            "text/csv": {"schema": {"type": "string", "description": "UTF-8 with BOM"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
        "headers": POSITION_HEADER,
    }
}  # the reads that take `format` (all take `min_position`): the media types besides JSON


def table_response(
    columns: Sequence[Column], rows: Sequence[dict[str, Any]], fmt: str, name: str
) -> Response:
    """`rows` as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese) or XLSX;
    `columns` pairs each key with its heading (and its vocabulary, for a column of codes).
    """
    headings = [heading for column in columns for heading in _headings(column)]
    values = [[value for column in columns for value in _cells(column, row)] for row in rows]
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


def _headings(column: Column) -> list[str]:
    heading = column[1]
    return [heading, heading + CODE_SUFFIX] if len(column) == 3 else [heading]  # noqa: PLR2004


def _cells(column: Column, row: dict[str, Any]) -> list[Any]:
    value = row.get(column[0])
    if len(column) == 3:  # noqa: PLR2004 - a column of codes: its labels, then the codes
        return [labelled(value, column[2]), cell(value)]
    return [cell(value)]


def cell(value: Any) -> Any:
    """A spreadsheet cell: text and numbers as they are, booleans as 是/否, lists joined, a count
    per code as `code n`, the rest as text."""
    return labelled(value, None)


def labelled(value: Any, vocabulary: Vocabulary | None) -> Any:
    """A cell of `value`, with every code in it shown by its label in `vocabulary` (if any)."""
    label = vocabulary.label if vocabulary else str
    if isinstance(value, bool):
        return BOOLEAN.label(str(value).lower())
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return label(value)
    if isinstance(value, (list, tuple)):
        return "、".join(label(str(item)) for item in value)
    if isinstance(value, Mapping):
        return "、".join(f"{label(str(code))} {count}" for code, count in value.items())
    return str(value)
