"""Load the appeal deadline rules from TOML."""

from __future__ import annotations

import tomllib
from pathlib import Path

from domain.appeal import Category, DeadlineRules, Urgency
from domain.errors import InvalidValue

BUNDLED = Path(__file__).with_name("deadline_rules.toml")


def load_deadline_rules(path: Path | None = None) -> DeadlineRules:
    """Read the rules file (the bundled one if `path` is None)."""
    tables = tomllib.loads((path or BUNDLED).read_text(encoding="utf-8"))
    try:
        default = urgency_table(tables.pop("default"))
        by_category = {Category(name): urgency_table(table) for name, table in tables.items()}
    except (KeyError, ValueError) as error:
        raise InvalidValue(f"invalid deadline rules in {path or BUNDLED}: {error}") from None
    return DeadlineRules(default=default, by_category=by_category)


def urgency_table(table: dict[str, int]) -> dict[Urgency, int]:
    return {Urgency(name): int(days) for name, days in table.items()}
