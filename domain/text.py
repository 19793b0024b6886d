"""Free text the offices type in: reasons, replies, notes, names."""

from __future__ import annotations

import re

from domain.errors import InvalidValue

# Characters free text never holds: the C0 controls other than tab, line feed and carriage
# return (PostgreSQL refuses NUL), DEL and the C1 controls, and the bidirectional embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a text read otherwise than it
# is stored. One class, written with the characters themselves, for Python, the Rust regex
# engine pydantic uses and the ECMA regex of the OpenAPI document alike.
FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[{FORBIDDEN}]")


def require_text(value: str, what: str) -> str:
    """Return `value` stripped, refusing an empty one (reasons, replies and notes are required)
    and one with control or bidirectional-control characters.
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{what} must not be empty")
    if CONTROL.search(value):
        raise InvalidValue(f"{what} must not contain control characters")
    return value.strip()


def optional_text(value: str | None, what: str) -> str:
    """Return `value` stripped ("" for none), refusing control characters as `require_text`
    does: comments and notes that may be left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return require_text(value, what)
