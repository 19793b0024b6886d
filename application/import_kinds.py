"""The kinds of case an import reads, by name."""

from __future__ import annotations

from application.appeal_import import APPEALS
from application.import_plan import ImportKind

IMPORT_KINDS: dict[str, ImportKind] = {kind.name: kind for kind in (APPEALS,)}
