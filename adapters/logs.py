"""Logging set-up for the processes: plain lines for people, one JSON object per line for collectors.

Adapters log one line per event with `extra={"platform", "outcome", "ms", ...}`; the JSON format keeps
those fields as keys. Secrets never reach a log line: adapters do not log tokens, and the redacting
filter below masks anything shaped like a Slack or Discord token that a library might print.

Libraries log what strangers send (slack-bolt logs a refused request's whole body, aiohttp's access log
the User-Agent), and logging runs on the event loop. So every line is bounded: cut to MAX_MESSAGE
characters, redacted in linear time, control characters escaped (no forged lines, no terminal escapes),
and a flood of similar lines is cut down to a count.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from datetime import UTC, datetime
from typing import Any

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}
MAX_MESSAGE = 2_000  # characters of one log message kept
MAX_TRACEBACK = 20_000
_TOKEN_SPAN = 400  # longer than any token: redaction looks this far past the cut
# Every repetition is bounded and the dotted (Discord) shape may only start where a run of token
# characters starts, so redaction is linear in the text however it is built (no backtracking blow-up).
_TOKENS = re.compile(
    r"xox[abposre]-[A-Za-z0-9-]{6,300}|xapp-[A-Za-z0-9-]{6,300}"
    r"|(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,100}\.[A-Za-z0-9_-]{5,100}\.[A-Za-z0-9_-]{20,200}"
)
# C0/C1 controls (newlines included: one record is one line), line/paragraph separators, bidi overrides.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_KEEP_NEWLINES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def redact(text: str) -> str:
    return _TOKENS.sub("[redacted]", text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char) or f"\\u{ord(char):04x}"


def escape_controls(text: str, keep_newlines: bool = False) -> str:
    """Control characters as visible escapes: a value from outside cannot start a new log line."""
    return (_CONTROL_KEEP_NEWLINES if keep_newlines else _CONTROL).sub(_escape, text)


def bounded(text: str, limit: int, secrets: tuple[str, ...] = (), keep_newlines: bool = False) -> str:
    """`text` cut to `limit` characters, redacted and escaped, in time linear in `limit`."""
    extra = len(text) - limit
    cleaned = redact(text[: limit + _TOKEN_SPAN])
    for secret in secrets:
        cleaned = cleaned.replace(secret, "[redacted]")
    cleaned = cleaned[:limit]
    cleaned = escape_controls(cleaned, keep_newlines)
    return cleaned + (f" … [{extra} more characters]" if extra > 0 else "")


class Redacting(logging.Filter):
    """Masks token-shaped strings in every record, whoever logged it; bounds and escapes the text."""

    def __init__(self, secrets: tuple[str, ...] = ()):
        super().__init__()
        self._secrets = tuple(s for s in secrets if len(s) >= 8)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = bounded(message, MAX_MESSAGE, self._secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = bounded(text, MAX_TRACEBACK, self._secrets, keep_newlines=True)
            record.exc_info = None
        return True


class Throttle(logging.Filter):
    """At most `burst` similar lines (same logger, level and opening words) per `window` seconds; the
    rest are counted and the count is told on the next line let through."""

    def __init__(self, burst: int = 50, window: float = 10.0, clock: Any = time.monotonic):
        super().__init__()
        self._burst, self._window, self._clock = burst, window, clock
        self._seen: dict[tuple[str, int, str], list[float]] = {}  # key -> [window start, count, dropped]
        self._dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        now = self._clock()
        template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        key = (record.name, record.levelno, template[:40])
        state = self._seen.get(key)
        if state is None or now - state[0] >= self._window:
            if len(self._seen) >= 1_000:
                self._seen.clear()
            state = self._seen[key] = [now, 0.0]
        state[1] += 1
        if state[1] > self._burst:
            self._dropped += 1
            return False
        if self._dropped:
            record.msg = f"{record.getMessage()} ({self._dropped} similar log lines suppressed)"
            record.args = None
            self._dropped = 0
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        elif record.exc_text:
            data["error"] = record.exc_text
        return json.dumps(data, ensure_ascii=False, default=str)


def configure(level: str, fmt: str, secrets: tuple[str, ...] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(Throttle())
    handler.addFilter(Redacting(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
