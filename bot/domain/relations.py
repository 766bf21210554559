"""The relation vocabulary, in one table: for every relation family its stored relations, how answers
name it, the words people ask with, the words statements use, the question suggested for it and its rank.

Everything else (the matcher's cue phrases, the answerer's statement search, suggestions, /leadership)
reads these tables, so a relation cannot be half-known: tests/test_relations.py checks each is complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from factbot.bot.domain.errors import BadArgument


@dataclass(frozen=True)
class Family:
    """What a question can ask for ("who runs X" -> ceo)."""

    name: str
    role: bool  # names a person holding a role at an organization
    cues: tuple[str, ...]  # words people use when asking for it (matched longest phrase first)
    statement_words: tuple[str, ...]  # words that name it inside a stored statement
    question: str | None  # the suggested question ("Who founded {name}?"); None: never suggested alone
    match_rank: int | None  # when several cues appear, the lowest rank wins (specific roles beat "runs")
    suggest_rank: int | None  # order of "did you mean" questions for an entity; None: not offered


@dataclass(frozen=True)
class Relation:
    name: str  # as stored
    label: str  # how an answer names the role: "CEO", "co-founder"
    family: str  # the Family it answers


FAMILIES: dict[str, Family] = {
    f.name: f
    for f in [
        Family(
            "ceo",
            role=True,
            cues=(
                "ceo",
                "chief executive",
                "chief executive officer",
                "runs",
                "ran",
                "led",
                "headed",
                "managed",
                "helmed",
                "running",
                "run",
                "runnin",
                "leads",
                "leading",
                "lead",
                "leader",
                "leaders",
                "leadership",
                "heads",
                "head",
                "heading",
                "boss",
                "in charge",
                "charge",
                "helm",
                "at the helm",
                "calls the shots",
                "in control",
                "top boss",
                "big boss",
                "head honcho",
                "honcho",
                "top exec",
                "chief exec",
                "steers",
                "steering",
                "steering the ship",
                "steers the ship",
                "bossing",
                "manages",
                "co ceo",
                "interim ceo",
                "interim",
                "took over",
                "replaced",
                "succeeded",
                "successor",
                "step down",
                "stepped down",
                "ceos",
                "calling the shots",
                "call the shots",
                "runs the show",
                "running the show",
                "run the show",
                "top dog",
                "big dog",
                "top guy",
                "top gal",
                "main guy",
                "main person",
                "top person",
                "head guy",
                "big cheese",
                "captain",
                "steering",
                "took the helm",
                "takes the helm",
                "at the wheel",
                "number one",
            ),
            statement_words=("ceo", "chief executive"),
            question="Who is the CEO of {name}?",
            match_rank=13,
            suggest_rank=0,
        ),
        Family(
            "founder",
            role=True,
            cues=(
                "founded",
                "founder",
                "founders",
                "cofounder",
                "co founder",
                "co founders",
                "cofounded",
                "co founded",
                "cofound",
                "co found",
                "started",
                "start",
                "created",
                "founding",
                "set up",
                "established",
                "launched the company",
                "put together",
                "found",
                "behind",
            ),
            statement_words=("founded", "founder", "co-founded", "launched"),
            question="Who founded {name}?",
            match_rank=8,
            suggest_rank=1,
        ),
        Family(
            "chair",
            role=True,
            cues=("chair", "chairman", "chairwoman", "chairperson", "board chair", "executive chairman"),
            statement_words=("chair",),
            question="Who chairs {name}?",
            match_rank=5,
            suggest_rank=5,
        ),
        Family(
            "president",
            role=True,
            cues=("president",),
            statement_words=("president",),
            question="Who is the president of {name}?",
            match_rank=6,
            suggest_rank=None,
        ),
        Family(
            "cto",
            role=True,
            cues=(
                "cto",
                "chief technology officer",
                "technology chief",
                "tech chief",
                "chief technical officer",
                "chief technologist",
                "technologist",
                "tech lead",
            ),
            statement_words=("cto", "chief technology"),
            question="Who is the CTO of {name}?",
            match_rank=2,
            suggest_rank=4,
        ),
        Family(
            "coo",
            role=True,
            cues=("coo", "chief operating officer"),
            statement_words=("coo", "chief operating"),
            question="Who is the COO of {name}?",
            match_rank=3,
            suggest_rank=None,
        ),
        Family(
            "cfo",
            role=True,
            cues=("cfo", "chief financial officer"),
            statement_words=("cfo", "chief financial"),
            question="Who is the CFO of {name}?",
            match_rank=4,
            suggest_rank=None,
        ),
        Family(
            "chief_scientist",
            role=True,
            cues=(
                "chief scientist",
                "top scientist",
                "lead scientist",
                "science chief",
                "head of research",
                "chief science officer",
                "chief ai scientist",
                "head scientist",
                "research director",
                "scientist",
            ),
            statement_words=("chief scientist", "chief science", "chief ai scientist"),
            question="Who is the chief scientist of {name}?",
            match_rank=1,
            suggest_rank=3,
        ),
        Family(
            "head_of_ai",
            role=True,
            cues=(
                "head of ai",
                "ai chief",
                "ai boss",
                "chief ai officer",
                "ai lead",
                "ai head",
                "runs ai",
                "leads ai",
                "in charge of ai",
                "ai strategy",
                "ai organization",
            ),
            statement_words=("chief ai officer", "head of ai", "ai chief", "leads ai"),
            question="Who leads AI at {name}?",
            match_rank=0,
            suggest_rank=None,
        ),
        Family(
            "board_member",
            role=True,
            cues=("board", "board member", "director", "directors", "joined the board"),
            statement_words=("board",),
            question="Who is on the board of {name}?",
            match_rank=7,
            suggest_rank=None,
        ),
        Family(
            "released",
            role=False,
            cues=(
                "wrote",
                "authored",
                "authors",
                "author",
                "released",
                "release",
                "releases",
                "launched",
                "launch",
                "launches",
                "came out",
                "come out",
                "shipped",
                "ship",
                "unveiled",
                "announced",
                "published",
                "made",
                "built",
                "makes",
                "developed",
                "introduced",
                "debut",
                "debuted",
                "drop",
                "dropped",
                "drops",
                "products",
                "product",
                "models",
                "model",
                "put out",
                "puts out",
                "putting out",
            ),
            statement_words=("released", "launched", "announced", "unveiled", "introduced", "published"),
            question="What did {name} release?",
            match_rank=11,
            suggest_rank=2,
        ),
        Family(
            "invested_in",
            role=False,
            cues=(
                "invested",
                "invest",
                "investing",
                "investment",
                "investments",
                "investor",
                "investors",
                "backed",
                "backs",
                "funded",
                "funding",
                "stake",
                "put money",
                "money into",
                "put into",
                "putting into",
                "raise",
                "raised",
                "raising",
            ),
            statement_words=("invest", "stake"),
            question="Who invested in {name}?",
            match_rank=9,
            suggest_rank=6,
        ),
        Family(
            "acquired",
            role=False,
            cues=(
                "acquired",
                "acquire",
                "acquires",
                "acquiring",
                "acquisition",
                "bought",
                "buy",
                "buys",
                "buying",
                "purchased",
                "took over",
                "merged",
                "merger",
                "owns",
                "owned",
                "owner",
            ),
            statement_words=("acquired", "bought", "acquisition", "merger", "sale", "sold", "takeover"),
            question="Who acquired {name}?",
            match_rank=10,
            suggest_rank=7,
        ),
        Family(
            "resigned",
            role=False,
            cues=(
                "resigned",
                "resign",
                "quit",
                "left",
                "leave",
                "departed",
                "step down",
                "stepped down",
                "bailed",
                "exited",
                "walked away",
            ),
            statement_words=("resigned", "stepped down", "left"),
            question=None,
            match_rank=12,
            suggest_rank=None,
        ),
        Family(
            "other",
            role=False,
            cues=(),
            statement_words=(),
            question=None,
            match_rank=None,
            suggest_rank=None,
        ),
    ]
}

RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in [
        Relation("ceo", "CEO", "ceo"),
        Relation("interim_ceo", "interim CEO", "ceo"),
        Relation("co_ceo", "co-CEO", "ceo"),
        Relation("founder", "founder", "founder"),
        Relation("cofounder", "co-founder", "founder"),
        Relation("chair", "chair", "chair"),
        Relation("president", "president", "president"),
        Relation("cto", "CTO", "cto"),
        Relation("coo", "COO", "coo"),
        Relation("cfo", "CFO", "cfo"),
        Relation("chief_scientist", "chief scientist", "chief_scientist"),
        Relation("head_of_ai", "head of AI", "head_of_ai"),
        Relation("board_member", "board member", "board_member"),
        Relation("released", "released", "released"),
        Relation("invested_in", "invested in", "invested_in"),
        Relation("acquired", "acquired", "acquired"),
        Relation("resigned", "resigned", "resigned"),
        Relation("other", "other", "other"),
    ]
}

# Roles shown by /leadership, in the order shown (the CEO line comes first, on its own).
LEADERSHIP_ROLES = ("chair", "president", "coo", "cto", "cfo", "chief_scientist", "head_of_ai")
CEO_RELATIONS = ("ceo", "interim_ceo", "co_ceo")

# Views of the table for the modules that read it.
ROLE_FAMILIES = frozenset(f.name for f in FAMILIES.values() if f.role)
CUES: dict[str, tuple[str, ...]] = {f.name: f.cues for f in FAMILIES.values() if f.cues}
STATEMENT_WORDS: dict[str, tuple[str, ...]] = {
    f.name: f.statement_words for f in FAMILIES.values() if f.statement_words
}
MATCH_PRIORITY: tuple[str, ...] = tuple(
    sorted(
        (f.name for f in FAMILIES.values() if f.match_rank is not None),
        key=lambda n: FAMILIES[n].match_rank or 0,
    )
)
SUGGESTION_ORDER: tuple[str, ...] = tuple(
    sorted(
        (f.name for f in FAMILIES.values() if f.suggest_rank is not None),
        key=lambda n: FAMILIES[n].suggest_rank or 0,
    )
)


def question_for(family: str, name: str) -> str:
    """The suggested question for a family about an entity (the CEO question when it has none)."""
    template = FAMILIES[family].question if family in FAMILIES else None
    return (template or FAMILIES["ceo"].question or "{name}").format(name=name)


def get(name: str) -> Relation:
    """The relation called `name`, or a BadArgument listing the valid ones."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {
        "co_founder": "cofounder",
        "chairman": "chair",
        "chief_executive": "ceo",
        "release": "released",
        "investor": "invested_in",
        "invested": "invested_in",
        "acquisition": "acquired",
    }
    key = aliases.get(key, key)
    if key not in RELATIONS:
        raise BadArgument(f"Unknown relation {name[:40]!r}. Use one of: {', '.join(RELATIONS)}.")
    return RELATIONS[key]


def label(name: str) -> str:
    rel = RELATIONS.get(name)
    return rel.label if rel else name.replace("_", " ")


def family_members(family: str) -> tuple[str, ...]:
    return tuple(r.name for r in RELATIONS.values() if r.family == family)
