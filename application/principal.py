"""The authenticated caller of an application service."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actor import Actor
from domain.enterprise import CreditCode
from domain.jurisdiction import JurisdictionCode


@dataclass(frozen=True)
class Principal:
    """An actor with the scope its credentials grant: a jurisdiction and, for an enterprise,
    its own credit code.
    """

    actor: Actor
    jurisdiction: JurisdictionCode
    credit_code: CreditCode | None = None
