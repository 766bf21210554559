"""The relation vocabulary: stored names, how people call them, and which ones make up 'leadership'."""

from __future__ import annotations

from dataclasses import dataclass

from factbot.bot.domain.errors import BadArgument


@dataclass(frozen=True)
class Relation:
    name: str
    label: str  # how an answer names the role: "CEO", "co-founder"
    family: str  # what a question asks for: "ceo", "founder", "released", ...


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

# Roles shown by /leadership, in the order shown.
LEADERSHIP_ROLES = ("chair", "president", "coo", "cto", "cfo", "chief_scientist", "head_of_ai")
CEO_RELATIONS = ("ceo", "interim_ceo", "co_ceo")
# Families that name a person holding a role at an organization.
ROLE_FAMILIES = frozenset(
    {
        "ceo",
        "founder",
        "chair",
        "president",
        "cto",
        "coo",
        "cfo",
        "chief_scientist",
        "head_of_ai",
        "board_member",
    }
)

# Words people use for each relation family, longest phrases first when matched.
CUES: dict[str, tuple[str, ...]] = {
    "ceo": (
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
        "calling the shots",
        "call the shots",
        "runs the show",
        "running the show",
        "run the show",
        "top dog",
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
        "chief executive officer",
        "in control",
        "top boss",
        "big boss",
        "head honcho",
        "honcho",
        "top exec",
        "chief exec",
        "steers",
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
    ),
    "founder": (
        "founded",
        "founder",
        "founders",
        "cofounder",
        "co founder",
        "cofounded",
        "co founded",
        "started",
        "start",
        "created",
        "founding",
        "set up",
        "established",
        "launched the company",
        "behind",
    ),
    "chair": ("chair", "chairman", "chairwoman", "chairperson", "board chair", "executive chairman"),
    "president": ("president",),
    "cto": (
        "cto",
        "chief technology officer",
        "technology chief",
        "tech chief",
        "chief technical officer",
        "chief technologist",
        "technologist",
        "tech lead",
    ),
    "coo": ("coo", "chief operating officer"),
    "cfo": ("cfo", "chief financial officer"),
    "chief_scientist": (
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
    "head_of_ai": (
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
    "board_member": ("board", "board member", "director", "directors", "joined the board"),
    "released": (
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
        "products",
        "product",
        "models",
        "model",
    ),
    "invested_in": (
        "invested",
        "invest",
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
    ),
    "acquired": (
        "acquired",
        "acquire",
        "acquisition",
        "bought",
        "buy",
        "buys",
        "purchased",
        "took over",
        "merged",
        "merger",
        "owns",
        "owned",
        "owner",
    ),
    "resigned": (
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
}


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
