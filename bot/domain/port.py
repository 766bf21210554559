"""The port between adapters and the core: what a person asked (Request) and what to show them (Reply).

Adapters build a Request from a platform event and render a Reply; nothing here knows any platform.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from factbot.bot.domain.model import GLOBAL_SCOPE

DIRECT_SUFFIX = ":direct"  # the text scope of direct messages (no workspace)


class Role(enum.IntEnum):
    """Who the asker is, as decided by the adapter from platform roles and FACTBOT_ADMINS."""

    MEMBER = 0
    WORKSPACE_ADMIN = 1  # a Slack workspace admin/owner or a Discord member with Manage Server
    GLOBAL_ADMIN = 2  # listed in FACTBOT_ADMINS, or the local console operator


# -- commands (typed arguments, already split by the adapter or bot.parsing) ---------------------------


@dataclass(frozen=True)
class Ask:
    question: str
    explain: bool = False


@dataclass(frozen=True)
class Leadership:
    organization: str
    picture: bool = False  # also draw the timeline image (chat platforms; the console's --png)


@dataclass(frozen=True)
class AddFact:
    subject: str
    relation: str
    object: str
    start: str | None = None
    end: str | None = None
    source_url: str = ""
    statement: str = ""


@dataclass(frozen=True)
class EditFact:
    fact_id: int
    changes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class EndFact:
    fact_id: int
    end: str | None = None  # None: today


@dataclass(frozen=True)
class RemoveFact:
    fact_id: int


@dataclass(frozen=True)
class RestoreFact:
    fact_id: int


@dataclass(frozen=True)
class ShowHistory:
    fact_id: int


@dataclass(frozen=True)
class Undo:
    pass


@dataclass(frozen=True)
class SearchFacts:
    text: str


@dataclass(frozen=True)
class Gaps:
    pass


@dataclass(frozen=True)
class StaleFacts:
    """Facts due for re-checking: as-of date older than `age` (default: the configured freshness age)."""

    age: str | None = None


@dataclass(frozen=True)
class VerifyFact:
    """Re-confirm a fact today, optionally with a new source."""

    fact_id: int
    source_url: str = ""


@dataclass(frozen=True)
class SuggestFact:
    """A member proposes a fact (or a correction); it is not answered until an admin approves it."""

    subject: str
    relation: str
    object: str
    start: str | None = None
    end: str | None = None
    source_url: str = ""


@dataclass(frozen=True)
class ReviewProposals:
    pass


@dataclass(frozen=True)
class DecideProposal:
    proposal_id: int
    approve: bool
    reason: str = ""


@dataclass(frozen=True)
class Feedback:
    """👍 or 👎 on an answer, about the facts it rested on, with what was wrong (optional)."""

    fact_ids: tuple[int, ...]
    helpful: bool
    comment: str = ""


@dataclass(frozen=True)
class Complete:
    """Names starting like (or close to) `text`, for autocompletion; answered in Reply.suggestions."""

    text: str
    kind: str | None = "organization"  # None: any entity
    limit: int = 25


@dataclass(frozen=True)
class WatchOrg:
    """A channel follows an organization: each change to its facts is noted there (admins).
    An empty organization lists the channel's watches; on=False stops watching."""

    organization: str
    on: bool = True


@dataclass(frozen=True)
class SetDigest:
    """A weekly "leadership changes this week" post in this channel ("weekly"), or none ("off")."""

    cadence: str


@dataclass(frozen=True)
class Help:
    topic: str = ""


@dataclass(frozen=True)
class AboutText:
    """What factbot knows about the organizations and people a piece of text names (a message being read)."""

    text: str


@dataclass(frozen=True)
class RecentChanges:
    """The latest leadership changes on record (for a home screen)."""

    limit: int = 5


Command = (
    Ask
    | Leadership
    | AddFact
    | EditFact
    | EndFact
    | RemoveFact
    | RestoreFact
    | ShowHistory
    | Undo
    | SearchFacts
    | Gaps
    | StaleFacts
    | VerifyFact
    | Feedback
    | SuggestFact
    | ReviewProposals
    | DecideProposal
    | Complete
    | WatchOrg
    | SetDigest
    | Help
    | AboutText
    | RecentChanges
)


# Commands that change facts: only admins may run them (see bot.permissions).
CHANGING = (AddFact, EditFact, EndFact, RemoveFact, RestoreFact, Undo, VerifyFact, DecideProposal)


@dataclass(frozen=True)
class Request:
    command: Command
    platform: str = "console"
    user_id: str = "console"
    workspace_id: str | None = None  # Slack team id or Discord guild id; None in DMs and the console
    channel_id: str | None = None
    role: Role = Role.MEMBER
    # Which conversation a question belongs to, so a follow-up ("and before him?") is read against it:
    # a Slack thread or DM, a Discord reply chain/thread or channel+user, a console session. None: alone.
    conversation: str | None = None

    @property
    def actor(self) -> str:
        return f"{self.platform}:{self.user_id}"

    @property
    def scope(self) -> str:
        return f"{self.platform}:{self.workspace_id}" if self.workspace_id else GLOBAL_SCOPE

    @property
    def text_scope(self) -> str:
        """Where what this person typed (questions, comments) is kept and may be shown: their workspace.
        Direct messages belong to no workspace, so they are kept apart ("slack:direct") and shown to none;
        the console's own text is global (only the operator sees it)."""
        if self.workspace_id:
            return self.scope
        return GLOBAL_SCOPE if self.platform == "console" else f"{self.platform}{DIRECT_SUFFIX}"


# -- replies --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    as_of: str  # when a source last confirmed the fact; "" when no dated source has

    @property
    def dated(self) -> str:
        """'as of 2024-03', or 'undated source' (never a date guessed for an undated page)."""
        return f"as of {self.as_of}" if self.as_of else "undated source"


@dataclass(frozen=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True)
class Image:
    """A picture to attach to a reply (the leadership timeline), already rendered."""

    filename: str
    data: bytes = field(repr=False)
    alt: str = ""
    title: str = ""


class ReplyKind(enum.StrEnum):
    """What a reply is, so adapters pick how to show it (a StrEnum: it reads and serialises as text)."""

    ANSWER = "answer"  # a stored fact answers the question
    UNKNOWN = "unknown"  # no fact answers it: what is known instead, and suggestions
    CLARIFY = "clarify"  # a follow-up with nothing to lean on ("who replaced her?"): who or what is meant?
    HELP = "help"
    CONFIRMATION = "confirmation"  # a change or a proposal was recorded
    LIST = "list"  # search results, history, reports
    ERROR = "error"  # a user error or the fixed apology
    LIMITED = "limited"  # refused by the rate limits


@dataclass(frozen=True)
class Reply:
    """A platform-neutral answer; adapters render it (Block Kit, embed, plain text or JSON)."""

    text: str
    fields: tuple[Field, ...] = ()
    sources: tuple[Source, ...] = ()
    suggestions: tuple[str, ...] = ()
    answered: bool = False  # true only when a stored fact answers the question
    confidence: float = 0.0
    fact_ids: tuple[int, ...] = ()
    ephemeral: bool = False  # only the asker should see it (confirmations, refusals)
    kind: ReplyKind = ReplyKind.ANSWER
    silent: bool = False  # say nothing at all (rate-limited chatter); commands still get a short notice
    proposal_ids: tuple[int, ...] = ()  # pending proposals listed: adapters add approve / reject buttons
    notify: tuple[str, str] | None = None  # (platform user id, message): tell someone privately (a proposer)
    explanation: tuple[str, ...] = field(default=(), compare=False)
    image: Image | None = field(default=None, compare=False)  # an addition to the text, never instead of it
    lead_fact_ids: tuple[int, ...] = field(default=(), compare=False)  # the facts the headline states

    @property
    def is_error(self) -> bool:
        return self.kind == ReplyKind.ERROR
