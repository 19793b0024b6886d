"""Enterprises, identified by their unified social credit code (统一社会信用代码)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidValue
from domain.personal_data import mask_name, mask_phone
from domain.text import require_text

# GB 32100-2015: the 31 characters allowed (no I, O, Z, S, V) and the weights of positions 1–17.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character GB 32100-2015 prescribes for the given first 17 characters."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class CreditCode:
    """An 18-character credit code whose check character has been verified."""

    value: str

    def __post_init__(self) -> None:
        code = self.value
        if len(code) != 18 or any(char not in ALPHABET for char in code):
            raise InvalidValue(
                f"credit code must be 18 characters of {ALPHABET}, got {code!r}"
            )
        expected = check_character(code[:17])
        if code[17] != expected:
            raise InvalidValue(
                f"credit code {code!r} fails the GB 32100-2015 check: "
                f"check character should be {expected!r}"
            )

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Enterprise:
    """An enterprise named on a case."""

    credit_code: CreditCode
    name: str

    def __post_init__(self) -> None:
        require_text(self.name, "enterprise name")


@dataclass(frozen=True)
class Contact:
    """The enterprise's contact person for a case (personal data: masked outside the case)."""

    name: str
    phone: str

    def __post_init__(self) -> None:
        require_text(self.name, "contact name")
        require_text(self.phone, "contact phone")

    def masked(self) -> Contact:
        """The contact as readers who do not act on the case see it: 张*, 138****8000."""
        return Contact(mask_name(self.name), mask_phone(self.phone))
