"""The idempotency-key table, shared by the SQLite and PostgreSQL stores."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from application.errors import IdempotencyKeyReused, RequestInProgress
from application.idempotency import StoredResponse

TABLE = "idempotency_keys"
# A claim with no response after this long belongs to a request that died (e.g. its process
# crashed between recording and answering): a retry may take the key over.
STALE_AFTER_SECONDS = 600
Placeholder = Callable[[str], str]


def claim_sql(ph: Placeholder, table: str, now: str, stale_before: str) -> str:
    """Claim a new key, or take over one whose request never finished and is stale."""
    return (
        f"INSERT INTO {table} (owner, key, fingerprint) "
        f"VALUES ({ph('owner')}, {ph('key')}, {ph('fingerprint')}) "
        f"ON CONFLICT (owner, key) DO UPDATE SET fingerprint = excluded.fingerprint, "
        f"created_at = {now} "
        f"WHERE {TABLE}.status IS NULL AND {TABLE}.created_at < {stale_before} RETURNING owner"
    )


def lookup_sql(ph: Placeholder, table: str = TABLE) -> str:
    return (
        f"SELECT fingerprint, status, body, headers FROM {table} "
        f"WHERE owner = {ph('owner')} AND key = {ph('key')}"
    )


def complete_sql(ph: Placeholder, table: str = TABLE) -> str:
    return (
        f"UPDATE {table} SET status = {ph('status')}, body = {ph('body')}, "
        f"headers = {ph('headers')} WHERE owner = {ph('owner')} AND key = {ph('key')}"
    )


def release_sql(ph: Placeholder, table: str = TABLE) -> str:
    return (
        f"DELETE FROM {table} "
        f"WHERE owner = {ph('owner')} AND key = {ph('key')} AND status IS NULL"
    )


def earlier_response(record: Any, fingerprint: str) -> StoredResponse:
    """The stored response for a key claimed before, or the error that a retry deserves."""
    if record["fingerprint"] != fingerprint:
        raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
    if record["status"] is None:
        raise RequestInProgress("a request with this Idempotency-Key is still in progress")
    return StoredResponse(
        status=record["status"], body=record["body"], headers=json.loads(record["headers"])
    )


def completion_params(owner: str, key: str, response: StoredResponse) -> dict[str, Any]:
    return {
        "owner": owner,
        "key": key,
        "status": response.status,
        "body": response.body,
        "headers": json.dumps(response.headers),
    }


class IdempotencyTable:
    """`IdempotencyStore` over a recorder's datastore; subclasses name the table and placeholder
    style of their database and create the table.
    """

    datastore: Any
    table: str = TABLE
    now: str = "CURRENT_TIMESTAMP"  # the database's clock, in the type of `created_at`
    stale_before: str = f"datetime('now', '-{STALE_AFTER_SECONDS} seconds')"

    @staticmethod
    def placeholder(name: str) -> str:
        raise NotImplementedError

    def claim(self, owner: str, key: str, fingerprint: str) -> StoredResponse | None:
        params = {"owner": owner, "key": key, "fingerprint": fingerprint}
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(claim_sql(self.placeholder, self.table, self.now, self.stale_before), params)
            if cursor.fetchone() is not None:
                return None  # newly claimed
            cursor.execute(lookup_sql(self.placeholder, self.table), params)
            return earlier_response(cursor.fetchone(), fingerprint)

    def complete(self, owner: str, key: str, response: StoredResponse) -> None:
        params = completion_params(owner, key, response)
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(complete_sql(self.placeholder, self.table), params)

    def release(self, owner: str, key: str) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                release_sql(self.placeholder, self.table), {"owner": owner, "key": key}
            )
