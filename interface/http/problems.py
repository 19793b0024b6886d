"""Errors as `application/problem+json` (RFC 9457) with a stable, machine-readable `code`."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from application.errors import (
    ApplicationError,
    Forbidden,
    IdempotencyKeyReused,
    NotFound,
    PreconditionFailed,
    VersionConflict,
)
from application.audit_service import LogNotIntact, NoSigningKey
from application.consistency import ViewsBehind
from domain.errors import DomainError, InvalidTransition, InvalidValue
from domain.working_days import CalendarUnavailable
from infrastructure.tokens import InvalidToken
from interface.http.consistency import LOG_POSITION, POSITION_HEADER

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

STATUS_OF: dict[type[Exception], int] = {
    InvalidValue: 422,
    CalendarUnavailable: 422,
    IdempotencyKeyReused: 422,
    InvalidTransition: 409,
    VersionConflict: 409,
    LogNotIntact: 409,
    NoSigningKey: 409,
    PreconditionFailed: 412,
    Forbidden: 403,
    NotFound: 404,
    InvalidToken: 401,
}
CODE_OF_STATUS = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}


class FieldError(BaseModel):
    """One field the request's validation refused."""

    loc: list[str | int] = Field(
        description="where: `body`, `query`, `header` or `path`, then the field"
    )
    msg: str
    type: str


class Problem(BaseModel):
    """An error (RFC 9457): what went wrong, for people (`title`, `detail`) and for programs
    (`code`, stable)."""

    type: str = Field(description="`urn:yingshang:problem:` and the code")
    title: str = Field(description="the status's reason phrase")
    status: int
    detail: str
    code: str = Field(description="stable, for programs: `not_found`, `version_conflict`, …")
    errors: list[FieldError] | None = Field(
        None, description="422 `validation_error` of the request's validation: each field refused"
    )
    log_position: int | None = Field(None, description="503 `views_behind`: what the view reached")
    min_position: int | None = Field(None, description="503 `views_behind`: what was asked for")


def problem(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response."""
    body = {
        "type": f"urn:yingshang:problem:{code}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def status_of(error: Exception) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 500


async def known_error(request: Request, error: Exception) -> JSONResponse:
    """A domain, application or authentication error: the status its kind calls for."""
    status = status_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return problem(status, getattr(error, "code", "error"), str(error), headers)


async def views_behind(request: Request, error: ViewsBehind) -> JSONResponse:
    """A read whose view had not reached its `min_position` within the wait: 503, naming the
    position the view did reach, to be retried shortly."""
    headers = {"Retry-After": str(error.retry_after), LOG_POSITION: str(error.position)}
    return problem(
        503, error.code, str(error), headers,
        log_position=error.position, min_position=error.min_position,
    )  # fmt: skip


async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]}
        for item in error.errors()
    ]
    detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
    return problem(422, "validation_error", detail, errors=errors)


async def http_error(request: Request, error: HTTPException) -> JSONResponse:
    if error.status_code == 400:  # a body that is not JSON at all: malformed input like any other
        return problem(422, "validation_error", str(error.detail))
    code = CODE_OF_STATUS.get(error.status_code, HTTPStatus(error.status_code).name.lower())
    headers = getattr(error, "headers", None)
    allowed = allowed_methods(request) if error.status_code == 405 else None
    if allowed:
        headers = {**(headers or {}), "Allow": ", ".join(allowed)}
    return problem(error.status_code, code, str(error.detail), headers)


def allowed_methods(request: Request) -> list[str] | None:
    """The methods the OpenAPI document names for the request's path; None for a path it does
    not describe (`/docs`). Starlette's own `Allow` names only the first route that matched the
    path, so `OPTIONS /appeals` was told `POST` and not `GET`."""
    paths = request.app.openapi()["paths"]
    methods = {
        method.upper()
        for template, operations in paths.items()
        if re.fullmatch(PATH_PARAMETER.sub("[^/]+", re.escape(template)), request.url.path)
        for method in operations
    }
    return sorted(methods) or None


PATH_PARAMETER = re.compile(r"\\\{[^/]+?\\\}")  # `{case_id}` as `re.escape` writes it


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(500, "internal_error", "an unexpected error occurred; it has been logged")


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error, expected or not, as problem+json."""
    for kind in (DomainError, ApplicationError, InvalidToken):
        app.add_exception_handler(kind, known_error)
    app.add_exception_handler(ViewsBehind, views_behind)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected_error)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": HTTPStatus(status).phrase, "content": {PROBLEM_JSON: {}}}
    for status in (401, 403, 404, 409, 412, 422)
}
BEHIND_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Successful Response", "headers": POSITION_HEADER},
    503: {
        "description": "Service Unavailable: the view has not reached `min_position` yet; retry "
        "after `Retry-After` seconds",
        "content": {PROBLEM_JSON: {}},
        "headers": POSITION_HEADER | {
            "Retry-After": {"required": True, "schema": {"type": "integer", "minimum": 0},
                            "description": "seconds to wait before asking again"},
        },  # fmt: skip
    },
}  # the reads that take a `min_position`
