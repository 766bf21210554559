"""Settings from the environment, read once at start-up by the composition root."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from factbot.bot.domain.dates import parse_age
from factbot.bot.domain.errors import BadArgument

CWD_DB = "facts.db"  # a fact base in the current directory is used when nothing else is named
# The shipped fact base (the repo's facts.db) carries this SQLite application id. It is never picked up
# implicitly from the current directory, so using factbot from a clone never writes into the committed file.
EMBEDDED_APPLICATION_ID = 0x46424F54  # "FBOT"


def user_db_path(env: Mapping[str, str]) -> Path:
    """The per-user fact base (built from the packaged seed on first use), e.g. ~/.local/share/factbot."""
    xdg = env.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) / "factbot" if xdg else Path(platformdirs.user_data_dir("factbot", appauthor=False))
    return base / "facts.db"


def is_embedded_build(path: Path) -> bool:
    """True for the shipped fact base: its SQLite header (bytes 68-71) holds EMBEDDED_APPLICATION_ID."""
    try:
        with path.open("rb") as fh:
            header = fh.read(72)
    except OSError:
        return False
    return len(header) == 72 and int.from_bytes(header[68:72], "big") == EMBEDDED_APPLICATION_ID


def choose_db(explicit: str | None, env: Mapping[str, str], cwd: Path) -> tuple[str, bool]:
    """(path, is the per-user default): --db, else $FACTBOT_DB, else ./facts.db unless it is the shipped
    build, else the per-user fact base."""
    if explicit:
        return explicit, False
    if env.get("FACTBOT_DB", "").strip():
        return env["FACTBOT_DB"].strip(), False
    local = cwd / CWD_DB
    if local.is_file() and not is_embedded_build(local):
        return str(local), False
    return str(user_db_path(env)), True


@dataclass(frozen=True)
class LimitSettings:
    """How fast one person may ask on a chat platform (applied by the adapters' runner)."""

    per_minute: float = 20.0  # sustained questions per user per minute
    burst: int = 10  # questions a user may ask in a quick row
    repeat_cooldown: float = 30.0  # seconds before the same question in the same channel is answered again


@dataclass(frozen=True)
class Settings:
    db_path: str = CWD_DB
    db_is_user_default: bool = False  # the per-user fact base: created from the packaged seed if missing
    admins: frozenset[str] = frozenset()  # platform user ids allowed to change global facts
    log_level: str = "WARNING"
    log_format: str = "text"  # or "json", for log collectors
    limits: LimitSettings = field(default_factory=LimitSettings)
    stale_after_days: int = 182  # answers on older facts say "may have changed"
    question_log_days: int = 90  # questions older than this are forgotten (counts stay); 0: keep forever
    health_port: int | None = None  # serve /healthz, /readyz and /metrics on this port (the bots)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, db_path: str | None = None) -> Settings:
        env = os.environ if env is None else env
        admins = frozenset(a.strip() for a in env.get("FACTBOT_ADMINS", "").split(",") if a.strip())
        path, user_default = choose_db(db_path, env, Path.cwd())
        return cls(
            db_path=path,
            db_is_user_default=user_default,
            admins=admins,
            log_level=env.get("FACTBOT_LOG_LEVEL", "WARNING").upper(),
            log_format=env.get("FACTBOT_LOG_FORMAT", "text").lower(),
            stale_after_days=parse_age(
                env.get("FACTBOT_STALE_AFTER", "").strip() or "6m", "FACTBOT_STALE_AFTER"
            ),
            question_log_days=_whole(env, "FACTBOT_QUESTION_LOG_DAYS", 90, 0, 100_000),
            health_port=_port(env, "FACTBOT_HEALTH_PORT"),
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


def _whole(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadArgument(f"{name} must be a whole number from {low} to {high} (got {raw[:20]!r}).")
    return int(raw)


def _port(env: Mapping[str, str], name: str) -> int | None:
    """A TCP port, or None when unset (0 asks the system for a free one: tests)."""
    if not env.get(name, "").strip():
        return None
    return _whole(env, name, 0, 0, 65535)
