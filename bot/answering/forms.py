"""The shape of a question, beyond its entities and relation: yes/no, comparison, total, succession, an
earlier role, or an opinion or forecast the bot must not answer with facts.

Pure reading of the folded words (no store); answerer.py and the shaped answers (yes_no.py, comparisons.py, …) act on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Words that ask for a view, advice or a forecast: facts about the names in them are not an answer.
OPINION_WORDS = frozenset(
    """should shouldnt shud worth overrated underrated overhyped hyped hype ethical unethical evil
    trustworthy trust smartest dumbest impressive opinion opinions thoughts think thinks prefer recommend
    recommended advice advise good bad better worse worst best nicer cooler greatest goat safe bet
    bubble legit scam decent relevant irrelevant overvalued undervalued doomed washed overpaid overpay
    overpriced smart overpaying overpays overrate overhype overvalue undervalue overvaluing""".split()
)
# 'best known', 'best-selling': descriptive, not a view.
_NOT_OPINION_AFTER = {
    "best": ("known", "selling", "seller"),
    "smart": ("glasses", "speaker", "speakers", "phone", "phones", "home", "watch", "ring"),
}
FORECAST_WORDS = frozenset(
    "will wont gonna going wholl itll theyll predict prediction forecast likely odds chance chances".split()
)
# 'who is the next CEO': a forecast; 'what did they release next' is not.
_NEXT_ROLE = frozenset({"ceo", "boss", "leader", "chief", "chair", "chairman", "head", "president", "cto"})
# 'going to' is a forecast, 'going' alone ('going on') is not.
_FORECAST_NEEDS_NEXT = {"going": ("to", "up", "down")}
# Verbs a forecast asks about; 'will' before a role question ('who will lead X') is one too.
YES_NO_STARTS = frozenset(
    "is isnt was wasnt did didnt does doesnt do dont has hasnt have havent are arent were werent can could".split()
)
WH_WORDS = frozenset("who whom whose what which when where why how whos whats wheres whens hows".split())
COMPARE_ORDER = frozenset(
    "first earlier earliest older oldest sooner before longer newer younger later".split()
)
COMPARE_SIZE = frozenset("more bigger larger largest biggest higher most less smaller".split())
COMPARE_JOINERS = frozenset({"or", "vs", "versus", "than", "compared"})
TOTAL_WORDS = frozenset({"total", "overall", "altogether", "combined", "cumulative", "sum", "totally"})
TOTAL_PHRASES = (("in", "all"), ("all", "together"), ("so", "far"), ("all", "in"))
SUCCESSOR_CUES = (
    ("took", "over", "from"),
    ("take", "over", "from"),
    ("came", "after"),
    ("come", "after"),
    ("followed",),
    ("replaced",),
    ("replace",),
    ("succeeded",),
    ("succeed",),
    ("successor",),
    ("successors",),
    ("after",),
)
PREDECESSOR_CUES = (("predecessor",), ("predecessors",), ("came", "before"), ("come", "before"))
# 'who had the job before Rahul Patil', 'who held the role before him' (not 'what was her job before')
_WHO_HELD_BEFORE = (("job", "before"), ("role", "before"), ("position", "before"), ("post", "before"))
EARLIER_CUES = frozenset({"before", "previous", "previously", "prior", "earlier"})
EARLIER_NOUNS = frozenset(
    {"job", "gig", "role", "roles", "career", "work", "worked", "known", "do", "doing", "run", "company", "startup"}
)


@dataclass(frozen=True)
class Form:
    kind: str | None = (
        None  # opinion, forecast, yes_no, comparison, total, successor, predecessor, earlier_role
    )
    metric: str = ""  # comparison: 'order' or 'size'


def _has(words: Sequence[str], phrase: Sequence[str]) -> int:
    """Position of phrase in words, or -1."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) == tuple(phrase):
            return i
    return -1


_NEGATIONS = frozenset("not dont doesnt isnt wasnt didnt arent werent never hasnt havent".split())


def is_negated(words: Sequence[str]) -> bool:
    """'who doesn't run OpenAI', 'who is not the CEO': a question word, then a negation — the record says
    who does, not who does not ('isn't Altman CEO?' opens with its verb: a yes/no, not this)."""
    return any(
        w in WH_WORDS and not YES_NO_STARTS & set(words[:i][-1:]) and _NEGATIONS & set(words[i + 1 : i + 4])
        for i, w in enumerate(words)
    )


# 'what's the difference between Anthropic and OpenAI', 'how do they differ': a synthesis, not a fact.
_DIFFERENCE_WORDS = frozenset({"difference", "differences", "differ", "differs", "distinguishes"})


def asks_difference(words: Sequence[str]) -> bool:
    return bool(_DIFFERENCE_WORDS.intersection(words)) or _has(words, ("different", "from")) >= 0


def refuses_by_shape(words: Sequence[str]) -> bool:
    """An opinion, a forecast or a 'how do they differ' anywhere in the message: no clause of it is
    answered with facts."""
    return is_opinion(words) or is_forecast(words) or asks_difference(words) or is_how_to(words)


# 'how do i clone my voice with it', 'how can i get access to gpt-4', 'how to fine tune llama': help with a
# task, not a fact about the industry
_HOW_TO = (("how", "do", "i"), ("how", "can", "i"), ("how", "should", "i"), ("how", "to"), ("how", "do", "we"),
           ("how", "can", "we"), ("how", "would", "i"), ("how", "do", "you", "use"))


def is_how_to(words: Sequence[str]) -> bool:
    return any(_has(words, p) >= 0 for p in _HOW_TO)


_OPINION_PHRASES = (
    ("too", "much"),
    ("too", "expensive"),
    ("too", "cheap"),
    ("too", "little"),
    # investment advice: 'is nvidia stock a buy rn', 'buy or sell'
    ("a", "buy"),
    ("a", "sell"),
    ("a", "hold"),
    ("buy", "or", "sell"),
    ("sell", "or", "hold"),
)


def is_opinion(words: Sequence[str]) -> bool:
    if any(_has(words, p) >= 0 for p in _OPINION_PHRASES):
        return True  # 'did Google buy it for too much'
    for i, w in enumerate(words):
        if w in OPINION_WORDS:
            follow = _NOT_OPINION_AFTER.get(w)
            if follow and i + 1 < len(words) and words[i + 1] in follow:
                continue
            if w == "worth" and _asks_value(words, i):
                continue
            return True
    return False


def _asks_value(words: Sequence[str], i: int) -> bool:
    """'how much is Microsoft's stake worth', 'which is worth more': a valuation, not 'is it worth it'."""
    after = words[i + 1] if i + 1 < len(words) else ""
    if after in ("it", "buying", "using", "joining", "paying", "the"):
        return False
    if after in ("more", "less", "most", "least", "about", "now", "today"):
        return True
    # 'how much is X worth', 'what was Anthropic worth in 2023', 'what's OpenAI worth'
    return _has(words, ("how", "much")) >= 0 or bool({"what", "whats"} & set(words[:2]))


# 'agreed to buy', 'pay to buy', 'offered to buy': a deal that was made, not advice on what to buy.
_DEAL_VERBS = frozenset(
    "agree agreed agreeing pay paid offer offered bid plan planned decide decided move moved deal "
    "attempt attempted try tried".split()
)
ADVICE_PHRASES = (
    ("to", "buy"),
    ("to", "invest", "in"),
    ("to", "join"),
    ("to", "use"),
    ("to", "learn"),
    ("next", "big"),
)


def is_forecast(words: Sequence[str]) -> bool:
    """A forecast or a request for advice ('the next big startup to invest in', 'which stock to buy')."""
    for p in ADVICE_PHRASES:
        at = _has(words, p)
        if at >= 0 and not (at > 0 and words[at - 1] in _DEAL_VERBS):
            return True
    for i, w in enumerate(words):
        if w == "next" and i + 1 < len(words) and words[i + 1] in _NEXT_ROLE:
            return True
        if w in FORECAST_WORDS:
            need = _FORECAST_NEEDS_NEXT.get(w)
            if need and not (i + 1 < len(words) and words[i + 1] in need):
                continue
            return True
    return False


# what chat puts before a question: 'lol did altman actually get fired', 'ngl is cohere still independent'
_LEAD_FILLER = frozenset(
    "so wait hey ok okay and but yo quick q lol lmao ngl tbh btw fr omg hmm um uh well honestly srsly".split()
)


def is_yes_no(words: Sequence[str]) -> bool:
    """'is X still CEO', 'did Y buy Z', and chat forms: 'X still running Y or nah', 'X left Y, right?'."""
    if any(w in WH_WORDS for w in words):
        return False
    lead = [w for w in words[:3] if w not in _LEAD_FILLER]
    if lead and lead[0] in YES_NO_STARTS:
        return True
    tail = tuple(words[-2:])
    return (
        tail in (("or", "nah"), ("or", "not"), ("or", "no"))
        or (bool(words) and words[-1] == "right")
        or "still" in words
        or (len(tail) == 2 and tail[0] in _NEGATED_AUX and tail[1] in _TAG_PRONOUNS)  # '…, didn't he'
    )


_NEGATED_AUX = frozenset("didnt isnt wasnt doesnt hasnt hadnt arent werent wont cant".split())
_TAG_PRONOUNS = frozenset("he she it they".split())
_PAST_AUX = frozenset("did didnt was wasnt were werent had hadnt".split())
_PRESENT_MARKERS = frozenset("still now currently anymore today nowadays rn atm".split())
_EVER_PHRASES = (("at", "some", "point"), ("at", "one", "point"), ("used", "to"), ("back", "in"))


def asks_ever(words: Sequence[str]) -> bool:
    """'did Karpathy work at Tesla', 'was X ever CEO of Y', 'X led Y at some point, didn't he': a question
    about having held a role at any time, answered yes by a role that has since ended."""
    if _PRESENT_MARKERS & set(words):
        return False
    if {"ever", "once", "previously", "formerly"} & set(words) or any(
        _has(words, p) >= 0 for p in _EVER_PHRASES
    ):
        return True
    lead = [w for w in words[:3] if w not in _LEAD_FILLER]
    return bool(lead and lead[0] in _PAST_AUX) or (len(words) >= 2 and words[-2] in _PAST_AUX)


_FROM_START_PHRASES = (
    ("day", "one"),
    ("from", "the", "start"),
    ("from", "the", "beginning"),
    ("from", "the", "outset"),
    ("since", "the", "start"),
    ("since", "the", "beginning"),
    ("since", "founding"),
    ("since", "it", "was", "founded"),
)


def asks_from_start(words: Sequence[str]) -> bool:
    """'was Altman OpenAI's CEO from day one', '… since the beginning', 'originally'."""
    return "originally" in words or any(_has(words, p) >= 0 for p in _FROM_START_PHRASES)


def comparison(words: Sequence[str], named: int) -> str:
    """'order' or 'size' when two things are set against each other, else ''."""
    if named < 2 or not any(w in COMPARE_JOINERS for w in words):
        return ""
    if any(w in COMPARE_ORDER for w in words):
        return "order"
    if any(w in COMPARE_SIZE for w in words):
        return "size"
    return ""


# 'was DeepMind around before OpenAI', 'did Anthropic exist before Mistral', 'was Claude out before Gemini'
_BEING_WORDS = frozenset(
    "around exist existed exists founded started launched released out formed created there".split()
)
_ORDER_WORDS = {"before": True, "earlier": True, "after": False, "later": False}


def came_before(words: Sequence[str], named: int) -> bool | None:
    """A yes/no about the order of two things: True when asked 'before', False 'after', else None."""
    if named != 2 or not is_yes_no(words) or not _BEING_WORDS & set(words):
        return None
    asked = [_ORDER_WORDS[w] for w in words if w in _ORDER_WORDS]
    return asked[0] if len(asked) == 1 else None


def ends_with_together(words: Sequence[str]) -> bool:
    """'… did microsoft and nvidia commit to anthropic together': the adverb (a total), not Together AI.
    Read on the whole question and on its words without the names ('… invest in and together')."""
    return len(words) > 1 and words[-1] == "together" and "and" in words[:-1]


def asks_total(words: Sequence[str]) -> bool:
    return (
        ends_with_together(words)
        or any(w in TOTAL_WORDS for w in words)
        or any(_has(words, p) >= 0 for p in TOTAL_PHRASES)
    )


_TAKE_VERBS = frozenset({"took", "take", "takes", "taking"})
_TAKEN_THINGS = frozenset({"over", "reins", "helm", "job", "role", "top", "spot", "seat"})


def took_from(words: Sequence[str]) -> bool:
    """'who took over GitHub from Nat Friedman', 'who took the reins from X': a taking, then 'from' within
    a few words (the organization or the role may stand between)."""
    for i, w in enumerate(words):
        if w in _TAKE_VERBS and "from" in words[i + 1 : i + 6]:
            between = words[i + 1 : words.index("from", i + 1)]
            if _TAKEN_THINGS & set(between):
                return True
    return False


def without_and(words: Sequence[str]) -> Sequence[str]:
    """'and where did its ceo go': the question after its leading 'and'."""
    return words[1:] if words[:1] == ["and"] else words


# 'after he came back': a return, after which no one followed him
_RETURN_WORDS = frozenset({"back", "returned", "return", "returns", "rejoined", "reinstated"})


def succession(words: Sequence[str]) -> str:
    """'successor' ('who replaced X'), 'predecessor' ('who did X replace'), or ''."""
    if any(_has(words, p) >= 0 for p in PREDECESSOR_CUES):
        return "predecessor"
    if list(without_and(words)[:1]) in (["who"], ["whos"]) and any(_has(words, p) >= 0 for p in _WHO_HELD_BEFORE):
        return "predecessor"
    if took_from(words):
        return "successor"
    for cue in SUCCESSOR_CUES:
        at = _has(words, cue)
        if at < 0:
            continue
        # 'who did Rene Haas replace': the person named replaced someone; 'who replaced X': X was replaced.
        if cue[0] in ("replace", "succeed") and "did" in words[:at]:
            return "predecessor"
        if cue == ("after",) and _RETURN_WORDS & set(words[at + 1 : at + 6]):
            return ""  # 'who stayed on after he came back': a time, not who came after him
        return "successor"
    return ""


def asks_came_from(words: Sequence[str]) -> bool:
    """'where did he come from', 'where'd she come from': where someone was before, not a birthplace
    ('where is he from')."""
    at = max(_has(words, ("come", "from")), _has(words, ("came", "from")))
    return at > 0 and "where" in words[:at]


def earlier_role(words: Sequence[str]) -> bool:
    """'what did X do before Y', 'X's previous gig', 'where did X work before'."""
    return any(w in EARLIER_CUES for w in words) and any(w in EARLIER_NOUNS or w == "where" for w in words)
