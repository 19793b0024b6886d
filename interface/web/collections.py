"""The case collections the console shows: the API's own, with their Chinese names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.case_commands import Step
from application.errors import NotFound
from interface.http.appeal_routes import APPEALS
from interface.http.case_routes import CaseCollection
from interface.http.inspection_routes import INSPECTIONS
from interface.http.mediation_routes import MEDIATIONS
from interface.http.policy_claim_routes import CLAIMS, POLICIES


@dataclass(frozen=True)
class Shown:
    """A collection as the console shows it: its title and its statuses' vocabulary."""

    collection: CaseCollection
    title: str
    statuses: str  # the vocabulary of its statuses, e.g. "appeal_status"

    @property
    def path(self) -> str:
        return self.collection.path

    def step(self, action: str) -> tuple[type[Step], Any]:
        """The command and the body of the step `action`; `NotFound` for no such step."""
        if action not in self.collection.steps:
            raise NotFound(f"no step {action!r} on {self.path}")
        return self.collection.steps[action]

    def steps(self) -> list[type[Step]]:
        return [command for command, _ in self.collection.steps.values()]


SHOWN: dict[str, Shown] = {
    shown.path: shown
    for shown in (
        Shown(APPEALS, "企业诉求", "appeal_status"),
        Shown(INSPECTIONS, "涉企检查与走访", "inspection_status"),
        Shown(MEDIATIONS, "诉调对接", "mediation_status"),
        Shown(POLICIES, "惠企政策", "policy_status"),
        Shown(CLAIMS, "政策兑现", "claim_status"),
    )
}


def shown(path: str) -> Shown:
    """The collection at `/cases/{path}`; `NotFound` for none."""
    if path not in SHOWN:
        raise NotFound(f"no collection {path!r}")
    return SHOWN[path]


def step_title(command: type[Step]) -> str:
    """A step's Chinese name: its docstring's word before the colon (`受理`)."""
    return (command.__doc__ or command.action).split(":", 1)[0].strip()

# Where each kind of case is shown, by the kind's code (`appeal` → `appeals`).
PATH_OF_KIND = {shown.collection.kind: path for path, shown in SHOWN.items()}
