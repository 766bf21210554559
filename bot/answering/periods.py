"""The period a question asks about, as dates: 'in 2023', 'before 2025', 'by 2024', 'since 2024', 'after
2023', 'from 2023 to 2024' (the matcher reads only the year; the word before it says which side)."""

from __future__ import annotations

from datetime import date, timedelta

from factbot.bot.answering import wording
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates
from factbot.bot.domain.model import Fact

Window = tuple[date | None, date | None]
_UNTIL = frozenset({"before", "prior", "until", "till", "pre"})
_UP_TO_END = frozenset({"by", "through", "thru"})
_FROM = frozenset({"since", "from"})
_AFTER = frozenset({"after", "post"})


def window(reading: Reading) -> Window:
    """The dates a total covers, from the years asked: 'in 2023' that year; 'before 2025' up to its start;
    'by 2024' to its end; 'since 2024' / 'after 2023' from then on; 'from 2023 to 2024' both years."""
    words, t = reading.words, reading.time
    if t.lo is None or t.hi is None:
        return (t.lo, t.hi)
    years = sorted(wording.year_positions(reading))
    first = years[0] if years else -1
    said = set(words[max(0, first - 3) : first])
    if len(years) >= 2:
        last = int(words[years[-1]])
        return (t.lo, date(last, 12, 31))
    if said & _UNTIL:
        return (None, t.lo - timedelta(days=1))
    if said & _UP_TO_END:
        return (None, t.hi)
    if said & _AFTER:
        return (t.hi + timedelta(days=1), None)
    if said & _FROM:
        return (t.lo, None)
    return (t.lo, t.hi)


def in_time(f: Fact, when: Window) -> bool:
    """The fact is dated inside the time asked about (any fact, when none is asked)."""
    lo, hi = when
    if lo is None and hi is None:
        return True
    if not f.start:
        return False
    day = dates.first_day(f.start)
    return (lo is None or day >= lo) and (hi is None or day <= hi)
