"""`GET /api/v1/vocabulary`: the Chinese label of every code the service answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from application.vocabulary import vocabularies
from interface.http.permits import guarded
from interface.http.problems import ERROR_RESPONSES

router = APIRouter(tags=["vocabulary 词汇"], responses=ERROR_RESPONSES)


class Term(BaseModel):
    """One code of a vocabulary and its Chinese label."""

    code: str
    label: str


Vocabularies = dict[str, list[Term]]


@router.get(
    "/vocabulary",
    **guarded("vocabulary", "read"),
    response_model=Vocabularies,
    summary="词汇表 Chinese labels of the codes",
)
def vocabulary(
    name: Annotated[
        str | None,
        Query(
            max_length=40, pattern="^[a-z_]+$", examples=["appeal_status"],
            description="one vocabulary (e.g. `channel`, `appeal_status`, `supervision_rule`); "
            "all if unset, 404 if there is no such vocabulary",
        ),
    ] = None,
) -> Vocabularies:
    """Each vocabulary (a set of codes, such as the statuses of an appeal) by name, its codes in
    the order to offer them, each with its label: what the spreadsheets show for the code."""
    return {
        found.name: [Term(code=code, label=label) for code, label in found.labels.items()]
        for found in vocabularies(name)
    }
