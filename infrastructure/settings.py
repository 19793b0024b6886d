"""Settings from the environment (prefix `YINGSHANG_`) or a `.env` file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from application.department_ranking import DEFAULT_WEIGHTS, require_weights
from application.ratio_definitions import DEFAULT_REFERENCES, merge_references, require_bases
from domain.bounds import EARLIEST_ACT, FIRST_DAY, LAST_DAY
from infrastructure.encryption import require_key
from infrastructure.tokens import require_strong

HOME = Path(".yingshang")


class Settings(BaseSettings):
    """Everything an operator sets. See the README for examples."""

    # Errors never echo what was given: it may be a key, the token secret or a database password.
    model_config = SettingsConfigDict(
        env_prefix="YINGSHANG_", env_file=".env", extra="ignore", hide_input_in_errors=True,
        populate_by_name=True,
    )  # fmt: skip

    database_url: str = Field(
        default=f"sqlite:///{HOME}/yingshang.db",
        description="sqlite:///relative/path.db, sqlite:////absolute/path.db, "
        "or postgresql://user[:password]@host:port/db[?schema=name]",
    )
    create_tables: bool = Field(
        default=True,
        description="create missing tables at start-up; false where `yingshang migrate` made "
        "them and the service runs as a role that may not create or drop tables",
    )
    token_secret: SecretStr | None = Field(
        default=None,
        description="HMAC secret for bearer tokens, at least 32 characters; if unset, one is "
        "generated once into token_secret_file",
    )
    token_secret_file: Path = HOME / "token-secret"
    token_issuer: str = "yingshang"
    token_audience: str = "yingshang-api"
    token_ttl_minutes: int = Field(default=8 * 60, gt=0)
    revocation_cache_seconds: float = Field(
        default=1.0, ge=0, le=60,
        description="how long a process reuses a token's revocation lookup: a revocation made "
        "in the process takes effect at once, one made by another process (another server, "
        "`yingshang token revoke`) within this many seconds; 0 looks up on every request",
    )  # fmt: skip
    cipher_key: SecretStr | None = Field(
        default=None,
        description="base64 AES key (16, 24 or 32 bytes) encrypting every stored event's state; "
        "none: events are stored unencrypted. `yingshang cipher-key` makes one",
    )
    policy_interval_seconds: float = Field(
        default=1.0, gt=0,
        description="how often the background work (`yingshang serve`, `yingshang project`) "
        "looks at the log should nothing wake it: a save in its process and, on PostgreSQL, "
        "a NOTIFY of any process's save wake it at once",
    )  # fmt: skip
    policy_gather_seconds: float = Field(
        default=0.05, ge=0, le=1,
        description="how long the background work, once woken, lets further events arrive "
        "before applying them together (one run per batch of commands rather than per command); "
        "a read's `min_position` may wait as long again",
    )  # fmt: skip
    views: Literal["inline", "background"] | None = Field(
        default=None,
        description="how reads meet the views: `inline` brings a view up to the log's head "
        "before each read; `background` answers at once from the views as the background work "
        "keeps them, waiting only for a `min_position`. Unset: `background` for `yingshang "
        "serve`, `inline` for the embedded library",
    )
    read_wait_seconds: float = Field(
        default=5.0, ge=0,
        description="how long a read given a `min_position` waits for its view to reach it "
        "before answering 503 `views_behind`",
    )  # fmt: skip
    mediation_days: int = Field(
        default=30, gt=0, description="calendar days allowed for pre-suit mediation (诉前调解)"
    )
    ratio_references: dict[str, Decimal | None] = Field(
        default=DEFAULT_REFERENCES,
        # the older name of the setting, when it held the mediation references only
        validation_alias=AliasChoices(
            "YINGSHANG_RATIO_REFERENCES", "YINGSHANG_MEDIATION_REFERENCES"
        ),
        description="reference values (0 to 1) ratios are compared with, by ratio name, added "
        "to the defaults (null drops one); JSON in the environment",
    )
    ratio_bases: dict[str, str] = Field(
        default={},
        description="the basis each ratio is counted by, by ratio name, where an office does "
        "not want the default (see GET /api/v1/reports/definitions); JSON in the environment",
    )
    deadline_rules_file: Path | None = Field(
        default=None, description="TOML of working-day time limits; the bundled rules if unset"
    )
    calendar_overrides_file: Path | None = Field(
        default=None,
        description="TOML of holidays and make-up workdays for years chinese-calendar lacks",
    )
    quiet_days: tuple[int, int] = Field(
        default=(1, 20),
        description="first and last day of the month of the quiet days (企业安静日), e.g. [1, 20]",
    )
    supervision_order_days: int = Field(
        default=5, gt=0,
        description="calendar days to issue a supervision order after an unsatisfied follow-up",
    )  # fmt: skip
    results_publication_days: int = Field(
        default=20, gt=0, description="calendar days to publish inspection results (一公开)"
    )
    inspection_annual_cap: int = Field(
        default=3, gt=0, description="inspections of one enterprise per calendar year"
    )
    joint_inspection_window_days: int = Field(
        default=30, ge=0,
        description="days within which other bodies inspecting the same items should have "
        "joined one inspection (进一次门、查多项事)",
    )  # fmt: skip

    earliest_act: date = Field(
        default=EARLIEST_ACT, ge=FIRST_DAY, le=LAST_DAY,
        description="no act (`occurred_at`) is recorded before this day, Beijing time: the day "
        "the offices began recording, or earlier to take in older cases",
    )  # fmt: skip

    signing_key_file: Path | None = Field(
        default=None,
        description="Ed25519 private key (PEM) that signs checkpoints of the log and tags each "
        "stored event; `yingshang audit keygen` writes one. Keep it where the database's owner "
        "cannot read it, and give every process that writes the same file. None: no signing",
    )
    checkpoint_interval_seconds: float = Field(
        default=300.0, gt=0,
        description="how often the background work signs a checkpoint of the log, if it grew",
    )  # fmt: skip
    backdating_hours: float = Field(
        default=72, gt=0,
        description="audit replays flag an event recorded more than this many hours after the "
        "moment it says it occurred (补录/倒签)",
    )  # fmt: skip

    ranking_weights: dict[str, Decimal] = Field(
        default=DEFAULT_WEIGHTS,
        description="weights of the department ranking's score: closure_rate, on_time_rate, "
        "satisfaction_rate (of 100 points), and the points taken off per supervision_order and "
        "per breach (JSON in the environment)",
    )
    office_names: dict[str, str] = Field(
        default={},
        description="the name printed at the head of the 交办单 and 督办单 of each jurisdiction, "
        'e.g. {"360121": "南昌县优化营商环境办公室"} (JSON in the environment); a jurisdiction '
        "not named prints its code",
    )
    public_url: str | None = Field(
        default=None,
        description="the address people reach the console at, e.g. https://yingshang.example.cn, "
        "that the enterprises' QR codes (扫码入企) open; unset: the address of each request",
    )

    session_lifetime_minutes: int = Field(
        default=8 * 60, gt=0, description="a console session ends this long after sign-in"
    )
    session_idle_minutes: int = Field(
        default=30, gt=0, description="a console session unused this long ends"
    )
    session_cookie_secure: bool | None = Field(
        default=None,
        description="mark the console's session cookie Secure (sent over TLS only); unset: "
        "when the request came over https (behind a TLS proxy, set it true)",
    )
    sign_in_failures: int = Field(
        default=5, gt=0,
        description="failed sign-ins for one login name within sign_in_window_minutes before "
        "further attempts are refused (four times as many from one address)",
    )  # fmt: skip
    sign_in_window_minutes: int = Field(
        default=15, gt=0, description="the window sign-in failures are counted over"
    )

    @field_validator("token_secret")
    @classmethod
    def _strong_secret(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None:
            require_strong(secret.get_secret_value())
        return secret

    @field_validator("ranking_weights")
    @classmethod
    def _known_weights(cls, weights: dict[str, Decimal]) -> dict[str, Decimal]:
        return require_weights(weights)

    @field_validator("ratio_references")
    @classmethod
    def _known_references(cls, references: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
        return merge_references(references)  # type: ignore[return-value]

    @field_validator("ratio_bases")
    @classmethod
    def _known_bases(cls, bases: dict[str, str]) -> dict[str, str]:
        return require_bases(bases)

    @field_validator("cipher_key")
    @classmethod
    def _aes_key(cls, key: SecretStr | None) -> SecretStr | None:
        if key is not None:
            require_key(key.get_secret_value())
        return key

    @field_validator("quiet_days")
    @classmethod
    def _days_of_month(cls, days: tuple[int, int]) -> tuple[int, int]:
        first, last = days
        if not 1 <= first <= last <= 31:  # noqa: PLR2004 - days of a month
            raise ValueError(f"quiet days are two days of the month, first ≤ last, got {days}")
        return days
