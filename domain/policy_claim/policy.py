"""The Policy aggregate: one entry of the policy catalogue (惠企政策清单), published, revised and
withdrawn by the admin role.

A policy is reference data, kept like a case (a `Case` of kind "policy", numbered ZC-…, public to
every reader) so that it is numbered, listed and guarded the same way. Each revision is a new
version of its terms; a claim records the policy's id and the aggregate version
it was made against (`claim_basis()`), so the terms it relied on can always be replayed. Every event
carries the actor and `occurred_at`; each public command checks the state and its arguments, then
triggers one event whose body (replayed on load) is the whole state change.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import event

from domain.actor import Actor
from domain.case import Case, require_text
from domain.bounds import require_moment
from domain.errors import InvalidValue
from domain.jurisdiction import JurisdictionCode
from domain.policy_claim.vocabulary import ClaimBasis, PolicyStatus, PolicyTerms

S = PolicyStatus


class Policy(Case):
    """A catalogue policy (惠企政策). Create one with `Policy.publish(...)`."""

    kind: ClassVar[str] = "policy"

    @event("Published")
    def __init__(
        self,
        case_number: str,
        jurisdiction: JurisdictionCode,
        terms: PolicyTerms,
        actor: Actor,
        occurred_at: datetime,
        id: UUID | None = None,  # noqa: A002 - a chosen id (the library sets it; unused here)
    ) -> None:
        self.case_number = case_number
        self.jurisdiction = jurisdiction
        self.terms = terms
        self.status = S.PUBLISHED
        self.published_at = occurred_at
        self.revisions = 0
        self.revised_at: datetime | None = None
        self.withdrawn_at: datetime | None = None
        self.reason: str | None = None  # of the last revision or of the withdrawal
        self.last_occurred_at = occurred_at

    @classmethod
    def publish(
        cls,
        *,
        case_number: str,
        jurisdiction: JurisdictionCode,
        terms: PolicyTerms,
        actor: Actor,
        occurred_at: datetime,
        id: UUID | None = None,  # noqa: A002 - the library's name for a chosen aggregate id
    ) -> Policy:
        """Publish (发布) a policy in the catalogue of `jurisdiction`; claims may be made against it."""
        for value, kind in [
            (jurisdiction, JurisdictionCode),
            (terms, PolicyTerms),
            (actor, Actor),
        ]:
            if not isinstance(value, kind):
                raise InvalidValue(f"expected a {kind.__name__}, got {value!r}")
        return cls(
            case_number=require_text(case_number, "catalogue number"),
            jurisdiction=jurisdiction,
            terms=terms,
            actor=actor,
            occurred_at=require_moment(occurred_at),
            id=id,
        )

    # --- queries -------------------------------------------------------------------------

    def organisations(self) -> frozenset[str]:
        """The issuing department, which accepts the policy's claims."""
        return frozenset({self.terms.issuing_department})

    @property
    def is_open(self) -> bool:
        """Published and not withdrawn: new claims may be made against it."""
        return self.status is S.PUBLISHED

    def claim_basis(self) -> ClaimBasis:
        """What a claim made now records of this policy: its id, this version and the terms a
        claim checks itself against. A withdrawn policy takes no new claims.
        """
        self.require_state("claim", S.PUBLISHED, why="a withdrawn policy takes no new claims")
        return ClaimBasis(
            policy_id=self.id,
            policy_version=self.version,
            title=self.terms.title,
            issuing_department=self.terms.issuing_department,
            mode=self.terms.mode,
            cap=self.terms.cap,
        )

    # --- 修订 / 废止 ----------------------------------------------------------------------

    def revise(self, terms: PolicyTerms, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Revise (修订) the terms: claims made from now on are made against the new version;
        claims already made keep the version they were made against.
        """
        self.require_state("revise", S.PUBLISHED)
        self.require_in_order(occurred_at)
        if not isinstance(terms, PolicyTerms):
            raise InvalidValue(f"expected a PolicyTerms, got {terms!r}")
        if terms == self.terms:
            raise InvalidValue("a revision changes the terms")
        self._revised(
            terms=terms, reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at
        )

    @event("Revised")
    def _revised(
        self, terms: PolicyTerms, reason: str, actor: Actor, occurred_at: datetime
    ) -> None:
        self.terms = terms
        self.revisions += 1
        self.revised_at = occurred_at
        self.reason = reason

    def withdraw(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        """Withdraw (废止) the policy: no new claims; claims already made go on."""
        self.require_state("withdraw", S.PUBLISHED)
        self.require_in_order(occurred_at)
        self._withdrawn(reason=require_text(reason, "reason"), actor=actor, occurred_at=occurred_at)

    @event("Withdrawn")
    def _withdrawn(self, reason: str, actor: Actor, occurred_at: datetime) -> None:
        self.status = S.WITHDRAWN
        self.withdrawn_at = occurred_at
        self.reason = reason
