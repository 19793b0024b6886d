"""The permission table as Markdown, for `yingshang permissions` and `docs/permissions.md`."""

from __future__ import annotations

from application.permissions import ACTIONS, PERSONAL_DATA, SCOPES
from domain.actor import Role

PEOPLE = [role for role in Role if role is not Role.SYSTEM]
HEADER = """# Who may do what

Generated from `application/permissions.py` by `yingshang permissions`; do not edit by hand.
The services and every HTTP route check this one table (each route names its permission in the
OpenAPI document as `x-permission`, with the roles it admits as `x-roles`).
"""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(head), _row(["---"] * len(head)), *(_row(row) for row in rows)]


def permissions_markdown() -> str:
    """Scopes by role, then each kind's actions by role, then who sees personal data."""
    scopes = _table(["role", "scope"], [[f"`{r.value}`", SCOPES[r].value] for r in PEOPLE])
    actions = _table(
        ["kind", "action", *(r.value for r in PEOPLE)],
        [
            [kind, action, *("✓" if role in roles else "" for role in PEOPLE)]
            for kind, by_action in ACTIONS.items()
            for action, roles in by_action.items()
        ],
    )
    personal = _table(
        ["kind", "contacts and persons' names unmasked for"],
        [
            [kind, ", ".join(r.value for r in PEOPLE if r in roles)]
            for kind, roles in PERSONAL_DATA.items()
        ],
    )
    sections = [
        HEADER,
        "## Scopes\n\nWhich cases a role's permissions reach; outside them a case is not found (404).\n",
        "\n".join(scopes),
        "\n## Actions\n",
        "\n".join(actions),
        "\n## Personal data\n\nEveryone else, and every list, export and report, sees them masked "
        "(张*, 138****8000); auditors read them whole in the audit replay, where each read is recorded.\n",
        "\n".join(personal),
    ]
    return "\n".join(sections) + "\n"
