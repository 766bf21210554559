"""What a conversation keeps: the last question as a frame, the people and things in focus, and the store
of focuses per conversation key, bounded in number, age and turns (in memory only)."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from factbot.bot.answering.wording import VERSION_WORDS
from factbot.bot.domain.model import Entity
from factbot.bot.domain.port import Reply

SLOT = "\x00"


@dataclass(frozen=True)
class Frame:
    """A standalone question with its entities and time cut out, so a follow-up can swap either."""

    tokens: tuple[str, ...]  # words; an entity slot is SLOT + its index in `entities`
    entities: tuple[Entity, ...]
    time: tuple[str, ...] = ()  # ("in", "2023"), ("before",), ("now",)
    landmark: Entity | None = None  # "before <person>"

    def render(self) -> str:
        words = [self.entities[int(t[1:])].name if t.startswith(SLOT) else t for t in self.tokens]
        words += list(self.time)
        if self.landmark is not None:
            words.append(self.landmark.name)
        return " ".join(words)


# 'v3', 'r1', '4o', '3' (of '3.1'), not a year: the start of a version number
VERSION = re.compile(r"^[a-z]?\d{1,2}[a-z]?$")


def without_version_tail(tokens: Sequence[str], slot: int) -> tuple[str, ...]:
    """The frame's words without the rest of a version typed after the product ('Llama 3' '1' of 'Llama
    3.1', a version the base lacks): the new version replaces it whole."""
    out: list[str] = []
    after_slot = False
    for t in tokens:
        if after_slot and (VERSION.match(t) or t in VERSION_WORDS):
            continue
        after_slot = t == f"{SLOT}{slot}"
        out.append(t)
    return tuple(out)


@dataclass
class Focus:
    """What one conversation is about right now."""

    frame: Frame | None = None
    people: list[list[int]] = field(default_factory=list)  # ranks, most salient first
    when: str | None = None  # the date of the last answer's first fact: what a trailing 'then' means next
    # the people the conversation was about one answer earlier ('he' after an answer that listed him with
    # others is still him)
    earlier: list[int] = field(default_factory=list)
    things: list[int] = field(default_factory=list)  # organizations and products, most recent last
    org: int | None = None  # the organization last asked about
    topic: int | None = None  # the organization or product the conversation is about
    topic_fresh: bool = False  # the last question named it or meant it by a pronoun: 'it' means it again
    names: dict[int, Entity] = field(default_factory=dict)  # people a fact names only as text (ids < 0)
    parties: list[int] = field(default_factory=list)  # organizations the answer named beside the question's
    rivals: list[int] = field(default_factory=list)  # organizations the last question named side by side
    moved_to: int | None = None  # the company the last answer about a person put them at ('before that')
    # what the last question asked for, when its answer is another party ('who' of 'who bought Windsurf'):
    # its one party is 'they' next, and 'it' too after 'what' or 'where' ('what did Google buy in 2014')
    asked_for: str | None = None
    # the pronoun this conversation used for a person the base has no pronoun for ('he'): 'her' is not them
    called: dict[int, str] = field(default_factory=dict)
    pending: str | None = None  # the question the bot just asked back about ('who founded it')
    # the last question asked for a thing and found nothing ('what team did he co-lead'): 'it' or 'that
    # company' next means that unknown thing, not the company the conversation was about
    unknown_thing: bool = False
    # the last question asked for a person and found none ('and their cfo?'): 'she' next may mean that
    # unknown person, so someone the base has no pronoun for is not taken for it
    unknown_person: bool = False
    answered: bool = True  # the last turn was answered: 'since when?' asks for its start
    turn: int = 0
    at: float = 0.0


@dataclass(frozen=True)
class Understood:
    """A question as it will be answered: standalone text, a note for the reply, or a request to clarify."""

    question: str
    note: str = ""
    clarify: Reply | None = None
    rewritten: bool = False
    topic: int | None = None  # the thing a pronoun was taken for
    about: tuple[Entity, ...] = ()  # whom and what its pronouns were taken for: the answer must name one
    besides: tuple[Entity, ...] = ()  # 'who else', 'his cofounders': the answer must name someone else
    keeps_frame: bool = False  # 'and google?' read as 'did Google invest in X': the question stays 'who …'
    called: tuple[tuple[int, str], ...] = ()  # (person id, 'm' or 'f'): the pronoun the question used


class Conversations:
    """Focus per conversation key, bounded in number (least recently used dropped) and age."""

    def __init__(
        self,
        max_conversations: int = 10_000,
        ttl_seconds: float = 15 * 60,
        max_turns: int = 12,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._focus: OrderedDict[str, Focus] = OrderedDict()
        self._max = max_conversations
        self._ttl = ttl_seconds
        self._max_turns = max_turns
        self._clock = clock
        self._lock = threading.Lock()

    def get(self, key: str) -> Focus | None:
        with self._lock:
            focus = self._focus.get(key)
            if focus is None:
                return None
            if focus.at < self._clock() - self._ttl or focus.turn >= self._max_turns:
                del self._focus[key]
                return None
            self._focus.move_to_end(key)
            return focus

    def put(self, key: str, focus: Focus) -> None:
        with self._lock:
            now = focus.at = self._clock()
            self._focus[key] = focus
            self._focus.move_to_end(key)
            while len(self._focus) > self._max:
                self._focus.popitem(last=False)
            # Sweep from the least recently used end too, so a long run holds the conversations of the
            # last `ttl` seconds rather than the cap's worth of finished ones.
            while self._focus and next(iter(self._focus.values())).at < now - self._ttl:
                self._focus.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._focus.pop(key, None)

    def __len__(self) -> int:
        return len(self._focus)


def frame_org(frame: Frame) -> Entity | None:
    orgs = [e for e in frame.entities if e.kind not in ("person", "product")]
    return orgs[0] if orgs else None


def frame_asks_when(frame: Frame) -> bool:
    return "when" in frame.tokens or "year" in frame.tokens
