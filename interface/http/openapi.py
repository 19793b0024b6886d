"""The OpenAPI document as the service answers: FastAPI's, with what it leaves out or overstates
put right, so that a generated client (and schemathesis, `make fuzz`) can rely on it.

- An optional query or header parameter is absent or a value; FastAPI writes `int | None` as
  "an integer or null", but a query string or header has no null: the alternative is dropped.
- Every `application/problem+json` answer is described by the `Problem` schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from interface.http.problems import PROBLEM_JSON, Problem

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def install_document(app: FastAPI) -> None:
    """Serve FastAPI's document, corrected once, at `/openapi.json` (and in `/docs`)."""
    generate = app.openapi
    made: list[dict[str, Any]] = []

    def document() -> dict[str, Any]:
        if not made:
            made.append(corrected(generate()))
        return made[0]

    app.openapi = document  # type: ignore[method-assign]


def corrected(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "header"):
                    parameter["schema"] = without_null(parameter["schema"])
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if PROBLEM_JSON in content:
                    content[PROBLEM_JSON] = {"schema": PROBLEM_REF}
    return document


def without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` without its `{"type": "null"}` alternative (`anyOf: [X, null]` becomes X)."""
    options = schema.get("anyOf")
    if not options or {"type": "null"} not in options:
        return schema
    rest = [option for option in options if option != {"type": "null"}]
    outer = {key: value for key, value in schema.items() if key != "anyOf"}
    if len(rest) == 1:
        return {**rest[0], **outer}
    return {**outer, "anyOf": rest}
