"""`Idempotency-Key`: a retried POST gets the first response and records nothing new."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from application.idempotency import IdempotencyStore, StoredResponse
from application.principal import Principal

REPLAYED = "Idempotent-Replayed"
KEPT_HEADERS = ("etag", "location", "content-type", "x-log-position")


def fingerprint(request: Request, body: BaseModel) -> str:
    """What makes two requests the same: method, path and the validated body."""
    text = f"{request.method} {request.url.path}\n{body.model_dump_json()}"
    return hashlib.sha256(text.encode()).hexdigest()


def once(
    store: IdempotencyStore,
    principal: Principal,
    key: str | None,
    request_fingerprint: str,
    respond: Callable[[], Response],
) -> Response:
    """Run `respond` at most once per (actor, key); replay its response for retries.

    A request that fails records nothing, so its key is released and may be retried.
    """
    if key is None:
        return respond()
    owner = principal.actor.id
    earlier = store.claim(owner, key, request_fingerprint)
    if earlier is not None:
        headers = earlier.headers | {REPLAYED: "true"}
        return Response(earlier.body, status_code=earlier.status, headers=headers)
    try:
        response = respond()
    except BaseException:
        store.release(owner, key)
        raise
    headers = {name: value for name, value in response.headers.items() if name in KEPT_HEADERS}
    store.complete(owner, key, StoredResponse(response.status_code, bytes(response.body).decode(), headers))
    return response
