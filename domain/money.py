"""Exact amounts of money in yuan (never float)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.errors import InvalidValue

FEN = Decimal("0.01")


@dataclass(frozen=True, order=True)
class Money:
    """A non-negative amount of yuan with at most two decimal places (fen)."""

    yuan: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.yuan, Decimal) or not self.yuan.is_finite():
            raise InvalidValue(f"money must be a finite Decimal, got {self.yuan!r}")
        if self.yuan < 0:
            raise InvalidValue(f"money must not be negative, got {self.yuan}")
        if self.yuan != self.yuan.quantize(FEN):
            raise InvalidValue(f"money has at most two decimal places (fen), got {self.yuan}")

    @classmethod
    def of(cls, amount: str | int | Decimal) -> Money:
        """Parse an amount given as text, an integer or a Decimal."""
        try:
            return cls(Decimal(amount))
        except InvalidOperation:
            raise InvalidValue(f"not an amount of money: {amount!r}") from None

    def __str__(self) -> str:
        return f"{self.yuan.quantize(FEN)}"
