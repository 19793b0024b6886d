"""Sign-in attempts (登录记录): who tried to sign in to the console, when, from where, and
what came of it.

Each attempt is an aggregate of one event in the sealed log, like an audit read, so that the
record of who signed in is as tamper-evident as the cases, and an account's own history stays
short. It never holds the password tried.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.clock import require_aware
from domain.jurisdiction import JurisdictionCode


class SignInOutcome(Enum):
    SUCCEEDED = "succeeded"  # 登录成功
    REFUSED = "refused"  # 登录名或密码错误
    DISABLED = "disabled"  # 账号已停用
    THROTTLED = "throttled"  # 失败过多，暂停登录 (refused unchecked; not recorded)


class SignInAttempt(Aggregate):
    """One sign-in attempt. It never changes once recorded.

    `actor` is the account's user where the login name is an account's, else the name tried;
    `jurisdiction` is the account's (None for a name no account has).
    """

    kind = "sign_in"

    @event("Recorded")
    def __init__(  # noqa: PLR0913 - what an attempt is
        self,
        actor: Actor,
        jurisdiction: JurisdictionCode | None,
        outcome: SignInOutcome,
        address: str,
        occurred_at: datetime,
    ) -> None:
        self.actor = actor
        self.jurisdiction = jurisdiction
        self.outcome = outcome
        self.address = address
        self.occurred_at = require_aware(occurred_at)
