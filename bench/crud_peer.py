"""The CRUD peer: a plain FastAPI service keeping appeals as rows updated in place, the baseline
`bench/peer.py` measures yingshang's HTTP commands against.

    uvicorn --factory --app-dir bench crud_peer:create_app   (YINGSHANG_DATABASE_URL names the store)

It reads the same settings, checks the same bearer tokens (signature and claims; no revocation
list) and parses the same request bodies as yingshang, so the two differ in what happens after
a request is parsed. Submit takes the next number from a counter row (`UPDATE counters … RETURNING
n`) and inserts the appeal; each step is one `UPDATE appeals` guarded by the status it leaves and
one `INSERT appeal_history`; each request is one transaction. Stores: a psycopg 3 connection pool
on PostgreSQL (the URL's `?schema=` made if missing), sqlite3 in WAL mode with one connection per
thread on SQLite.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Protocol
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

from fastapi import Body, FastAPI, Header, HTTPException
from fastapi.responses import JSONResponse
from psycopg_pool import ConnectionPool
from pydantic import ValidationError

from application.appeal_commands import Assign, Close, FollowUp, Receive, Resolve
from application.principal import Principal
from domain.clock import CHINA_TZ
from infrastructure.bootstrap import token_authority
from infrastructure.settings import Settings
from infrastructure.tokens import InvalidToken, TokenAuthority
from interface.http.appeal_schemas import CreateAppealBody
from interface.http.fields import command_body

TABLES = [
    "CREATE TABLE IF NOT EXISTS counters (series TEXT PRIMARY KEY, n INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS appeals (
        id TEXT PRIMARY KEY, case_number TEXT NOT NULL UNIQUE, jurisdiction TEXT NOT NULL,
        credit_code TEXT NOT NULL, enterprise_name TEXT NOT NULL, channel TEXT NOT NULL,
        category TEXT NOT NULL, urgency TEXT NOT NULL, summary TEXT NOT NULL,
        status TEXT NOT NULL, department TEXT, level TEXT, deadline TEXT, outcome TEXT,
        resolution TEXT, satisfaction TEXT, comment TEXT, reason TEXT,
        version INTEGER NOT NULL, submitted_at TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS appeal_history (
        appeal_id TEXT NOT NULL REFERENCES appeals (id), version INTEGER NOT NULL,
        action TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (appeal_id, version))""",
    "INSERT INTO counters VALUES ('appeals', 0) ON CONFLICT DO NOTHING",
]
COLUMNS = (
    "department",
    "level",
    "deadline",
    "outcome",
    "resolution",
    "satisfaction",
    "comment",
    "reason",
)
Authorization = Annotated[str | None, Header()]
ASSIGNED_DAYS = 15  # calendar days to the deadline when an assignment names none


@dataclass(frozen=True)
class Step:
    """A lifecycle step: the status it leaves and enters, and who may take it."""

    leaves: str
    enters: str
    role: str


STEPS = {
    Receive: Step("submitted", "received", "coordinator"),
    Assign: Step("received", "assigned", "coordinator"),
    Resolve: Step("assigned", "resolved", "handler"),  # the handler of the assigned department
    FollowUp: Step("resolved", "followed_up", "coordinator"),
    Close: Step("followed_up", "closed", "coordinator"),
}
BODIES = {command.action: (command_body(command), step) for command, step in STEPS.items()}


class Rows(Protocol):
    def __call__(self, sql: str, *params: object) -> list[dict[str, Any]]: ...


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[Rows]: ...


class SQLiteStore:
    """sqlite3 in WAL mode, one connection per thread, each transaction `BEGIN IMMEDIATE`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.local = threading.local()
        with self.transaction() as rows:
            for statement in TABLES:
                rows(statement)

    def connection(self) -> sqlite3.Connection:
        if not hasattr(self.local, "connection"):
            connection = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.row_factory = sqlite3.Row
            self.local.connection = connection
        return self.local.connection  # type: ignore[no-any-return]

    @contextmanager
    def transaction(self) -> Iterator[Rows]:
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield lambda sql, *params: [
                dict(row) for row in connection.execute(sql.replace("%s", "?"), params)
            ]
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


class PostgresStore:
    """A psycopg 3 connection pool, in the URL's schema."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        schema = parse_qs(parts.query).get("schema", ["public"])[0]
        conninfo = parts._replace(query="").geturl()
        self.pool = ConnectionPool(
            conninfo, min_size=4, max_size=16, open=True,
            kwargs={"options": f"-c search_path={schema}"},
        )  # fmt: skip
        with self.transaction() as rows:
            rows(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            for statement in TABLES:
                rows(statement)

    @contextmanager
    def transaction(self) -> Iterator[Rows]:
        with self.pool.connection() as connection, connection.cursor() as cursor:

            def rows(sql: str, *params: object) -> list[dict[str, Any]]:
                cursor.execute(sql, params)
                if cursor.description is None:
                    return []
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row)) for row in cursor.fetchall()]

            yield rows


def open_store(url: str) -> Store:
    return (
        SQLiteStore(url.removeprefix("sqlite:///"))
        if url.startswith("sqlite")
        else PostgresStore(url)
    )


def caller(tokens: TokenAuthority, authorization: str | None) -> Principal:
    """The principal of a valid bearer token; 401 otherwise."""
    try:
        return tokens.verify((authorization or "").removeprefix("Bearer "))
    except InvalidToken as error:
        raise HTTPException(401, str(error)) from None


def submit(rows: Rows, body: CreateAppealBody, principal: Principal) -> dict[str, Any]:
    """Insert an appeal numbered from the counter row, and its first history row."""
    now = datetime.now(CHINA_TZ)
    (counter,) = rows("UPDATE counters SET n = n + 1 WHERE series = 'appeals' RETURNING n")
    number = f"SQ-{body.jurisdiction}-{now.year}-{counter['n']:06d}"
    (appeal,) = rows(
        "INSERT INTO appeals (id, case_number, jurisdiction, credit_code, enterprise_name, "
        "channel, category, urgency, summary, status, version, submitted_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'submitted', 1, %s, %s) RETURNING *",
        str(uuid4()), number, body.jurisdiction, body.enterprise.credit_code,
        body.enterprise.name, body.channel.value, body.category.value, body.urgency.value,
        body.summary, now.isoformat(), now.isoformat(),
    )  # fmt: skip
    record(rows, appeal, "submit", principal, body.model_dump(mode="json"))
    return appeal


def advance(
    rows: Rows, appeal_id: str, action: str, values: dict[str, Any], principal: Principal
) -> dict[str, Any]:
    """Move an appeal one step on, if it is where the step starts and the caller may take it."""
    step = BODIES[action][1]
    if principal.actor.role.value != step.role:
        raise HTTPException(403, f"a {principal.actor.role.value} may not {action}")
    if action == "assign" and values["deadline"] is None:
        values["deadline"] = (date.today() + timedelta(days=ASSIGNED_DAYS)).isoformat()
    changes = {name: value for name, value in values.items() if name in COLUMNS}
    columns = "".join(f", {name} = %s" for name in changes)
    department = " AND department = %s" if step.role == "handler" else ""
    updated = rows(
        f"UPDATE appeals SET status = %s, version = version + 1, updated_at = %s{columns} "
        f"WHERE id = %s AND jurisdiction = %s AND status = %s{department} RETURNING *",
        step.enters, datetime.now(CHINA_TZ).isoformat(), *changes.values(), appeal_id,
        principal.jurisdiction.value, step.leaves, *([principal.actor.org] if department else []),
    )  # fmt: skip
    if not updated:
        raise HTTPException(409, f"no appeal {appeal_id} that may {action} now")
    record(rows, updated[0], action, principal, values)
    return updated[0]


def record(
    rows: Rows, appeal: dict[str, Any], action: str, principal: Principal, body: dict[str, Any]
) -> None:
    rows(
        "INSERT INTO appeal_history (appeal_id, version, action, actor, at, body) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        appeal["id"], appeal["version"], action, principal.actor.id,
        appeal["updated_at"], json.dumps(body, ensure_ascii=False),
    )  # fmt: skip


def create_app() -> FastAPI:
    """The peer over the store YINGSHANG_DATABASE_URL names, taking yingshang's tokens."""
    settings = Settings()
    store = open_store(settings.database_url)
    tokens = token_authority(settings)
    app = FastAPI(title="CRUD peer")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/v1/appeals", status_code=201)
    def create(body: CreateAppealBody, authorization: Authorization = None) -> JSONResponse:
        principal = caller(tokens, authorization)
        with store.transaction() as rows:
            return JSONResponse(submit(rows, body, principal), 201)

    @app.post("/api/v1/appeals/{appeal_id}/{action}")
    def step(appeal_id: str, action: str, body: Annotated[dict[str, Any], Body()],
             authorization: Authorization = None) -> JSONResponse:  # fmt: skip
        principal = caller(tokens, authorization)
        if action not in BODIES:
            raise HTTPException(404, f"no step {action!r}")
        try:
            values = BODIES[action][0].model_validate(body).model_dump(mode="json")
        except ValidationError as error:
            raise HTTPException(422, str(error)) from None
        with store.transaction() as rows:
            return JSONResponse(advance(rows, appeal_id, action, values, principal))

    return app
