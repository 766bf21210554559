"""Plain data the store hands out: entities, facts and history entries."""

from __future__ import annotations

from dataclasses import dataclass, field

GLOBAL_SCOPE = "global"


def visible_scopes(scope: str) -> list[str]:
    """What a request in `scope` may see: the global facts plus its own workspace's or guild's."""
    return [GLOBAL_SCOPE] if scope == GLOBAL_SCOPE else [GLOBAL_SCOPE, scope]


@dataclass(frozen=True)
class Entity:
    id: int
    name: str
    kind: str  # organization, person, product, other
    description: str = ""
    aliases: tuple[str, ...] = ()
    scope: str = GLOBAL_SCOPE
    successor_id: int | None = None  # what it became: DeepMind -> Google DeepMind


@dataclass(frozen=True)
class Fact:
    id: int
    subject_id: int
    subject: str
    relation: str
    object: str
    object_id: int | None
    start: str | None
    end: str | None
    statement: str
    source_url: str
    source_title: str
    as_of: str
    scope: str = GLOBAL_SCOPE
    note: str = ""
    origin: str = "admin"  # "seed", "admin" or "import"
    added_by: str = ""
    added_at: str = ""
    removed: bool = False
    needs_rewrite: bool = False  # a date changed under a hand-written sentence: re-read it


@dataclass(frozen=True)
class FactDraft:
    """What a person supplies to add a fact; validated by bot.validation before it reaches the store."""

    subject: str
    relation: str
    object: str
    start: str | None = None
    end: str | None = None
    statement: str = ""
    source_url: str = ""
    source_title: str = ""
    as_of: str | None = None
    note: str = ""
    object_entity: str | None = None
    subject_kind: str = "organization"
    allow_weak_source: bool = False  # only an operator's import may take a host on bot.domain.sources' list


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    fact_id: int
    action: str  # add, edit, end, remove, restore, undo
    actor: str
    at: str
    old: dict[str, object] | None
    new: dict[str, object] | None
    undone_by: int | None = None


@dataclass(frozen=True)
class Proposal:
    id: int
    at: str
    proposer: str  # "platform:user"
    user_id: str  # the proposer's platform user id, to tell them the outcome
    scope: str
    subject: str
    relation: str
    object: str
    start: str | None
    end: str | None
    source_url: str
    status: str  # pending, approved, rejected
    decided_by: str | None = None
    reason: str = ""
    fact_id: int | None = None
    change: str = "add"  # add (a new fact), end (end fact target_fact_id), dates (change its dates)
    target_fact_id: int | None = None
    origin: str = "member"  # member, or wikidata (a sync's difference)
    note: str = ""


@dataclass(frozen=True)
class Watch:
    """A channel following an organization (kind "watch") or getting the weekly digest (kind "digest")."""

    id: int
    kind: str
    platform: str
    workspace_id: str | None
    channel_id: str
    scope: str
    entity_id: int | None
    cursor: int
    period: str
    added_by: str = ""


@dataclass(frozen=True)
class OutboxItem:
    """One note waiting to be posted to a channel, exactly once."""

    id: int
    watch_id: int
    key: str
    platform: str
    channel_id: str
    text: str


@dataclass(frozen=True)
class Gap:
    question: str
    count: int
    last_asked: str


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    lines: int = 0
    warnings: list[str] = field(default_factory=list)
    weak_sources: list[str] = field(default_factory=list)  # taken only because --allow-weak-source said so


@dataclass
class WikidataReport:
    """What an import of Wikidata entity JSON did (bot.wikidata.import_wikidata)."""

    added: int = 0
    unchanged: int = 0
    entities: int = 0  # items read from the files
    conflicts: list[str] = field(default_factory=list)  # Wikidata disagrees with a stored fact: not added
    skipped: list[str] = field(default_factory=list)  # statements not imported, with the reason
    warnings: list[str] = field(default_factory=list)
