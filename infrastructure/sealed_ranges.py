"""The stored log read a range of positions at a time by whichever process checks the range
(`application.parallel_check`): a reader that can be sent to another process, which opens its
own connection there on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from application.case_store import CaseStore

from infrastructure.database import store_env
from infrastructure.tables import open_store


@dataclass(frozen=True)
class SealedRanges:
    """Reads `select_sealed` ranges of the store at `database_url` (the stored bytes as they
    are: a check needs no cipher key)."""

    database_url: str

    def __call__(self, first: int, last: int) -> tuple[Any, Any]:
        return _store(self.database_url).recorder.select_sealed(first, last)


@cache
def _store(database_url: str) -> CaseStore:
    """The store, opened once in this process (and kept: closing it would close its log)."""
    return open_store(store_env(database_url))
