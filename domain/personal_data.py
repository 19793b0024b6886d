"""Masking personal data (去标识化) for readers who do not need it in full."""

from __future__ import annotations

MASK = "*"
SHOWN_LEADING_DIGITS = 3
SHOWN_TRAILING_DIGITS = 4
SHORT_NUMBER_DIGITS = 8  # fewer digits than this keep only their last two


def mask_name(name: str) -> str:
    """Keep the first character (usually the surname): 张三 → 张*, 欧阳娜娜 → 欧***."""
    return name[:1] + MASK * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits (13800138000 → 138****8000), or the last two
    of a short number; separators stay where they are.
    """
    digits = [i for i, char in enumerate(phone) if char.isdigit()]
    if len(digits) >= SHORT_NUMBER_DIGITS:
        shown = digits[:SHOWN_LEADING_DIGITS] + digits[-SHOWN_TRAILING_DIGITS:]
    else:
        shown = digits[-2:]
    hidden = set(digits) - set(shown)
    return "".join(MASK if i in hidden else char for i, char in enumerate(phone))
