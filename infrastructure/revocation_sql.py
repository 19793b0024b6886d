"""The token-revocation table, shared by the SQLite and PostgreSQL stores.

A row revokes one token (`kind` 'token', `value` its jti) or every token of a subject issued up
to a second (`kind` 'subject', `value` the subject, `issued_up_to`). Token times are Unix
seconds, as in the token itself; `revoked_at` is UTC text of one fixed width.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import Any

from application.token_revocations import Revocation
from infrastructure.activity_sql import utc_text

TABLE = "token_revocations"
SCHEMA = (
    "kind text NOT NULL, value text NOT NULL, issued_up_to bigint, expires_at bigint, "
    "revoked_at text NOT NULL, revoked_by text NOT NULL, reason text NOT NULL"
)
INDEXES = {f"{TABLE}_value": "value, kind, issued_up_to"}
COLUMNS = "kind, value, issued_up_to, expires_at, revoked_at, revoked_by, reason"


def _seconds(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


def _moment(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)


def _revocation(row: Any) -> Revocation:
    target = "jti" if row["kind"] == "token" else "subject"
    return Revocation(
        revoked_at=datetime.fromisoformat(row["revoked_at"]),
        revoked_by=row["revoked_by"],
        reason=row["reason"],
        expires_at=_moment(row["expires_at"]),
        **{target: row["value"]},
    )


class RevocationTable:
    """`RevocationStore` over a recorder's datastore; subclasses create the table."""

    datastore: Any
    table: str = TABLE

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    def reading(self) -> AbstractContextManager[Any]:
        """A cursor for one read (each request's `refusing`): here in a read-only transaction."""
        return self.datastore.transaction(commit=False)

    def add(self, revocation: Revocation) -> None:
        ph = self.placeholder
        params = {
            "kind": "token" if revocation.jti is not None else "subject",
            "value": revocation.jti or revocation.subject,
            "issued_up_to": revocation.issued_up_to,
            "expires_at": _seconds(revocation.expires_at),
            "revoked_at": utc_text(revocation.revoked_at),
            "revoked_by": revocation.revoked_by,
            "reason": revocation.reason,
        }
        values = ", ".join(ph(name) for name in params)
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"INSERT INTO {self.table} ({COLUMNS}) VALUES ({values})", params)

    def refusing(self, jti: str, subject: str, issued_at: datetime) -> Revocation | None:
        ph = self.placeholder
        query = (
            f"SELECT {COLUMNS} FROM {self.table} "
            f"WHERE (value = {ph('jti')} AND kind = 'token') OR (value = {ph('subject')} "
            f"AND kind = 'subject' AND issued_up_to >= {ph('issued_at')}) LIMIT 1"
        )
        params = {"jti": jti, "subject": subject, "issued_at": _seconds(issued_at)}
        with self.reading() as cursor:
            cursor.execute(query, params)
            row = cursor.fetchone()
        return None if row is None else _revocation(row)

    def prune(self, now: datetime) -> int:
        query = (
            f"DELETE FROM {self.table} "
            f"WHERE kind = 'token' AND expires_at < {self.placeholder('now')} RETURNING value"
        )
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(query, {"now": _seconds(now)})
            return len(cursor.fetchall())
