"""Settings from the environment (prefix `YINGSHANG_`) or a `.env` file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

HOME = Path(".yingshang")


class Settings(BaseSettings):
    """Everything an operator sets. See the README for examples."""

    model_config = SettingsConfigDict(env_prefix="YINGSHANG_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{HOME}/yingshang.db",
        description="sqlite:///relative/path.db, sqlite:////absolute/path.db, "
        "or postgresql://user[:password]@host:port/db[?schema=name]",
    )
    token_secret: SecretStr | None = Field(
        default=None,
        description="HMAC secret for bearer tokens; if unset, one is generated once into "
        "token_secret_file",
    )
    token_secret_file: Path = HOME / "token-secret"
    token_issuer: str = "yingshang"
    token_audience: str = "yingshang-api"
    token_ttl_minutes: int = Field(default=8 * 60, gt=0)
    policy_interval_seconds: float = Field(
        default=1.0, gt=0, description="how often `yingshang serve` runs the process policies"
    )
    mediation_days: int = Field(
        default=30, gt=0, description="calendar days allowed for pre-suit mediation (诉前调解)"
    )
    mediation_references: dict[str, Decimal] = Field(
        default={"mediation_withdrawal_ratio": Decimal("0.5482")},
        description="reference values mediation ratios are compared with, by ratio name "
        "(JSON in the environment)",
    )
    deadline_rules_file: Path | None = Field(
        default=None, description="TOML of working-day time limits; the bundled rules if unset"
    )
    calendar_overrides_file: Path | None = Field(
        default=None,
        description="TOML of holidays and make-up workdays for years chinese-calendar lacks",
    )
