"""`POST /api/v1/tokens/revoke`: logout, and an admin's revocation of others' tokens."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from application.token_revocations import Revocation
from interface.http.dependencies import CredentialDep, ServicesDep
from interface.http.fields import Code, OptionalText, StrictBody
from interface.http.permits import guarded
from interface.http.problems import ERROR_RESPONSES

router = APIRouter(prefix="/tokens", tags=["tokens 令牌"])


class RevokeBody(StrictBody):
    """What to revoke: nothing named is the caller's own token (logout)."""

    jti: Code | None = Field(default=None, description="one token's id (another's: admin only)")
    subject: Code | None = Field(
        default=None,
        description="every token of this actor issued up to now, to the second (another's: "
        "admin only)",
    )
    reason: OptionalText = ""


class RevocationView(BaseModel):
    """A recorded revocation: what, who, when and why."""

    jti: str | None
    subject: str | None
    revoked_at: datetime
    revoked_by: str
    reason: str


@router.post(
    "/revoke",
    response_model=RevocationView,
    summary="注销令牌 (logout, revoke)",
    responses={status: ERROR_RESPONSES[status] for status in (401, 403, 422)},
    **guarded("token", "revoke"),
)
def revoke(
    services: ServicesDep, caller: CredentialDep, body: RevokeBody | None = None
) -> Revocation:
    """Revoke the caller's own token (no `jti` or `subject`: logout, any role), all the caller's
    own tokens (`subject` = its own id), or, for an admin, another token or subject. A revoked
    token is refused with 401 `token_revoked` from then on."""
    body = body or RevokeBody()
    return services.revocations.revoke_as(caller, body.reason, jti=body.jti, subject=body.subject)
