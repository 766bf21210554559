"""Settings from the environment, read once at start-up by the composition root."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DB = "./facts.db"


@dataclass(frozen=True)
class Settings:
    db_path: str = DEFAULT_DB
    admins: frozenset[str] = frozenset()  # platform user ids allowed to change global facts
    log_level: str = "WARNING"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, db_path: str | None = None) -> Settings:
        env = os.environ if env is None else env
        admins = frozenset(a.strip() for a in env.get("FACTBOT_ADMINS", "").split(",") if a.strip())
        return cls(
            db_path=db_path or env.get("FACTBOT_DB") or DEFAULT_DB,
            admins=admins,
            log_level=env.get("FACTBOT_LOG_LEVEL", "WARNING").upper(),
        )
