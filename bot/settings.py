"""Settings from the environment, read once at start-up by the composition root."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.dates import parse_age
from bot.errors import BadArgument
from bot.limits import LimitSettings

DEFAULT_DB = "./facts.db"


@dataclass(frozen=True)
class Settings:
    db_path: str = DEFAULT_DB
    admins: frozenset[str] = frozenset()  # platform user ids allowed to change global facts
    log_level: str = "WARNING"
    log_format: str = "text"  # or "json", for log collectors
    limits: LimitSettings = field(default_factory=LimitSettings)
    stale_after_days: int = 182  # answers on older facts say "may have changed"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, db_path: str | None = None) -> Settings:
        env = os.environ if env is None else env
        admins = frozenset(a.strip() for a in env.get("FACTBOT_ADMINS", "").split(",") if a.strip())
        return cls(
            db_path=db_path or env.get("FACTBOT_DB") or DEFAULT_DB,
            admins=admins,
            log_level=env.get("FACTBOT_LOG_LEVEL", "WARNING").upper(),
            log_format=env.get("FACTBOT_LOG_FORMAT", "text").lower(),
            stale_after_days=parse_age(
                env.get("FACTBOT_STALE_AFTER", "").strip() or "6m", "FACTBOT_STALE_AFTER"
            ),
            limits=LimitSettings(
                per_minute=_positive(env, "FACTBOT_RATE_PER_MINUTE", LimitSettings.per_minute),
                burst=int(_positive(env, "FACTBOT_RATE_BURST", LimitSettings.burst)),
                repeat_cooldown=_positive(
                    env, "FACTBOT_REPEAT_COOLDOWN", LimitSettings.repeat_cooldown, zero=True
                ),
            ),
        )


def _positive(env: Mapping[str, str], name: str, default: float, zero: bool = False) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return float(default)
    try:
        value = float(raw)
    except ValueError:
        raise BadArgument(f"{name} must be a number (got {raw[:20]!r}).") from None
    if value < 0 or (value == 0 and not zero) or value != value or value > 1e9:
        raise BadArgument(
            f"{name} must be {'zero or more' if zero else 'more than zero'} (got {raw[:20]!r})."
        )
    return value
