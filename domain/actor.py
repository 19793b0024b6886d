"""Who issued a command. Stored on every event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from domain.errors import InvalidValue


class Role(Enum):
    """The roles of `shared/domain.md`; `system` is a process policy acting on its own."""

    ENTERPRISE = "enterprise"
    HANDLER = "handler"  # 承办单位
    COORDINATOR = "coordinator"  # 营商办
    INSPECTOR = "inspector"  # 执法部门
    MEDIATOR = "mediator"
    COURT_CLERK = "court_clerk"
    FINANCE = "finance"  # 财政
    AUDITOR = "auditor"  # 纪委监委
    ADMIN = "admin"
    SYSTEM = "system"


@dataclass(frozen=True)
class Provenance:
    """Where an act recorded by a bulk import came from: the import (`import_id`), the SM3
    digest of the file it read (`digest`, e.g. `sm3:66c7…`) and the row of that file (from 1,
    the heading row included, as a spreadsheet numbers it)."""

    import_id: str
    digest: str
    row: int


@dataclass(frozen=True)
class Actor:
    """A person or process: an id, a role and an organisation (department, court, …) code.
    An act entered by a bulk import names the person who ran it, with the import's `source`;
    an act entered live has none."""

    id: str
    role: Role
    org: str
    source: Provenance | None = None

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidValue("actor id must not be empty")
        if not isinstance(self.role, Role):
            raise InvalidValue(f"unknown role {self.role!r}")

    def importing(self, source: Provenance) -> Actor:
        """This actor, recording acts read by an import from `source`."""
        return Actor(self.id, self.role, self.org, source)
