"""Routes every case collection shares: get one, one POST per lifecycle step, and the
responses with `ETag`, `If-Match` and `Idempotency-Key` handled alike.

Annotations here are real objects, not strings (no `from __future__ import annotations`):
the step routes are made in a loop and FastAPI reads their annotations at runtime.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, NamedTuple
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, Field

from application.case_index import CaseFilter, CaseRow
from application.case_service import CaseService
from application.errors import PreconditionFailed
from application.idempotency import KeyedRequest, RecordedRequest
from application.principal import Principal
from domain.bounds import MAX_SERIAL
from domain.case import Case
from domain.clock import local_date
from infrastructure.bootstrap import Services
from interface.http.case_columns import list_columns
from interface.http.consistency import LOG_POSITION, POSITION_HEADER, ReadAtDep, written
from interface.http.dependencies import (
    BearerDep,
    PrincipalDep,
    ServicesDep,
    credential,
    services_of,
)
from interface.http.fields import Code, StepBody, command_body
from interface.http.idempotency import REPLAYED, keyed_request, once
from interface.http.permits import Permit, caller, guarded
from interface.http.problems import BEHIND_RESPONSES
from interface.http.tables import TABLE_RESPONSES, TableFormat, table_response

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="retry-safe POST"),
]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match", max_length=64,
        description='the ETag of the version acted on, e.g. "3"; `*` for any',
    ),
]

JSON = "application/json"
ETAG = {
    "ETag": {
        "description": 'the case\'s version, quoted (`"3"`): the `If-Match` of a later step',
        "required": True,
        "schema": {"type": "string"},
    }
}
REPLAYED_HEADER = {
    REPLAYED: {
        "description": "`true` where a repeated `Idempotency-Key` got the first answer again",
        "schema": {"type": "string", "enum": ["true"]},
    }
}
LOCATION = {
    "Location": {"description": "the new case", "required": True, "schema": {"type": "string"}}
}
# What the document says of the headers of a case's answers (the errors come with the router).
COMMAND_HEADERS = ETAG | POSITION_HEADER | REPLAYED_HEADER
CREATED = {201: {"description": "Created", "headers": COMMAND_HEADERS | LOCATION}}
STEPPED = {200: {"description": "The case after the step", "headers": COMMAND_HEADERS}}
SHOWN = {200: {"description": "The case", "headers": ETAG}}


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header names (`"3"`, `W/"3"`); None for absent or `*`."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not (tag.isascii() and tag.isdigit()) or not 1 <= int(tag) <= MAX_SERIAL:
        raise PreconditionFailed(f"If-Match {if_match!r} names no version of this case")
    return int(tag)


class ListedCase(BaseModel):
    """One row of a case list; `details` holds the fields its kind adds."""

    id: UUID
    kind: str
    case_number: str
    jurisdiction: str
    status: str
    organisations: list[str]
    credit_codes: list[str]
    enterprise_name: str
    deadline: date | None
    overdue: bool
    opened_at: datetime
    version: int
    details: dict[str, Any]

    @classmethod
    def of(cls, row: CaseRow, today: date) -> "ListedCase":
        return cls(**vars(row) | {"overdue": row.is_overdue(today)})


def mode_filter(modes: Any) -> Callable[..., str | None]:
    """The dependency that reads a list's `mode` parameter (values of `modes`); without
    `modes`, one that reads nothing, so the list has no such parameter."""
    if modes is None:
        return lambda: None

    described = Query(description="兑现方式: how the benefit reaches the enterprise")

    def mode(mode: Annotated[modes | None, described] = None) -> str | None:  # type: ignore[valid-type]
        return mode.value if mode else None

    return mode


def unit_names(services: Services, items: Iterable[ListedCase | CaseRow]) -> dict[str, str]:
    """The registry's names of the units the listed cases name (by the cases' jurisdictions)."""
    names: dict[str, str] = {}
    for jurisdiction in sorted({item.jurisdiction for item in items}):
        names |= services.units.names(jurisdiction)
    return names


class CaseList(BaseModel):
    items: list[ListedCase]
    units: dict[str, str] = Field(
        description="the registry's name of each unit the listed cases name, by code (机构名录)"
    )
    next_cursor: int | None = Field(description="pass as `cursor` for the next page")
    log_position: int = Field(description="the event-log position the list reflects")


class Acting(NamedTuple):
    """What a step acts on and with: the case, the caller, the services."""

    case: Case
    principal: Principal
    services: Services


@dataclass(frozen=True)
class CaseCollection:
    """One collection under `/api/v1`: its kind of case (as the permission table names it), its
    service, and the view that shows one case.
    """

    path: str  # e.g. "appeals"
    kind: str  # e.g. "appeal"
    service: Callable[[Services], CaseService[Any]]
    view: Callable[[Any, date], BaseModel]
    view_model: type[BaseModel]
    # What the routes were made of, for the console's forms: each step's command and body by
    # its action, and the intake's body and what it calls.
    steps: dict[str, tuple[type[Any], type[StepBody]]] = field(default_factory=dict)
    intake: dict[str, Any] = field(default_factory=dict)

    def response(
        self, case: Case, services: Services, status: int = 200, today: date | None = None
    ) -> Response:
        """The case as JSON as of `today` (by default the service's), with its version as
        `ETag` (and `Location` when created); pydantic writes the JSON itself, in one step."""
        view = self.view(case, today or self.service(services).today())
        headers = {"ETag": f'"{case.version}"'}
        if status == 201:
            headers["Location"] = f"/api/v1/{self.path}/{case.id}"
        return Response(view.model_dump_json(), status, headers, media_type=JSON)

    def add_create_route(
        self,
        router: APIRouter,
        body_type: Any,
        create: Callable[[Services, Any, Principal], Case],
        summary: str,
    ) -> None:
        """`POST /{path}`: open a case (201), retry-safe with an `Idempotency-Key`."""
        self.intake.update(body=body_type, create=create)

        permit = Permit(self.kind, "submit")

        def create_case(
            body: body_type,  # type: ignore[valid-type]
            request: Request,
            principal: caller(permit),  # type: ignore[valid-type]
            idempotency_key: IdempotencyKey = None,
        ) -> Response:
            services = services_of(request)

            def respond() -> Response:
                created = create(services, body, principal)
                return written(self.response(created, services, 201), services.store)

            keyed = self._keyed(request, body, services, principal, idempotency_key)
            replay = self._replay(services, principal, 201)
            return once(services.idempotency, keyed, respond, replay)

        router.add_api_route(
            f"/{self.path}", create_case, methods=["POST"], status_code=201,
            response_model=self.view_model, summary=summary, name=f"create_{self.path}",
            responses=CREATED, openapi_extra=permit.extra,
        )  # fmt: skip

    def add_get_route(self, router: APIRouter) -> None:
        """`GET /{path}/{id}`: the case's current state."""

        def get_case(case_id: UUID, services: ServicesDep, principal: PrincipalDep) -> Response:
            return self.response(self.service(services).get(case_id, principal), services)

        router.add_api_route(
            f"/{self.path}/{{case_id}}", get_case, methods=["GET"],
            response_model=self.view_model, summary="The case's current state",
            name=f"get_{self.path}", responses=SHOWN, **guarded(self.kind, "read"),
        )  # fmt: skip

    def add_step_routes(
        self,
        router: APIRouter,
        steps: tuple[type[Any], ...],
        bodies: dict[type[Any], type[StepBody]] | None = None,
    ) -> None:
        """`POST /{path}/{id}/{action}` for each step: honours `If-Match` and idempotency.
        A step's body is derived from its command unless `bodies` gives one.
        """
        for command in steps:
            self._add_step_route(router, command, (bodies or {}).get(command))

    def _add_step_route(
        self, router: APIRouter, command: type[Any], given: type[StepBody] | None
    ) -> None:
        body_type: Any = given or command_body(command)
        self.steps[command.action] = (command, body_type)
        permit = Permit(self.kind, command.action)

        def acting_on(case_id: UUID, request: Request, bearer: BearerDep) -> Acting:
            """The caller, if its token is good and its role may act, and the case it acts on,
            loaded before the body is read: a case outside the caller's scope is refused
            whatever the body says. In one worker thread: the token's check and the load."""
            principal = permit.admit(credential(request, bearer))
            services = services_of(request)
            return Acting(self.service(services).acting_on(case_id, principal), principal, services)

        def step(
            acting: Annotated[Acting, Depends(acting_on)],
            body: body_type,  # type: ignore[valid-type]
            request: Request,
            if_match: IfMatch = None,
            idempotency_key: IdempotencyKey = None,
        ) -> Response:
            case, principal, services = acting

            def respond() -> Response:
                done = self.service(services).execute_on(
                    case, body.command(), principal, expected_version(if_match)
                )
                return written(self.response(done, services), services.store)

            keyed = self._keyed(request, body, services, principal, idempotency_key)
            return once(services.idempotency, keyed, respond, self._replay(services, principal))

        router.add_api_route(
            f"/{self.path}/{{case_id}}/{command.action}", step, methods=["POST"],
            response_model=self.view_model, responses=STEPPED,
            name=f"{self.path}_{command.action.replace('-', '_')}",
            summary=(command.__doc__ or command.action).strip().splitlines()[0],
            openapi_extra=permit.extra,
        )  # fmt: skip

    def _keyed(
        self,
        request: Request,
        body: BaseModel,
        services: Services,
        principal: Principal,
        key: str | None,
    ) -> KeyedRequest | None:
        at = self.service(services).clock()
        return keyed_request(request, body, principal, key, at)

    def _replay(
        self, services: Services, principal: Principal, status: int = 200
    ) -> Callable[[RecordedRequest], Response]:
        """How a keyed request's first answer is made again from what it recorded."""

        def replay(recorded: RecordedRequest) -> Response:
            service = self.service(services)
            case = service.as_recorded(recorded.case_id, recorded.version, principal)
            response = self.response(case, services, status, local_date(recorded.request.at))
            response.headers[LOG_POSITION] = str(recorded.position)
            return response

        return replay

    def add_list_route(
        self,
        router: APIRouter,
        statuses: Any,
        organisation: str,
        organisation_help: str,
        modes: Any = None,
    ) -> None:
        """`GET /{path}`: the cases in scope, newest first, filtered; `organisation` names the
        query parameter that filters by the acting organisation (e.g. `department`); `modes`,
        where given, is the enumeration a `mode` parameter filters by.
        """

        def list_cases(  # noqa: PLR0913 - the list's documented filters
            services: ServicesDep,
            principal: PrincipalDep,
            read: ReadAtDep,
            status: statuses | None = None,  # type: ignore[valid-type]
            mode: Annotated[str | None, Depends(mode_filter(modes))] = None,
            organisation_code: Annotated[
                Code | None, Query(alias=organisation, description=organisation_help)
            ] = None,
            jurisdiction: Code | None = None,
            credit_code: Code | None = None,
            overdue: Annotated[bool, Query(description="only cases past their deadline")] = False,
            limit: Annotated[int, Query(ge=1, le=500)] = 50,
            cursor: Annotated[
                int | None,
                Query(ge=1, le=MAX_SERIAL, description="`next_cursor` of the page before"),
            ] = None,
            format: TableFormat = "json",  # noqa: A002 - the query parameter's documented name
        ) -> Any:
            service = self.service(services)
            today = service.today()
            query = CaseFilter(
                jurisdiction=jurisdiction,
                status=status.value if status else None,
                mode=mode,
                organisation=organisation_code,
                credit_code=credit_code,
                overdue_on=today if overdue else None,
                before=cursor,
                limit=limit,
            )
            page = service.list(query, principal, read.min_position)
            items = [ListedCase.of(row, today) for _, row in page.rows]
            names = unit_names(services, items)
            if format != "json":
                rows = [item.model_dump(exclude={"details"}) | item.details | {
                    "organisation_names": [names.get(o, o) for o in item.organisations]
                } for item in items]  # fmt: skip
                columns = list_columns(statuses, {key for item in items for key in item.details})
                return read.answer(table_response(columns, rows, format, self.path), page.position)
            listed = CaseList(
                items=items,
                units={o: names[o] for item in items for o in item.organisations if o in names},
                next_cursor=page.next_cursor if len(page.rows) == limit else None,
                log_position=page.position,
            )
            return read.answer(listed, page.position)

        router.add_api_route(
            f"/{self.path}", list_cases, methods=["GET"], response_model=CaseList,
            summary="List cases in scope, newest first", name=f"list_{self.path}",
            responses=BEHIND_RESPONSES | TABLE_RESPONSES, **guarded(self.kind, "read"),
        )  # fmt: skip
