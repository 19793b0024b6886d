"""`/api/v1/audit/checkpoints…` and `…/proofs…`: the checkpoints the service signed, one signed
on demand, and proofs over the signed Merkle tree, as JSON that `yingshang audit verify-proof`
checks offline with nothing but the proof and the service's public key."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from application.signatures import SignedCheckpoint
from domain.bounds import MAX_SERIAL
from interface.http.audit_routes import Collection, case_class
from interface.http.dependencies import PrincipalDep, ServicesDep
from interface.http.fields import StrictBody
from interface.http.permits import guarded
from interface.http.problems import ERROR_RESPONSES

router = APIRouter(prefix="/audit", tags=["audit 审计"], responses=ERROR_RESPONSES)


def serial(description: str) -> Any:
    """A query parameter that counts from 1: a log position or a version."""
    return Query(ge=1, le=MAX_SERIAL, description=description)


class InclusionProof(BaseModel):
    """That one event, with these stored bytes, is in the log a signed checkpoint covers."""

    format: str = Field(description="`yingshang-inclusion-proof/1`")
    position: int
    case_id: UUID
    version: int
    topic: str
    state: str = Field(description="the stored bytes, base64")
    event_digest: str
    leaf_index: int
    path: list[str] = Field(description="the audit path's nodes, hex (RFC 9162)")
    checkpoint: SignedCheckpoint


class ConsistencyProof(BaseModel):
    """That the log a later signed checkpoint covers extends the one an earlier covered."""

    format: str = Field(description="`yingshang-consistency-proof/1`")
    path: list[str] = Field(description="the consistency proof's nodes, hex (RFC 9162)")
    earlier: SignedCheckpoint
    later: SignedCheckpoint


class SignNow(StrictBody):
    """Nothing to send: the service signs its log's head as it stands."""


@router.get(
    "/checkpoints", **guarded("audit", "verify"), response_model=list[SignedCheckpoint],
    summary="签名检查点 Signed checkpoints",
)  # fmt: skip
def checkpoints(services: ServicesDep, principal: PrincipalDep) -> list[SignedCheckpoint]:
    """Every checkpoint the service signed, in log order: to publish, and to check the log against."""
    return services.audit.signed_checkpoints(principal)


@router.get(
    "/checkpoints/latest", **guarded("audit", "verify"), response_model=SignedCheckpoint,
    summary="最新签名检查点 The latest signed checkpoint",
)  # fmt: skip
def latest_checkpoint(services: ServicesDep, principal: PrincipalDep) -> SignedCheckpoint:
    """The last checkpoint the service signed (404 before the first)."""
    return services.audit.latest_checkpoint(principal)


@router.post(
    "/checkpoints", **guarded("audit", "sign"), status_code=201, response_model=SignedCheckpoint,
    summary="立即签名检查点 Sign now",
)  # fmt: skip
def sign_checkpoint(
    services: ServicesDep, principal: PrincipalDep, body: SignNow | None = None
) -> SignedCheckpoint:
    """Check the whole log, then sign its head now (409 `no_signing_key` without the service's
    key, `log_not_intact` if the log fails its check: a log tampered with is never signed)."""
    return services.audit.sign_now(principal)


@router.get(
    "/proofs/consistency", **guarded("audit", "verify"), response_model=ConsistencyProof,
    summary="一致性证明 Consistency proof",
)  # fmt: skip
def consistency_proof(
    services: ServicesDep,
    principal: PrincipalDep,
    since: Annotated[int | None, serial("the earlier checkpoint's position (default: the first)")] = None,
    until: Annotated[int | None, serial("the later checkpoint's position (default: the last)")] = None,
) -> ConsistencyProof:
    """That the log the later checkpoint signed extends the one the earlier signed (404 for a
    position no checkpoint was signed at)."""
    return ConsistencyProof.model_validate(services.audit.prove_consistency(principal, since, until))


@router.get(
    "/{collection}/{case_id}/proof", **guarded("audit", "read"), response_model=InclusionProof,
    summary="事件存在性证明 Inclusion proof",
)  # fmt: skip
def inclusion_proof(
    collection: Collection,
    case_id: UUID,
    services: ServicesDep,
    principal: PrincipalDep,
    version: Annotated[int | None, serial("the event's version (default: the last)")] = None,
) -> InclusionProof:
    """That one event of the case is in the log the last signed checkpoint covers (404 for a
    version the case has not, or one signed after the last checkpoint)."""
    proof = services.audit.prove_event(principal, case_class(services, collection), case_id, version)
    return InclusionProof.model_validate(proof)
