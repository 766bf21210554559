"""Checks on every field a person can type, done once at the edge of the core with a clear message each."""

from __future__ import annotations

import re

from factbot.bot.domain import dates, relations, urls
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.text import clean_input, key

LIMITS = {
    "comment": 500,
    "subject": 100,
    "object": 300,
    "statement": 500,
    "source_url": 500,
    "source_title": 200,
    "note": 1000,
}
KINDS = ("organization", "person", "product", "other")
# Characters that do not belong in an address: terminal escapes (ESC and the other C0/C1 controls), bidi
# overrides that reverse what a reader sees, and invisible ones that make two links look alike. They are
# dropped, as from every text field (bot.text.clean_input), so what is stored is what a reader sees.
# (White space, control or not, is left in: an address with a space or line break in it is refused.)
_UNSAFE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")

_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts


def text_field(value: str | None, field: str, required: bool = False) -> str:
    cleaned = clean_input(value or "", limit=10_000)
    if required and not key(cleaned):
        raise BadArgument(f"{field} is empty.")
    limit = LIMITS.get(field, 500)
    if len(cleaned) > limit:
        raise BadArgument(f"{field} is too long ({len(cleaned)} characters; at most {limit}).")
    return cleaned


def url(value: str | None, field: str = "source_url") -> str:
    cleaned = _UNSAFE.sub("", (value or "")[: LIMITS["source_url"] * 4]).strip().strip("<>")
    if not cleaned:
        return ""
    if len(cleaned) > LIMITS["source_url"]:
        raise BadArgument(f"{field} is too long (at most {LIMITS['source_url']} characters).")
    try:
        parsed = urls.split(cleaned)
        host = parsed.hostname
    except ValueError:  # 'http://[' and other addresses urllib cannot even split
        host, parsed = None, urls.split("")
    if (
        not host
        or parsed.scheme not in ("http", "https")
        or not parsed.netloc
        or _SPACE.search(cleaned) is not None
    ):
        raise BadArgument(f"{field} must be an http:// or https:// address (got {cleaned[:60]!r}).")
    return cleaned


def relation(value: str) -> str:
    return relations.get(value).name


def date_range(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    start_v = dates.parse_optional(start, "start")
    end_v = dates.parse_optional(end, "end")
    if start_v and end_v and dates.last_day(end_v) < dates.first_day(start_v):
        raise BadArgument(f"end ({end_v}) is before start ({start_v}).")
    return start_v, end_v


def fact_id(value: str | int) -> int:
    text = str(value).strip().lstrip("#")
    if not re.fullmatch(r"[0-9]{1,12}", text):
        raise BadArgument(f"A fact id is a number like 42 (got {str(value)[:20]!r}).")
    return int(text)


def kind(value: str) -> str:
    if value not in KINDS:
        raise BadArgument(f"kind must be one of {', '.join(KINDS)}.")
    return value


def source_title_for(url_value: str) -> str:
    return urls.split(url_value).netloc.removeprefix("www.") if url_value else ""
