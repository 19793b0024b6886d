"""SQL of the seals (the hash chain) on both databases: a table beside the events, written in
the transaction that inserts them, so that no event is stored unsealed.

Mixed into the library's application recorder of each database: the inserting transaction
holds the database's write lock (SQLite's, or the library's `LOCK TABLE … IN EXCLUSIVE MODE` on
PostgreSQL), so the chain's last link cannot change while the next is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from application.seals import GENESIS, Checkpoint, Seal, preferred_hash, seal

COLUMNS = ("position", "case_id", "version", "event_digest", "case_digest", "log_digest")


class SealTable:
    """The seals of the stored events; subclasses name `seals_table` and create it."""

    datastore: Any
    seals_table: str

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    @property
    def hash_name(self) -> str:
        """The hash new seals are made with."""
        return preferred_hash()

    def _seal(self, cursor: Any, positions: Sequence[int], stored_events: Sequence[Any]) -> None:
        """Seal the events just inserted at `positions`, in the inserting transaction."""
        cursor.execute(f"SELECT log_digest FROM {self.seals_table} ORDER BY position DESC LIMIT 1")
        last = cursor.fetchone()
        previous_log = last["log_digest"] if last else GENESIS
        cases: dict[UUID, str] = {}
        values = ", ".join(self.placeholder(column) for column in COLUMNS)
        insert = f"INSERT INTO {self.seals_table} ({', '.join(COLUMNS)}) VALUES ({values})"
        rows = []
        for position, stored in zip(positions, stored_events, strict=True):
            case_id = UUID(str(stored.originator_id))
            if case_id not in cases:  # a case's first event (version 1) follows no seal of it
                first = stored.originator_version == 1
                cases[case_id] = GENESIS if first else self._last_case_digest(cursor, case_id)
            made = seal(self.hash_name, position, case_id, stored.originator_version, stored.topic,
                        stored.state, previous_log, cases[case_id])  # fmt: skip
            rows.append(vars(made) | {"case_id": str(case_id)})
            previous_log, cases[case_id] = made.log_digest, made.case_digest
        cursor.executemany(insert, rows)

    def _last_case_digest(self, cursor: Any, case_id: UUID) -> str:
        cursor.execute(
            f"SELECT case_digest FROM {self.seals_table} WHERE case_id = "
            f"{self.placeholder('case_id')} ORDER BY version DESC LIMIT 1",
            {"case_id": str(case_id)},
        )
        last = cursor.fetchone()
        return last["case_digest"] if last else GENESIS

    def select_seals(self, start: int, limit: int) -> list[Seal]:
        """Up to `limit` seals from log position `start` on, in log order."""
        return self._seals(
            f"WHERE position >= {self.placeholder('start')} ORDER BY position "
            f"LIMIT {self.placeholder('limit')}",
            {"start": start, "limit": limit},
        )

    def case_seals(self, case_id: UUID) -> list[Seal]:
        """The seals of one case's events, by version."""
        return self._seals(
            f"WHERE case_id = {self.placeholder('case_id')} ORDER BY version",
            {"case_id": str(case_id)},
        )

    def seal_before(self, position: int) -> Seal | None:
        """The last seal before a log position (None before the first)."""
        found = self._seals(
            f"WHERE position < {self.placeholder('position')} ORDER BY position DESC LIMIT 1",
            {"position": position},
        )
        return found[0] if found else None

    def head(self) -> Checkpoint:
        """The last seal's position and log digest: the digest an auditor records."""
        last = self._seals("ORDER BY position DESC LIMIT 1", {})
        return Checkpoint(last[0].position, last[0].log_digest) if last else Checkpoint(0, GENESIS)

    def _seals(self, clauses: str, params: dict[str, Any]) -> list[Seal]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {self.seals_table} {clauses}", params)
            return [
                Seal(**{column: row[column] for column in COLUMNS} | {"case_id": UUID(row["case_id"])})
                for row in cursor.fetchall()
            ]
