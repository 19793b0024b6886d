"""Import files on disk or in a request: CSV (UTF-8 with or without BOM, or GB18030, as exports
from Chinese systems come) and XLSX read into rows; templates and error reports written."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from openpyxl import Workbook, load_workbook

from domain.errors import InvalidValue
from domain.import_run import RowProblem

from application.import_mapping import ImportMapping
from application.import_plan import Column
from application.import_rows import Cell, SourceRow
from application.import_service import ImportFile
from application.seals import file_digest

ENCODINGS = ("utf-8-sig", "gb18030")  # tried in turn; UTF-8 first, as GB18030 reads almost any bytes
PROBLEM_HEADINGS = ("行号", "列", "原因", "reason")


def import_file(data: bytes, name: str, mapping: ImportMapping | None = None) -> ImportFile:
    """The file's rows under our headings (through `mapping`, if given), numbered as a
    spreadsheet shows them, with the SM3 digest of its bytes; `InvalidValue` if unreadable."""
    table = _xlsx_rows(data) if PurePath(name).suffix.lower() == ".xlsx" else _csv_rows(data)
    headings = [str(cell).strip() if cell is not None else "" for cell in next(table, [])]
    if not any(headings):
        raise InvalidValue(f"{name} has no heading row")
    mapping = mapping or ImportMapping()
    rows = [
        SourceRow(number, mapping.renamed(dict(zip(headings, cells, strict=False))))
        for number, cells in enumerate(table, start=2)
        if any(cell not in (None, "") for cell in cells)
    ]
    return ImportFile(PurePath(name).name, file_digest(data), rows)


def _csv_rows(data: bytes) -> Iterable[Sequence[Cell]]:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return iter(list(csv.reader(io.StringIO(text, newline=""))))
    raise InvalidValue("the file is neither UTF-8 nor GB18030 text, nor an XLSX workbook")


def _xlsx_rows(data: bytes) -> Iterable[Sequence[Cell]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise InvalidValue(f"the file is not an XLSX workbook: {error}") from None
    return iter(list(workbook.worksheets[0].iter_rows(values_only=True)))


def template_xlsx(title: str, columns: Sequence[Column]) -> bytes:
    """An empty import file of a kind: its headings, and a sheet describing each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{title}导入"
    sheet.append([column.heading for column in columns])
    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "必填", "说明"])
    for column in columns:
        notes.append([column.heading, "是" if column.required else "否", column.description])
    return _saved(workbook)


def problems_xlsx(problems: Sequence[RowProblem]) -> bytes:
    """The refused rows as a workbook: row, column, reason in Chinese and English."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "未导入的行"
    sheet.append(PROBLEM_HEADINGS)
    for problem in problems:
        sheet.append(_problem_cells(problem))
    return _saved(workbook)


def problems_csv(problems: Sequence[RowProblem]) -> bytes:
    """The refused rows as CSV (UTF-8 with BOM, which Excel opens as such)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PROBLEM_HEADINGS)
    writer.writerows(_problem_cells(problem) for problem in problems)
    return out.getvalue().encode("utf-8-sig")


def _problem_cells(problem: RowProblem) -> list[object]:
    return [problem.row, problem.column, problem.reason_zh, problem.reason_en]


def _saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
