"""`YINGSHANG_DATABASE_URL` → the `eventsourcing` environment of the case store, whose
recorder seals every event it writes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.utils import get_topic

from infrastructure.postgres.sealed_log import SealedPostgresRecorder
from infrastructure.sqlite.sealed_log import SealedSQLiteRecorder

SQLITE_SCHEME = "sqlite"
POSTGRES_SCHEMES = ("postgresql", "postgres")


def sqlite_env(url: str) -> dict[str, str]:
    """`sqlite:///relative.db` or `sqlite:////absolute.db` (SQLAlchemy's convention)."""
    path = url[len("sqlite:///") :]
    if not url.startswith("sqlite:///") or not path:
        raise ValueError(f"a SQLite URL looks like sqlite:///path/to/file.db, got {url!r}")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "APPLICATION_RECORDER_TOPIC": get_topic(SealedSQLiteRecorder),
        "SQLITE_DBNAME": path,
    }


def postgres_env(url: str) -> dict[str, str]:
    """`postgresql://user[:password]@host[:port]/dbname[?schema=name]`."""
    parts = urlsplit(url)
    dbname = parts.path.lstrip("/")
    if not (parts.hostname and dbname):
        raise ValueError(f"a PostgreSQL URL looks like postgresql://user@host:5432/db, got {url!r}")
    schema = parse_qs(parts.query).get("schema", [""])[0]
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "APPLICATION_RECORDER_TOPIC": get_topic(SealedPostgresRecorder),
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": parts.hostname,
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_CONNECT_TIMEOUT": "5",
    }


def store_env(url: str) -> dict[str, str]:
    """The environment that makes `CaseStore` use the database the URL names."""
    scheme = url.split(":", 1)[0]
    if scheme == SQLITE_SCHEME:
        return sqlite_env(url)
    if scheme in POSTGRES_SCHEMES:
        return postgres_env(url)
    raise ValueError(f"YINGSHANG_DATABASE_URL must start with sqlite:/// or postgresql://, got {url!r}")
