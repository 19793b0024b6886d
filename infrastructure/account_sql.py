"""The console's account tables, shared by the SQLite and PostgreSQL stores: the password
hashes (never in the log), the sessions (by their key's digest) and the sign-in attempts that
throttling counts. Times are UTC text of one fixed width, so they compare as text."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from application.principal import Principal
from application.sign_ins import Session
from domain.actor import Actor, Role
from domain.enterprise import CreditCode
from domain.jurisdiction import JurisdictionCode
from infrastructure.activity_sql import utc_text

PASSWORDS, SESSIONS, ATTEMPTS = "account_passwords", "console_sessions", "sign_in_attempts"
# each table: its columns (SQL) and its indexes (indexed columns by index name)
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    PASSWORDS: ("login text PRIMARY KEY, hash text NOT NULL", {}),
    SESSIONS: (
        "digest text PRIMARY KEY, login text NOT NULL, role text NOT NULL, org text NOT NULL, "
        "jurisdiction text NOT NULL, credit_code text, csrf_secret text NOT NULL, "
        "created_at text NOT NULL, expires_at text NOT NULL, last_seen text NOT NULL",
        {f"{SESSIONS}_login": "login"},
    ),
    ATTEMPTS: (
        "login text NOT NULL, address text NOT NULL, at text NOT NULL, failed boolean NOT NULL",
        {f"{ATTEMPTS}_login": "login, at", f"{ATTEMPTS}_address": "address, at"},
    ),
}
SESSION_COLUMNS = (
    "digest, login, role, org, jurisdiction, credit_code, csrf_secret, created_at, expires_at, "
    "last_seen"
)


def _session(row: Any) -> Session:
    actor = Actor(row["login"], Role(row["role"]), row["org"])
    credit_code = CreditCode(row["credit_code"]) if row["credit_code"] else None
    return Session(
        digest=row["digest"],
        principal=Principal(actor, JurisdictionCode(row["jurisdiction"]), credit_code),
        csrf_secret=row["csrf_secret"],
        created_at=datetime.fromisoformat(row["created_at"]),
        expires_at=datetime.fromisoformat(row["expires_at"]),
        last_seen=datetime.fromisoformat(row["last_seen"]),
    )


class AccountTables:
    """`SessionStore` over a recorder's datastore; subclasses create the tables and say how
    a table is named (`qualified`) and a parameter written (`placeholder`)."""

    datastore: Any

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    def qualified(self, table: str) -> str:
        raise NotImplementedError

    def reading(self) -> AbstractContextManager[Any]:
        """A cursor for one read: here in a read-only transaction."""
        return self.datastore.transaction(commit=False)  # type: ignore[no-any-return]

    def _run(self, statement: str, params: dict[str, Any], rows: bool = False) -> list[Any]:
        """Run one statement in its own transaction; its rows, where it returns some."""
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement, params)
            return list(cursor.fetchall()) if rows else []

    def _read(self, statement: str, params: dict[str, Any]) -> list[Any]:
        """The rows of one query."""
        with self.reading() as cursor:
            cursor.execute(statement, params)
            return list(cursor.fetchall())

    # --- passwords ------------------------------------------------------------------------

    def password_of(self, login: str) -> str | None:
        rows = self._read(
            f"SELECT hash FROM {self.qualified(PASSWORDS)} WHERE login = {self.placeholder('login')}",
            {"login": login},
        )
        return rows[0]["hash"] if rows else None

    def set_password(self, login: str, hashed: str) -> None:
        ph = self.placeholder
        self._run(
            f"INSERT INTO {self.qualified(PASSWORDS)} (login, hash) VALUES ({ph('login')}, "
            f"{ph('hash')}) ON CONFLICT (login) DO UPDATE SET hash = excluded.hash",
            {"login": login, "hash": hashed},
        )

    # --- sessions -------------------------------------------------------------------------

    def open_session(self, session: Session) -> None:
        actor = session.principal.actor
        credit_code = session.principal.credit_code
        params = {
            "digest": session.digest, "login": actor.id, "role": actor.role.value,
            "org": actor.org, "jurisdiction": session.principal.jurisdiction.value,
            "credit_code": credit_code.value if credit_code else None,
            "csrf_secret": session.csrf_secret, "created_at": utc_text(session.created_at),
            "expires_at": utc_text(session.expires_at), "last_seen": utc_text(session.last_seen),
        }  # fmt: skip
        values = ", ".join(self.placeholder(name) for name in params)
        self._run(f"INSERT INTO {self.qualified(SESSIONS)} ({SESSION_COLUMNS}) VALUES ({values})", params)

    def session(self, digest: str) -> Session | None:
        rows = self._read(
            f"SELECT {SESSION_COLUMNS} FROM {self.qualified(SESSIONS)} "
            f"WHERE digest = {self.placeholder('digest')}",
            {"digest": digest},
        )
        return _session(rows[0]) if rows else None

    def touch(self, digest: str, at: datetime) -> None:
        ph = self.placeholder
        self._run(
            f"UPDATE {self.qualified(SESSIONS)} SET last_seen = {ph('at')} WHERE digest = {ph('digest')}",
            {"digest": digest, "at": utc_text(at)},
        )

    def end_session(self, digest: str) -> None:
        self._run(
            f"DELETE FROM {self.qualified(SESSIONS)} WHERE digest = {self.placeholder('digest')}",
            {"digest": digest},
        )

    def end_sessions_of(self, login: str) -> int:
        rows = self._run(
            f"DELETE FROM {self.qualified(SESSIONS)} WHERE login = {self.placeholder('login')} "
            "RETURNING digest",
            {"login": login}, rows=True,
        )
        return len(rows)

    # --- sign-in attempts -----------------------------------------------------------------

    def record_attempt(self, login: str, address: str, at: datetime, failed: bool) -> None:
        ph = self.placeholder
        self._run(
            f"INSERT INTO {self.qualified(ATTEMPTS)} (login, address, at, failed) "
            f"VALUES ({ph('login')}, {ph('address')}, {ph('at')}, {ph('failed')})",
            {"login": login, "address": address, "at": utc_text(at), "failed": failed},
        )

    def failures_since(self, login: str, address: str, since: datetime) -> tuple[int, int]:
        ph = self.placeholder
        table = self.qualified(ATTEMPTS)
        rows = self._read(
            f"SELECT (SELECT count(*) FROM {table} WHERE login = {ph('login')} AND at >= "
            f"{ph('since')} AND failed) AS by_login, (SELECT count(*) FROM {table} WHERE "
            f"address = {ph('address')} AND at >= {ph('since')} AND failed) AS by_address",
            {"login": login, "address": address, "since": utc_text(since)},
        )
        return int(rows[0]["by_login"]), int(rows[0]["by_address"])

    def forget(self, now: datetime, attempts_before: datetime) -> None:
        ph = self.placeholder
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {self.qualified(SESSIONS)} WHERE expires_at < {ph('now')}",
                           {"now": utc_text(now)})  # fmt: skip
            cursor.execute(f"DELETE FROM {self.qualified(ATTEMPTS)} WHERE at < {ph('before')}",
                           {"before": utc_text(attempts_before)})  # fmt: skip
