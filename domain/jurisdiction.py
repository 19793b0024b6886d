"""Administrative division codes (行政区划代码, GB/T 2260)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import InvalidValue

# First two digits: the province-level divisions of GB/T 2260.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


@dataclass(frozen=True)
class JurisdictionCode:
    """A 6-digit division code such as 360121 (南昌县). Every case belongs to one."""

    value: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d{6}", self.value) or self.value[:2] not in PROVINCE_CODES:
            raise InvalidValue(
                f"jurisdiction must be a 6-digit GB/T 2260 division code, got {self.value!r}"
            )

    def __str__(self) -> str:
        return self.value
