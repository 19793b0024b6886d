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

from application.seal_rows import Framed, links
from application.seals import GENESIS, Checkpoint, Seal, empty_hasher, preferred_hash, tag_of
from application.signatures import SignedCheckpoint


def _uuid(ids: dict[Any, UUID], value: Any) -> UUID:
    """`value` (a UUID, or its text) as a UUID, made once per value into `ids`."""
    found = ids.get(value)
    if found is None:
        found = ids[value] = value if isinstance(value, UUID) else UUID(value)
    return found


def _followed_case(first: Any) -> str | None:
    """The case id's text of the `first` event to seal, unless it is its case's first event."""
    if first is None or first.originator_version == 1:
        return None
    return str(UUID(str(first.originator_id)))


COLUMNS = ("position", "case_id", "version", "event_digest", "case_digest", "log_digest")
TAG_COLUMNS = ("position", "previous", "tag")
CHECKPOINT_COLUMNS = tuple(SignedCheckpoint.__dataclass_fields__)


def log_tables(prefix: str, position: str, text: str) -> dict[str, str]:
    """The columns of the tables beside the events, by table name (SQL types named by the
    database): the seals, the tags of the service's key, the signed checkpoints."""
    return {
        f"{prefix}_seals": f"position {position} PRIMARY KEY, case_id {text} NOT NULL, version "
        f"{position} NOT NULL, event_digest {text} NOT NULL, case_digest {text} NOT NULL, "
        f"log_digest {text} NOT NULL, UNIQUE (case_id, version)",
        f"{prefix}_tags": f"position {position} PRIMARY KEY, previous {position} NOT NULL, tag {text} NOT NULL",
        f"{prefix}_checkpoints": f"position {position} PRIMARY KEY, size {position} NOT NULL, "
        f"log_digest {text} NOT NULL, merkle_root {text} NOT NULL, tagged_from {position} NOT NULL, "
        f"signed_at {text} NOT NULL, public_key {text} NOT NULL, signature {text} NOT NULL",
    }


class SealTable:
    """The seals of the stored events, their tags and the signed checkpoints; subclasses name
    the tables and create them. With a `tag_key` (the service's signing key's), every event is
    tagged in the transaction that seals it."""

    datastore: Any
    seals_table: str
    tags_table: str
    checkpoints_table: str
    tag_key: bytes | None = None
    events_table: str  # as SQL names it (with its schema)
    events_position: str  # the events' log position column

    def select_sealed(self, first: int, last: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The stored events and the seals (with their tags) at positions `first`–`last`, each
        in log order, as plain rows (see `application.seal_rows`): straight from the tables,
        only the columns a check reads, for a check that reads every event."""
        with self.datastore.transaction(commit=False) as cursor:
            self.plain_rows(cursor)
            cursor.execute(
                f"SELECT {self.events_position}, originator_id, originator_version, topic, state "
                f"FROM {self.events_table} WHERE {self.events_position} {self._between()} "
                f"ORDER BY {self.events_position}",
                {"first": first, "last": last},
            )
            return cursor.fetchall(), self._seal_rows(cursor, first, last)

    def select_seal_rows(self, first: int, last: int) -> list[tuple[Any, ...]]:
        """The seals (with their tags) at positions `first`–`last`, in log order, as plain rows."""
        with self.datastore.transaction(commit=False) as cursor:
            self.plain_rows(cursor)
            return self._seal_rows(cursor, first, last)

    def _seal_rows(self, cursor: Any, first: int, last: int) -> list[tuple[Any, ...]]:
        cursor.execute(self._tagged_query(f"WHERE s.position {self._between()} ORDER BY s.position"),
                       {"first": first, "last": last})  # fmt: skip
        return cursor.fetchall()  # type: ignore[no-any-return]

    def _between(self) -> str:
        return f"BETWEEN {self.placeholder('first')} AND {self.placeholder('last')}"

    @staticmethod
    def plain_rows(cursor: Any) -> None:
        """Have `cursor` fetch rows as tuples (the cheapest the driver makes)."""
        raise NotImplementedError

    def _tagged_query(self, clauses: str) -> str:
        """The SQL of the seals the `clauses` select, each with its tag (or NULLs)."""
        return (f"SELECT {', '.join('s.' + column for column in COLUMNS)}, t.previous, t.tag "
                f"FROM {self.seals_table} s LEFT JOIN {self.tags_table} t ON t.position = s.position {clauses}")  # fmt: skip

    def _tagged(self, cursor: Any, clauses: str, params: dict[str, Any]) -> list[Seal]:
        """The seals the `clauses` select, each with its tag."""
        cursor.execute(self._tagged_query(clauses), params)
        ids: dict[Any, UUID] = {}  # a case's id once for all its seals
        return [
            Seal(row["position"], _uuid(ids, row["case_id"]), row["version"], row["event_digest"],
                 row["case_digest"], row["log_digest"], row["previous"], row["tag"])  # fmt: skip
            for row in cursor.fetchall()
        ]

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    @property
    def hash_name(self) -> str:
        """The hash new seals are made with."""
        return preferred_hash()

    def _seal(
        self,
        cursor: Any,
        positions: Sequence[int],
        stored_events: Sequence[Any],
        asked: Any = None,
    ) -> None:
        """Seal the events just inserted at `positions`, in the inserting transaction (each
        case id and topic framed once, see `application.seal_rows`). `asked`: a cursor of the
        transaction the last links were asked on already (`_ask_last_links`), if any."""
        first = stored_events[0] if stored_events else None
        if asked is None:
            asked = cursor
            self._ask_last_links(cursor, first)
        log, previous, cases = self._last_links(asked, first)
        fresh, prefix, known = empty_hasher(self.hash_name), self.hash_name + ":", Framed()
        rows, tags = [], []
        for position, stored in zip(positions, stored_events, strict=True):
            case_text, case = known.cases.get(stored.originator_id) or known.case(stored.originator_id)  # type: ignore[misc] - a UUID
            version, topic = stored.originator_version, stored.topic
            last_case = cases.get(case_text)
            if last_case is None:  # a case's first event (version 1) follows no seal of it
                last_case = GENESIS if version == 1 else self._last_case_digest(cursor, case_text)
            event, cases[case_text], log = links(fresh, prefix, case, version, known.topics.get(topic)
                                                 or known.topic(topic), stored.state, last_case, log, position)  # fmt: skip
            rows.append({"position": position, "case_id": case_text, "version": version,
                         "event_digest": event, "case_digest": cases[case_text], "log_digest": log})  # fmt: skip
            if self.tag_key is not None:
                tags.append({"position": position, "previous": previous,
                             "tag": tag_of(self.tag_key, position, previous, log)})  # fmt: skip
            previous = position
        self._insert_rows(cursor, self.seals_table, COLUMNS, rows)  # then the tags
        if tags:
            self._insert_rows(cursor, self.tags_table, TAG_COLUMNS, tags)

    def _insert_rows(
        self, cursor: Any, table: str, columns: Sequence[str], rows: list[dict[str, Any]]
    ) -> None:
        """Insert `rows`: a save's one row (most saves) as one statement, more in one batch."""
        if len(rows) == 1:
            cursor.execute(self._insert(table, columns), rows[0])
        else:
            cursor.executemany(self._insert(table, columns), rows)

    def _ask_last_links(self, cursor: Any, first: Any, **options: Any) -> None:
        """Query the log's last seal (digest and position) and, where the `first` event to seal
        is not its case's first, its case's last digest: in one query, one round trip.
        `options` go to the driver's `execute`."""
        case_id = _followed_case(first)
        digest = f"({self._case_digest_sql()})" if case_id is not None else "NULL"
        cursor.execute(
            f"SELECT position, log_digest, {digest} AS case_digest "
            f"FROM {self.seals_table} ORDER BY position DESC LIMIT 1",
            {"case_id": case_id},
            **options,
        )

    def _last_links(self, cursor: Any, first: Any) -> tuple[str, int, dict[str, str]]:
        """What `_ask_last_links` asked `cursor`: the log's last digest and position, and the
        last digest of the `first` event's case by the case id's text (where it has one)."""
        case_id = _followed_case(first)
        last = cursor.fetchone() or {"position": 0, "log_digest": GENESIS, "case_digest": None}
        cases = {case_id: last["case_digest"] or GENESIS} if case_id is not None else {}
        return last["log_digest"], last["position"], cases

    def _insert(self, table: str, columns: Sequence[str]) -> str:
        values = ", ".join(self.placeholder(column) for column in columns)
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})"

    def _case_digest_sql(self) -> str:
        """The query of a case's last digest (the case id as the `case_id` parameter)."""
        return (
            f"SELECT case_digest FROM {self.seals_table} WHERE case_id = "
            f"{self.placeholder('case_id')} ORDER BY version DESC LIMIT 1"
        )

    def _last_case_digest(self, cursor: Any, case_id: str) -> str:
        cursor.execute(self._case_digest_sql(), {"case_id": case_id})
        last = cursor.fetchone()
        return last["case_digest"] if last else GENESIS

    def select_seals(self, start: int, limit: int) -> list[Seal]:
        """Up to `limit` seals from log position `start` on, in log order, with their tags."""
        return self._seals(
            f"WHERE s.position >= {self.placeholder('start')} ORDER BY s.position LIMIT {self.placeholder('limit')}",
            {"start": start, "limit": limit},
        )

    def select_checkpoints(self) -> list[SignedCheckpoint]:
        """Every signed checkpoint, in log order."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM {self.checkpoints_table} ORDER BY position")
            return [SignedCheckpoint(**{name: row[name] for name in CHECKPOINT_COLUMNS}) for row in cursor.fetchall()]

    def insert_checkpoint(self, checkpoint: SignedCheckpoint) -> None:
        """Keep a signed checkpoint (one per position: a second at the same head is dropped)."""
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"SELECT 1 FROM {self.checkpoints_table} WHERE position = {self.placeholder('position')}",
                {"position": checkpoint.position},
            )
            if cursor.fetchone() is None:
                cursor.execute(self._insert(self.checkpoints_table, CHECKPOINT_COLUMNS), vars(checkpoint))

    def case_seals(self, case_id: UUID) -> list[Seal]:
        """The seals of one case's events, by version."""
        return self._seals(
            f"WHERE s.case_id = {self.placeholder('case_id')} ORDER BY s.version",
            {"case_id": str(case_id)},
        )

    def seal_before(self, position: int) -> Seal | None:
        """The last seal before a log position (None before the first)."""
        found = self._seals(
            f"WHERE s.position < {self.placeholder('position')} ORDER BY s.position DESC LIMIT 1",
            {"position": position},
        )
        return found[0] if found else None

    def head(self) -> Checkpoint:
        """The last seal's position and log digest: the digest an auditor records."""
        last = self._seals("ORDER BY s.position DESC LIMIT 1", {})
        return Checkpoint(last[0].position, last[0].log_digest) if last else Checkpoint(0, GENESIS)

    def _seals(self, clauses: str, params: dict[str, Any]) -> list[Seal]:
        with self.datastore.transaction(commit=False) as cursor:
            return self._tagged(cursor, clauses, params)
