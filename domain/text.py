"""Free text the offices type in: reasons, replies, notes, names."""

from __future__ import annotations

import re

from domain.errors import InvalidValue

# Control characters other than tab, line feed and carriage return (PostgreSQL refuses NUL).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def require_text(value: str, what: str) -> str:
    """Return `value` stripped, refusing an empty one (reasons, replies and notes are required)
    and one with control characters.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{what} must not be empty")
    if CONTROL.search(value):
        raise InvalidValue(f"{what} must not contain control characters")
    return value.strip()
