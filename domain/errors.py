"""Errors raised by the domain when a command is invalid. A raised error records nothing."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises; `code` is stable and machine-readable."""

    code = "domain_error"


class InvalidValue(DomainError):
    """A value (credit code, jurisdiction, money, reason …) is malformed or missing."""

    code = "validation_error"


class InvalidTransition(DomainError):
    """The case's current state forbids the step that was asked for."""

    code = "invalid_transition"

    def __init__(self, kind: str, state: str, step: str, why: str = "") -> None:
        self.kind = kind
        self.state = state
        self.step = step
        message = f"{kind} in state '{state}' does not allow '{step}'"
        super().__init__(f"{message}: {why}" if why else message)
