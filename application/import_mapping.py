"""A mapping file (TOML) that reads another system's export as one of our import files: its
column headings onto ours, its codes and names onto our codes, and defaults for columns it lacks.

    [columns]                 # their heading = our heading
    "工单编号" = "来源编号"
    [values."承办单位"]        # in our column: their value = ours (here a unit's code)
    "县市场监督管理局" = "scjgj"
    [defaults]                # our column = the value of every row that leaves it blank
    "诉求渠道" = "12345热线"
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.errors import InvalidValue

from application.import_rows import Cell


@dataclass(frozen=True)
class ImportMapping:
    """Headings, values and defaults as a mapping file gives them (none: the file is ours)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, text: str) -> ImportMapping:
        """The mapping a TOML file describes; `InvalidValue` saying what is wrong with it."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InvalidValue(f"the mapping file is not TOML: {error}") from None
        unknown = set(data) - {"columns", "values", "defaults"}
        if unknown:
            raise InvalidValue(f"the mapping file has unknown tables: {', '.join(sorted(unknown))}")
        values = data.get("values", {})
        _require_strings(data.get("columns", {}), "columns")
        _require_strings(data.get("defaults", {}), "defaults")
        for column, table in values.items():
            _require_strings(table, f"values.{column}")
        return cls(
            columns={_clean(k): _clean(v) for k, v in data.get("columns", {}).items()},
            values={
                _clean(column): {_clean(k): v for k, v in table.items()}
                for column, table in values.items()
            },
            defaults={_clean(k): v for k, v in data.get("defaults", {}).items()},
        )

    def renamed(self, cells: Mapping[str, Cell]) -> dict[str, Cell]:
        """A row's cells under our headings, their values mapped, blanks filled by defaults."""
        ours: dict[str, Cell] = {}
        for heading, value in cells.items():
            column = self.columns.get(_clean(heading), _clean(heading))
            if isinstance(value, str) and column in self.values:
                value = self.values[column].get(_clean(value), value)
            ours[column] = value
        for column, default in self.defaults.items():
            if ours.get(column) in (None, ""):
                ours[column] = default
        return ours


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _require_strings(table: Any, where: str) -> None:
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise InvalidValue(f"the mapping file's [{where}] maps names to text")
