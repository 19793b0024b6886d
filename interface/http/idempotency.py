"""`Idempotency-Key`: a retried POST gets the first answer and records nothing new."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from application.idempotency import (
    IdempotencyStore,
    KeyedRequest,
    RecordedRequest,
    earlier,
    keyed,
    owner_of,
)
from application.principal import Principal

REPLAYED = "Idempotent-Replayed"


def keyed_request(
    request: Request, body: BaseModel, principal: Principal, key: str | None, at: datetime
) -> KeyedRequest | None:
    """The request under its `Idempotency-Key` (None without one): the same request is the
    same method, path and validated body from the same principal."""
    if key is None:
        return None
    text = f"{request.method} {request.url.path}\n{body.model_dump_json()}"
    return KeyedRequest(owner_of(principal), key, hashlib.sha256(text.encode()).hexdigest(), at)


def once(
    store: IdempotencyStore,
    request: KeyedRequest | None,
    respond: Callable[[], Response],
    replay: Callable[[RecordedRequest], Response],
) -> Response:
    """Run `respond` unless `request` was recorded before; else `replay` the recorded one.

    The key is recorded with the events `respond` stores, in their transaction. A request that
    fails records nothing, so its key stays free for a retry; one that fails because another
    request with its key recorded first (a concurrent retry) gets that request's answer.
    """
    if request is None:
        return respond()
    recorded = earlier(store, request)
    if recorded is None:
        try:
            with keyed(request):
                return respond()
        except Exception:
            recorded = earlier(store, request)
            if recorded is None:
                raise
    response = replay(recorded)
    response.headers[REPLAYED] = "true"
    return response
