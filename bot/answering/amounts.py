"""Money in the stored prose: '$6.9-7 billion', 'EUR 600 million', and whether a figure is money put in
or what something is worth ('a stake worth $135 billion')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factbot.bot.domain.model import Fact

_AMOUNT = re.compile(
    # a range ('$6.9-7 billion') is read as its lower end
    r"(?P<cur>US\$|\$|€|£|EUR |USD )\s?(?P<num>\d+(?:[.,]\d+)?)(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?\s*"
    r"(?P<unit>trillion|billion|million|bn|b|m)\b",
    re.I,
)


_UNITS = {"trillion": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "m": 1e6}


@dataclass(frozen=True)
class Amount:
    currency: str
    value: float

    def human(self) -> str:
        for unit, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
            if self.value >= size:
                number = f"{self.value / size:.2f}".rstrip("0").rstrip(".")
                return f"{self.currency}{number} {unit}"
        return f"{self.currency}{self.value:,.0f}"


# 'worth about $135 billion', 'valuing it at $2 billion', 'market value': what a stake or a company is
# worth, not money anyone put in
_WORTH_BEFORE = re.compile(r"(worth|valu\w*|market (cap\w*|value))\W+(\w+\W+){0,3}$", re.I)


VALUE_WORDS = frozenset("worth valued valuation valuations value valuable market cap".split())


def amounts(text: str, worth: bool | None = None) -> list[Amount]:
    """The money amounts a statement gives; `worth` True keeps only valuations, False only the others."""
    out = []
    for m in _AMOUNT.finditer(text):
        if worth is not None and bool(_WORTH_BEFORE.search(text[: m.start()])) != worth:
            continue
        out.append(_amount(m))
    return out


# '$157 billion post-money valuation', '€5.8 billion valuation': the amount named as a valuation after it
_VALUATION_AFTER = re.compile(r"^\s*(\(\S+ \S+\) )?((pre|post)-money )?valuation", re.I)
# 'a stake worth $135 billion' values a stake; 'expected to value it above $1 trillion' values nothing yet
_NOT_THE_COMPANY = re.compile(r"(stake|holding|shares?|deal|contracts?|expected|expects|could|would|might)\W+(\w+\W+){0,5}$", re.I)


def valuations(text: str) -> list[Amount]:
    """What a statement says something was valued at: 'valuing it at $183 billion', 'at a $157 billion
    post-money valuation' -- not a stake's worth or a valuation only expected."""
    out = []
    for m in _AMOUNT.finditer(text):
        before, after = text[: m.start()], text[m.end() :]
        if not (_WORTH_BEFORE.search(before) or _VALUATION_AFTER.match(after)):
            continue
        if _NOT_THE_COMPANY.search(before):
            continue
        out.append(_amount(m))
    return out


# '$110 billion funding round', '€600 million Series B': the size of a whole round, not one investor's part
_ROUND_AFTER = re.compile(r"^\s*(\(\S+ \S+\) )?(funding |financing |investment )?(round|series|raise)\b", re.I)
_LED_BEFORE = re.compile(r"\b(led|raised|raising|round of|total|totalling|totaling|bringing)\W+(\w+\W+){0,4}$", re.I)


def put_in(object_text: str) -> Amount | None:
    """What one investor put in, by the object of the fact that records it ('OpenAI ($30 billion)',
    'Anthropic (up to $4 billion)'): its one amount that is neither a valuation, nor a whole round's size
    ('$110 billion funding round', 'led €600 million Series B'), nor a running total. None when only those
    are given (the investor's own part is not on record), or several ('$500 million plus $1.5 billion
    committed': no one of them is the part). (The prose names other investors' parts and the round's in
    any order, so it is not read for this.)"""
    parts = set()
    for m in _AMOUNT.finditer(object_text):
        before, after = object_text[: m.start()], object_text[m.end() :]
        if _WORTH_BEFORE.search(before) or _VALUATION_AFTER.match(after):
            continue
        if _ROUND_AFTER.match(after) or _LED_BEFORE.search(before):
            continue
        parts.add(_amount(m))
    return parts.pop() if len(parts) == 1 else None


# '€105 million seed round', '$2 billion funding round', '€600 million Series B'; 'SSI raised $1 billion'
_WHOLE_ROUND_AFTER = re.compile(
    r"^\s*(\([^()]{0,40}\) )?(funding |financing |investment |equity |seed )?(round|series|seed)\b", re.I
)
_RAISED_BEFORE = re.compile(r"\b(raised|raises|raising|round of)\W+(\w+\W+){0,2}$", re.I)
# 'a round of more than $100 million': a bound, not the size
_BOUND_BEFORE = re.compile(r"\b(more than|over|at least|upwards of|up to|nearly|almost)\W+$", re.I)


def round_size(text: str) -> Amount | None:
    """The size of the whole round a text records ('led €385 million Series A', 'Safe Superintelligence
    raised $1 billion'), not a valuation, a bound ('more than $100 million') nor one investor's part; None
    when it names none."""
    for m in _AMOUNT.finditer(text):
        before, after = text[: m.start()], text[m.end() :]
        if _WORTH_BEFORE.search(before) or _VALUATION_AFTER.match(after) or _BOUND_BEFORE.search(before):
            continue
        if _WHOLE_ROUND_AFTER.match(after) or _RAISED_BEFORE.search(before):
            return _amount(m)
    return None


def only_amount(text: str) -> Amount | None:
    """The one sum of money a statement gives, valuations aside ('… reported at about $10 billion'); None
    when it gives none or several (the prose names other investors' parts and the round's)."""
    found = set(amounts(text, worth=False))
    return found.pop() if len(found) == 1 else None


_TOTAL_BEFORE = re.compile(r"\btotal\W+((of|to|at)\W+)?$", re.I)
_TOTAL_AFTER = re.compile(r"^\s*(in )?total\b", re.I)


def stated_total(text: str) -> Amount | None:
    """A running total a text states: 'bringing its total to $8 billion', '$8 billion total'."""
    for m in _AMOUNT.finditer(text):
        if _TOTAL_BEFORE.search(text[: m.start()]) or _TOTAL_AFTER.match(text[m.end() :]):
            return _amount(m)
    return None


def _amount(m: re.Match[str]) -> Amount:
    cur = {"us$": "$", "usd ": "$", "eur ": "€"}.get(m["cur"].lower(), m["cur"])
    return Amount(cur, float(m["num"].replace(",", ".")) * _UNITS[m["unit"].lower()])


# -- the money facts record ------------------------------------------------------------------------------

# 'about 27% of OpenAI Group PBC', 'a 49% stake': what someone holds, not a tranche of money
_HOLDING = re.compile(r"\d\s?%|\bstake\b|\bshares?\b", re.I)


def tranche(f: Fact) -> Amount | None:
    """What one fact records as put in: the amount in its object, else the one amount its statement gives."""
    return put_in(f.object) or (None if amounts(f.object) else only_amount(f.statement))


def tranches(linked: list[Fact]) -> list[Fact]:
    """The facts that are money put in: an ended one (a letter of intent superseded by the deal) is not,
    nor a holding ('about 27% of OpenAI Group PBC')."""
    return [f for f in linked if not f.end and not (_HOLDING.search(f.object) and not put_in(f.object))]


def sum_of(paid: list[Fact]) -> Amount | None:
    """The tranches added up, when every one is dated and has an amount, all in one currency."""
    money = [x for f in paid if f.start and (x := tranche(f)) is not None]
    if not paid or len(money) < len(paid) or len({x.currency for x in money}) != 1:
        return None
    return Amount(money[0].currency, sum(x.value for x in money))
