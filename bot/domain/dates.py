"""Partial ISO dates ("2024", "2024-06", "2024-06-25"): sources often give only a year or a month.

A partial date stands for a span of days; comparisons use the span's first or last day so that
"ended 2024-06" and "started 2024-06" both count as true during June 2024.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from factbot.bot.domain.errors import BadArgument

_PARTIAL = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits only
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def parse(value: str, field: str = "date") -> str:
    """Validate a partial ISO date and return it normalised; raise BadArgument naming the field."""
    text = value.strip()
    match = _PARTIAL.match(text)
    if not match:
        raise BadArgument(f"{field} must look like 2024, 2024-06 or 2024-06-25 (got {_show(text)}).")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not 1900 <= year <= 2100:
        raise BadArgument(f"{field} has an unlikely year: {year}.")
    if month is not None and not 1 <= month <= 12:
        raise BadArgument(f"{field} has no month {month}.")
    if month is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise BadArgument(f"{field} is not a real day: {text}.") from None
    return text


def parse_optional(value: str | None, field: str = "date") -> str | None:
    if value is None or not value.strip():
        return None
    return parse(value, field)


_AGE = re.compile(r"^([0-9]{1,4})\s*(d|w|m|y)$")
_AGE_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


MAX_AGE_DAYS = 36_525  # 100 years: older than any fact, and far from date arithmetic's limits


def parse_age(value: str, field: str = "age") -> int:
    """'90d', '2w', '6m', '1y' -> days."""
    match = _AGE.match(value.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise BadArgument(f"{field} must look like 90d, 2w, 6m or 1y (got {_show(value)}).")
    days = int(match.group(1)) * _AGE_DAYS[match.group(2)]
    if days > MAX_AGE_DAYS:
        raise BadArgument(f"{field} is too long ({_show(value)}); at most 100 years (100y).")
    return days


def month_year(value: str) -> str:
    """'2024-03-23' -> 'March 2024' (a year alone stays a year)."""
    return human(value[:7]) if len(value) >= 7 else value


def first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)


def overlaps(start: str | None, end: str | None, lo: date, hi: date) -> bool:
    """Whether a validity span [start, end] (None = open) shares a day with [lo, hi]."""
    if start is not None and first_day(start) > hi:
        return False
    return not (end is not None and last_day(end) < lo)


def is_current(start: str | None, end: str | None, today: date) -> bool:
    """True while the fact holds today: started (or no start known) and not yet ended."""
    if start is not None and first_day(start) > today:
        return False
    return end is None or last_day(end) >= today


def sort_key(value: str | None) -> date:
    return first_day(value) if value else date.min


def human(value: str) -> str:
    """'2024' -> '2024', '2024-06' -> 'June 2024', '2024-03-22' -> '22 March 2024'."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def _short(value: str) -> tuple[str, str]:
    parts = value.split("-")
    return (MONTHS[int(parts[1]) - 1][:3] if len(parts) > 1 else "", parts[0])


def span(start: str | None, end: str | None) -> str:
    """A compact range: 'Mar–Jun 2024', '2011–2015', 'until Mar 2024', 'since June 2024'."""
    if start and end:
        (m1, y1), (m2, y2) = _short(start), _short(end)
        if y1 == y2 and m1 and m2:
            return f"{m1}–{m2} {y1}" if m1 != m2 else f"{m1} {y1}"
        left = f"{m1} {y1}".strip()
        right = f"{m2} {y2}".strip()
        return f"{left}–{right}"
    if end:
        return f"until {' '.join(p for p in _short(end) if p)}"
    if start:
        return f"since {human(start)}"
    return "dates unknown"


def _show(text: str) -> str:
    return repr(text[:40])
