"""Conversations: a follow-up ("who ran it before him?", "and earlier?", "who is its CTO", "and in 2022?")
is read against what the same conversation was just about, and rewritten into a question that stands alone
before the ordinary answering runs -- so the matcher and answerer need not know conversations exist.

What is kept per conversation key (given by the adapter: a Slack thread or DM, a Discord reply chain or
thread, a console session) is small and in memory only: the last answered question as a frame (its words
with the entities and the time cut out, so either can be swapped), the people and things in focus, ranked
by how recently and prominently they came up. It is bounded in number of conversations, in age (15 minutes
after the last question) and in turns; nothing about a conversation is written to the fact base.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from factbot.bot.answering.answerer import Answerer
from factbot.bot.answering.matcher import TIME_PHRASES, Reading, read
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Reply, ReplyKind
from factbot.bot.domain.text import fold
from factbot.bot.storage.store import Store
from factbot.bot.usecases import followup_fit as fit
from factbot.bot.usecases import succession
from factbot.bot.usecases.pronouns import (
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    THING_PRONOUNS,
    pronoun_evidence,
)

# Openings that mark a fragment leaning on what came before: "and Cohere?", "what about Anthropic?".
_LEADS = (("what", "about"), ("how", "about"), ("and",), ("also",), ("so",), ("ok",), ("okay",), ("or",))
# "who had the job before him": the job is the role just talked about.
_JOB_WORDS = frozenset({"job", "role", "position", "post", "seat", "title", "gig"})
_ELSE_WORDS = frozenset({"else", "other", "others"})
_TENURE_WORDS = frozenset(
    "start started begin began join joined take took become became leave left quit step stepped resign resigned".split()
)
_CONNECTIVE_WORDS = frozenset({"ok", "okay", "then", "also", "and", "so", "else", "other", "others"})
_TIME_LINKS = frozenset({"in", "since", "during", "by", "around", "from", "until", "of"})
_YEAR = re.compile(r"^(19|20)\d{2}$")
_MONTHS = frozenset(
    m
    for m in (
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)
_SLOT = "\x00"


@dataclass(frozen=True)
class Frame:
    """A standalone question with its entities and time cut out, so a follow-up can swap either."""

    tokens: tuple[str, ...]  # words; an entity slot is _SLOT + its index in `entities`
    entities: tuple[Entity, ...]
    time: tuple[str, ...] = ()  # ("in", "2023"), ("before",), ("now",)
    landmark: Entity | None = None  # "before <person>"

    def render(self) -> str:
        words = [self.entities[int(t[1:])].name if t.startswith(_SLOT) else t for t in self.tokens]
        words += list(self.time)
        if self.landmark is not None:
            words.append(self.landmark.name)
        return " ".join(words)


@dataclass
class Focus:
    """What one conversation is about right now."""

    frame: Frame | None = None
    people: list[list[int]] = field(default_factory=list)  # ranks, most salient first
    things: list[int] = field(default_factory=list)  # organizations and products, most recent last
    org: int | None = None  # the organization last asked about
    topic: int | None = None  # the organization or product the conversation is about
    topic_fresh: bool = False  # the last question named it or meant it by a pronoun: 'it' means it again
    names: dict[int, Entity] = field(default_factory=dict)  # people a fact names only as text (ids < 0)
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


class Reader:
    """Reads questions against a focus; needs the answerer's entity index and the store (for pronouns)."""

    def __init__(self, answerer: Answerer, store: Store, scopes: list[str]):
        self.answerer = answerer
        self.store = store
        self.scopes = scopes

    def reading(self, question: str) -> Reading:
        return read(question, self.answerer.index, self.scopes)

    def entity(self, entity_id: int) -> Entity:
        return self.answerer.entity(entity_id)

    # -- understanding a question ---------------------------------------------------------------------

    def understand(self, question: str, focus: Focus | None) -> Understood:
        reading = self.reading(question)
        if reading.greeting:
            return Understood(question)
        words = reading.words
        inside = {i for m in reading.mentions for i in range(m.start, m.end)}
        named = [self.entity(m.entity_id) for m in reading.mentions]
        pronouns = [(i, w) for i, w in enumerate(words) if w in PRONOUNS and i not in inside]
        lead = _lead_length(words)
        if focus is None or (focus.frame is None and not focus.people and not focus.things):
            return self._alone(question, reading, pronouns, lead)
        if pronouns:
            return self._resolve_pronouns(question, reading, pronouns, focus, named)
        fragment = words[lead:]
        family = reading.family
        if named and family is not None:
            return Understood(question)  # "and microsoft's cto?": complete by itself
        if named and not lead and (reading.asks_when or len(fragment) > 3 or reading.time.kind is None):
            return Understood(
                question
            )  # "who runs inflection now?", "when did taylor take over": a new question
        if not named and _takes_over(fragment):
            succession = self._successor_of_lead(focus)
            if succession is not None:
                return succession  # "who took over in the interim?": after the person just talked about
        if family is not None and not named:
            if any(w not in _CONNECTIVE_WORDS for w in reading.unknown):
                return Understood(question)  # "and zhipu's ceo?": a name I don't know, not this company's
            return self._with_family(question, reading, focus)
        if any(w in _ELSE_WORDS for w in fragment) and not named and focus.frame is not None:
            frame = replace(focus.frame, landmark=None, time=())
            return Understood(frame.render(), rewritten=True)
        if focus.frame is None:
            return Understood(question)
        return self._with_frame(question, reading, focus, named, lead)

    def _alone(
        self, question: str, reading: Reading, pronouns: Sequence[tuple[int, str]], lead: int
    ) -> Understood:
        """No conversation to lean on: a pronoun or a fragment with nothing named is not a fresh question."""
        if reading.mentions or _names_someone(question):
            return Understood(question)  # "where did Geoffrey Hinton work before he quit": its own 'he'
        dangling = [w for _, w in pronouns if w in PERSON_PRONOUNS or w in THING_PRONOUNS]
        if dangling:
            return Understood(question, clarify=_clarify(messages.WHO_IS_MEANT.format(word=dangling[0]), []))
        if pronouns or (lead and len(reading.words) - lead <= 4):
            return Understood(question, clarify=_clarify(messages.WHAT_IS_MEANT, []))
        return Understood(question)

    def _resolve_pronouns(
        self,
        question: str,
        reading: Reading,
        pronouns: Sequence[tuple[int, str]],
        focus: Focus,
        named: Sequence[Entity],
    ) -> Understood:
        words = list(reading.words)
        named_ids = {e.id for e in named}
        notes = []
        topic: int | None = None
        resolved: list[Entity] = []
        for i, w in pronouns:
            if w in PERSON_PRONOUNS:
                if any(e.kind == "person" for e in named):
                    continue  # "who did Sam Altman say he…": the question names its own person
                choice = self._person_for(w, focus, named_ids, reading.family)
                if isinstance(choice, Understood):
                    return choice
                person, note = choice
                words[i] = person.name + ("'s" if w in ("his", "hers") else "")
                resolved.append(person)
                if note:
                    notes.append(note)
                continue
            thing = self._thing_for(w, focus, named_ids)
            if thing is None:
                if any(m.start < i for m in reading.mentions):
                    continue  # "when did DeepMind say it would…": its own 'it'
                return Understood(question, clarify=_clarify(messages.WHO_IS_MEANT.format(word=w), []))
            words[i] = thing.name
            resolved.append(thing)
            topic = thing.id
        if not resolved:
            return Understood(question)
        text = " ".join(words)
        rereading = self.reading(text)
        kinds = {self.entity(m.entity_id).kind for m in rereading.mentions}
        family = rereading.family
        opening = words[_lead_length(words) :][:1]
        asks_who = opening in (["who"], ["whom"], ["whos"], ["before"], ["earlier"], ["prior"])
        after = _after_person(words, pronouns, resolved)
        # "who had the job before him" carries the role; "what was her job at openai" asks for it.
        carries_role = asks_who and (
            any(w in _JOB_WORDS for w in words)
            or rereading.time.kind in ("past", "first", "at")
            or after is not None
        )
        if opening == ["after"] or (lead_is_and(words) and after is not None):
            carries_role = True
        if family is None and carries_role and focus.frame is not None:
            family = _frame_family(self, focus.frame)
            if family is not None:
                text += f" {_family_word(family)}"
        org = self._focus_org(focus, {m.entity_id for m in rereading.mentions})
        people = [e for e in resolved if e.kind == "person"]
        tenure = self._tenure(words, rereading, focus, people, org) if kinds <= {"person"} else None
        if tenure is not None:
            return Understood(
                tenure, note=notes[0] if notes else "", rewritten=True, topic=topic, about=tuple(resolved)
            )
        talked_about = focus.frame is not None and family == _frame_family(self, focus.frame)
        if (
            family in relations.ROLE_FAMILIES
            and kinds <= {"person"}
            and org is not None
            # not "what did he start after leaving" at the same company, but "is he still ceo" where he was
            and (asks_who or talked_about or self._held_there(people, org, family))
        ):
            successor = self._after(after, family, org) if after is not None else None
            if successor is not None:
                text = successor  # "and after her?": who held the role once her time in it ended
            else:
                text += f" at {org.name}"  # "who was CEO before him": at the organization just talked about
        note = notes[0] if notes else ""
        return Understood(text, note=note, rewritten=True, topic=topic, about=tuple(resolved))

    def _tenure(
        self,
        words: Sequence[str],
        reading: Reading,
        focus: Focus,
        people: Sequence[Entity],
        org: Entity | None,
    ) -> str | None:
        """'when did he start?' / 'when did he step down?' in a talk about a role: when the person held
        that role there ('start' alone would read as founding)."""
        if not reading.asks_when or len(people) != 1 or org is None or focus.frame is None:
            return None
        if not any(w in _TENURE_WORDS for w in words) or (
            reading.family not in (None, "founder", "resigned")
        ):
            return None
        family = _frame_family(self, focus.frame)
        if family is None or family == "founder" or family not in relations.ROLE_FAMILIES:
            return None
        return f"when was {people[0].name} {_family_word(family)} of {org.name}"

    def _successor_of_lead(self, focus: Focus) -> Understood | None:
        """'who took over?' in a talk about a role: who held it once the person in focus left it."""
        org = self._focus_org(focus, set())
        family = _frame_family(self, focus.frame) if focus.frame is not None else None
        person = self._lead_person(focus, org)
        if org is None or person is None or family not in relations.ROLE_FAMILIES:
            return None
        text = self._after(person, family or "", org)
        if text is None:
            return None
        return Understood(text, rewritten=True, note=messages.AFTER.format(name=person.name))

    def _after(self, person: Entity, family: str, org: Entity) -> str | None:
        """'after X' in a role: the question 'who was ROLE of ORG in MONTH YEAR' for the month X left."""
        held = [
            f
            for f in self.store.facts_about(org.id, self.scopes, relations.family_members(family))
            if (f.object_id == person.id or fold(f.object) == fold(person.name)) and f.end
        ]
        if not held:
            return None
        end = max(f.end or "" for f in held)
        return f"who was {_family_word(family)} of {org.name} in {dates.human(end[:7])}"

    def _who(self, person_id: int, focus: Focus) -> Entity:
        return focus.names.get(person_id) or self.entity(person_id)

    def _person_for(
        self, pronoun: str, focus: Focus, exclude: set[int], family: str | None = None
    ) -> tuple[Entity, str] | Understood:
        gender = PERSON_PRONOUNS[pronoun]
        ranks = [[p for p in rank if p not in exclude] for rank in focus.people]
        ranks = [r for r in ranks if r]
        everyone = [self._who(p, focus) for rank in ranks for p in rank]
        fitting_ranks = [[p for p in rank if self.pronoun_fits(p, gender)] for rank in ranks]
        fitting_ranks = [r for r in fitting_ranks if r]
        if not fitting_ranks:
            return Understood(
                pronoun,
                clarify=_clarify(
                    messages.WHO_IS_MEANT.format(word=pronoun),
                    [messages.PERSON_QUESTION.format(name=e.name) for e in everyone[:3]],
                ),
            )
        top = fitting_ranks[0]
        if len(top) > 1 and family in relations.ROLE_FAMILIES and focus.org is not None:
            # "is he still ceo" after two founders: the one who held that role there is meant.
            held = self._holders(focus.org, family or "")
            if len([p for p in top if p in held]) == 1:
                top = [p for p in top if p in held]
        if len(top) > 1:
            names = [self._who(p, focus).name for p in top]
            return Understood(
                pronoun,
                clarify=_clarify(
                    messages.WHICH_ONE.format(word=pronoun, names=_or(names)),
                    [messages.PERSON_QUESTION.format(name=n) for n in names[:3]],
                ),
            )
        person = self._who(top[0], focus)
        others = sum(len(r) for r in fitting_ranks) - 1
        unsure = person.id < 0 or self.pronoun_of(person.id) is None
        note = messages.TAKING.format(word=pronoun, name=person.name) if others or unsure else ""
        return person, note

    def _held_there(self, people: Sequence[Entity], org: Entity, family: str | None) -> bool:
        return len(people) == 1 and family is not None and people[0].id in self._holders(org.id, family)

    def _holders(self, org_id: int, family: str) -> set[int]:
        """Everyone the base says held a role of this family at the organization, at any time."""
        facts = self.store.facts_about(org_id, self.scopes, relations.family_members(family))
        return {f.object_id for f in facts if f.object_id is not None}

    def _thing_for(self, pronoun: str, focus: Focus, exclude: set[int]) -> Entity | None:
        order = list(reversed(focus.things))
        group = pronoun in GROUP_PRONOUNS
        if focus.topic is not None and (group or focus.topic_fresh):
            # 'their chatbot' means the company being talked about; 'it' the thing just talked about
            if focus.topic in order:
                order.remove(focus.topic)
            order.insert(0, focus.topic)
        things = [self.entity(t) for t in order if t not in exclude]
        if pronoun in GROUP_PRONOUNS:
            orgs = [e for e in things if e.kind != "product"]
            return orgs[0] if orgs else (things[0] if things else None)
        return things[0] if things else None

    def _focus_org(self, focus: Focus, exclude: set[int]) -> Entity | None:
        if focus.org is not None and focus.org not in exclude:
            return self.entity(focus.org)
        return None

    def _with_family(self, question: str, reading: Reading, focus: Focus) -> Understood:
        """'and cto?', "who's the ceo", 'who was chair before?': the relation asked of the same organization."""
        org = self._focus_org(focus, set())
        if org is None:
            things = [self.entity(t) for t in reversed(focus.things)]
            if not things:
                return Understood(question, clarify=_clarify(messages.WHAT_IS_MEANT, []))
            org = things[0]
        words = reading.words[_lead_length(reading.words) :]
        text = " ".join([*words, "of", org.name])
        if reading.time.kind == "past" and not any(m for m in reading.mentions):
            person = self._lead_person(focus, org)
            if person is not None and "before" in words and words[-1] == "before":
                text = " ".join([*words, person.name, "at", org.name])
        return Understood(text, rewritten=True)

    def _with_frame(
        self, question: str, reading: Reading, focus: Focus, named: Sequence[Entity], lead: int
    ) -> Understood:
        """A fragment: 'and Cohere?', 'and in 2017?', 'and earlier?', 'and before ballmer?', 'since when?'."""
        frame = focus.frame
        assert frame is not None
        if not named and {"one", "ones"} & set(reading.words) and any(e.kind == "product" for e in frame.entities):
            # "and the first one?" after Llama 3: another product of the series, which it does not name.
            return Understood(question, clarify=_clarify(messages.WHAT_IS_MEANT, []))
        t = reading.time
        time_words: tuple[str, ...] | None = None
        landmark: Entity | None = frame.landmark
        people = [e for e in named if e.kind == "person"]
        if t.kind == "at":
            time_words = _time_words(reading)
            landmark = None
        elif t.kind == "past":
            time_words = ("before",)
            org = frame_org(frame)
            if people and org is not None:
                landmark = people[0]
                named = [e for e in named if e.id != landmark.id]
            else:
                landmark = self._lead_person(focus, org)
                if landmark is None:
                    return Understood(question, clarify=_clarify(messages.WHAT_IS_MEANT, []))
        elif t.kind in ("first", "latest", "now"):
            time_words = (t.said,)
            landmark = None
        entities = list(frame.entities)
        for e in named:
            slot = _slot_for(entities, e)
            if slot is None:
                return Understood(question)  # nothing of its kind to stand in for: a question of its own
            entities[slot] = e
        if not named and time_words is None and not reading.asks_when:
            return Understood(question)  # 'and gpt-3?' naming nothing known: answered (or not) as it stands
        new = replace(
            frame,
            entities=tuple(entities),
            time=frame.time if time_words is None else time_words,
            landmark=landmark if (time_words == ("before",) or time_words is None) else None,
        )
        text = new.render()
        if reading.asks_when and not _asks_when(frame):
            text = "when " + text if not named else text + " when"
        return Understood(text, rewritten=True)

    def _lead_person(self, focus: Focus, org: Entity | None) -> Entity | None:
        for rank in focus.people:
            if rank:
                return self._who(rank[0], focus)
        return None

    # -- does the answer fit what was carried ---------------------------------------------------------

    def stands_alone(self, question: str) -> bool:
        """The question names something and asks something of it ('who founded arm?'), unlike a bare
        fragment ('and arm?'), which answered alone would describe Arm instead of what was asked."""
        reading = self.reading(question)
        if not reading.mentions:
            return False
        inside = {i for m in reading.mentions for i in range(m.start, m.end)}
        rest = [w for i, w in enumerate(reading.words) if i not in inside][_lead_length(reading.words) :]
        return reading.family is not None or reading.asks_when or len(rest) > 2

    def fit(self, understood: Understood, reply: Reply, focus: Focus | None) -> Reply:
        """The reply, or a refusal when the answer to a rewritten follow-up dropped what it carried."""
        if not understood.rewritten or not reply.answered:
            return reply
        facts = [f for f in (self._fact(i) for i in reply.lead_fact_ids or reply.fact_ids) if f is not None]
        reading = self.reading(understood.question)
        frame = self.frame(reading)
        landmark = frame.landmark or self._text_landmark(reading.words, focus)
        about = [e for e in understood.about if landmark is None or e.id != landmark.id]
        if about and not fit.names_any(facts, about):
            return fit.nothing_on(about[0].name)
        org = frame_org(frame)
        t = reading.time
        if t.kind == "at" and t.lo is not None and t.hi is not None and not fit.reaches(facts, t.lo, t.hi):
            what = org or (frame.entities[0] if frame.entities else None)
            return fit.not_then(what.name if what else "that", " ".join(_time_words(reading)))
        if landmark is not None:
            role = _family_word(reading.family) if reading.family in relations.ROLE_FAMILIES else ""
            refusal = fit.no_predecessor(facts, landmark, role, org.name if org else "")
            if refusal is not None:
                return refusal
        return reply

    def _text_landmark(self, words: Sequence[str], focus: Focus | None) -> Entity | None:
        """'before Adam Selipsky' where the person is known only as a name in a fact."""
        if focus is None:
            return None
        text = " ".join(words)
        for person in focus.names.values():
            if f"before {fold(person.name)}" in text:
                return person
        return None

    # -- pronouns ---------------------------------------------------------------------------------------

    def pronoun_of(self, person_id: int) -> str | None:
        """'f' or 'm' when the person's own facts refer to them so, else None (never guessed from a name)."""
        person = self.entity(person_id)
        facts = self.store.facts_about(person.id, self.scopes) + self.store.facts_naming(
            person.id, (person.name, *person.aliases), self.scopes
        )
        return pronoun_evidence(person, facts, lambda f: self._named_people(f))

    def pronoun_fits(self, person_id: int, gender: str) -> bool:
        """A person the statements refer to as 'she' fits only 'she' (and 'he' only 'he'); one the base
        says nothing about fits either, and the answer then says whom it took the pronoun for."""
        known = self.pronoun_of(person_id) if person_id > 0 else None
        return known is None or known == gender

    # -- remembering ------------------------------------------------------------------------------------

    def remember(self, focus: Focus | None, understood: Understood, reply: Reply) -> Focus:
        """The focus after this turn: the question's frame and what it named, and the answer's people.

        An unanswered question still says what the conversation is about ("what prize did he win" after
        a question about Geoffrey Hinton that found nothing); a clarification changes nothing."""
        focus = focus or Focus()
        focus.turn += 1
        if understood.clarify is not None:
            return focus
        reading = self.reading(understood.question)
        named = [self.entity(m.entity_id) for m in reading.mentions]
        if not reply.answered and not named:
            return focus
        frame = self.frame(reading) if named else focus.frame
        lead: list[Fact] = []
        if reply.answered:
            found = [self._fact(i) for i in reply.lead_fact_ids or reply.fact_ids[:1]]
            lead = [f for f in found if f is not None]
        names: dict[int, Entity] = {}
        then: list[Fact] = []
        first_rank: list[int] = []
        second_rank: list[int] = []
        # Holders of one role side by side now ("Meta's chief scientists: A; B") are equally likely to be
        # 'he'; a list of predecessors is in order, the nearest first.
        side_by_side = reading.time.kind not in ("past", "first")
        t = reading.time
        if t.kind == "at" and t.lo is not None and t.hi is not None:
            # "who led AI at Tesla from 2017 to 2022": a holder whose dates reach that time is the one
            # talked about, above one listed beside them with no date then; holders then are equals.
            lo, hi = t.lo, t.hi
            then = [f for f in lead if fit.reaches([f], lo, hi)]
            lead = then + [f for f in lead if f not in then]
            side_by_side = False
        for n, f in enumerate(lead):
            same = (
                n == 0
                or (f.start is not None and f.start == lead[0].start)  # one event: equals
                or (side_by_side and f.relation == lead[0].relation and not f.end and not lead[0].end)
                or (t.kind == "at" and f.relation == lead[0].relation and f in then and lead[0] in then)
            )
            target = first_rank if same else second_rank
            for pid in self._people_in(f) or self._text_people(f, names):
                if pid not in first_rank and pid not in second_rank:
                    target.append(pid)
        landmark = self.frame(reading).landmark or self._text_landmark(reading.words, focus)
        if landmark is not None and lead:
            # "who was CEO before him": the people the answer puts before him are talked about now.
            before = self._before_ids(lead, landmark, names)
            if before:  # in the answer's order, the nearest first
                rest = [p for p in first_rank + second_rank if p not in before[:1]]
                first_rank, second_rank = before[:1], rest
        shown = first_rank + second_rank
        asked = [e.id for e in named if e.kind == "person" and (landmark is None or e.id != landmark.id)]
        if len(asked) == 1 and not _asks_for_person(reading.words):
            # "what was her job at openai": the answer may list others, but she is still the subject.
            first_rank = [p for p in first_rank if p != asked[0]]
            second_rank = [p for p in second_rank if p != asked[0]]
            people = [r for r in (asked, first_rank, second_rank) if r]
        else:
            asked = [p for p in asked if p not in shown]
            people = [r for r in (first_rank, second_rank, asked) if r]
        listed = {p for rank in people for p in rank}
        older = [p for rank in focus.people for p in rank if p not in listed]
        people += [older[:3]] if older[:3] else []
        names.update({p: focus.names[p] for p in older[:3] if p in focus.names})
        part = _part_of_a_name(understood.question, reading)
        named_things = [e.id for e in named if e.kind != "person" and e.id not in part]
        things = [t for t in focus.things if t not in named_things]
        if named and all(e.kind == "person" for e in named):
            # "what did he found before that": the organizations of the answer are what 'it' may mean now.
            for f in lead:
                for eid in (f.object_id, f.subject_id):
                    if eid is not None and self.entity(eid).kind != "person" and eid not in things:
                        things.append(eid)
        things += named_things
        orgs = [e for e in named if e.kind not in ("person", "product") and e.id not in part]
        org = orgs[0].id if orgs else focus.org
        if not orgs:
            makers = [
                f.subject_id for f in lead if self.entity(f.subject_id).kind not in ("person", "product")
            ]
            if makers and not part and not any(e.kind == "person" for e in named):
                org = makers[0]
                if org not in things:
                    things.insert(max(0, len(things) - 1), org)
        fresh = (
            understood.topic if understood.topic is not None else (named_things[0] if named_things else None)
        )
        topic = fresh if fresh is not None else focus.topic
        return Focus(
            frame=frame,
            people=people,
            things=things[-6:],
            org=org,
            topic=topic,
            topic_fresh=fresh is not None,
            names=names,
            turn=focus.turn,
        )

    def _text_people(self, fact: Fact, names: dict[int, Entity]) -> list[int]:
        """People a role fact names only as text ('Eddie Wu'): kept by name, so 'before him' still works."""
        rel = relations.RELATIONS.get(fact.relation)
        if fact.object_id is not None or rel is None or rel.family not in relations.ROLE_FAMILIES:
            return []
        out = []
        plain = re.sub(r"\s*\([^)]*\)", "", fact.object)  # 'Eddie Wu (Wu Yongming)'
        for part in re.split(r",\s*|\s+and\s+|\s*&\s*", plain):
            part = part.strip()
            if not part or len(part.split()) > 4 or any(c.isdigit() for c in part):
                continue
            pid = -1 - len(names)
            names[pid] = Entity(pid, part, "person")
            out.append(pid)
        return out

    def _before_ids(self, lead: Sequence[Fact], landmark: Entity, names: dict[int, Entity]) -> list[int]:
        """The people the answer's facts put before the landmark, as entities or (unknown) names."""
        out: list[int] = []
        for known, name in succession.before_people(lead, landmark):
            found = [i for i in self._whole_name(name) if self.entity(i).kind == "person"]
            if known is not None:
                if self.entity(known).kind != "person":
                    continue
                pid = known
            elif found:
                pid = found[0]
            elif len(name.split()) <= 4 and not any(c.isdigit() for c in name):
                pid = -1 - len(names)
                names[pid] = Entity(pid, name, "person")
            else:
                continue
            if pid not in out and pid != landmark.id:
                out.append(pid)
        return out

    def remember_org(self, focus: Focus | None, org: Entity) -> Focus:
        """After `leadership ORG`: the conversation is about that organization."""
        focus = focus or Focus()
        things = [t for t in focus.things if t != org.id] + [org.id]
        frame = Frame(("who", "is", "the", "ceo", "of", _SLOT + "0"), (org,))
        return Focus(frame=frame, people=focus.people, things=things[-6:], org=org.id, turn=focus.turn + 1)

    def frame(self, reading: Reading) -> Frame:
        words = reading.words
        starts = {m.start: m for m in reading.mentions}
        inside = {i for m in reading.mentions for i in range(m.start, m.end)}
        time_at = _time_positions(words, inside)
        tokens: list[str] = []
        entities: list[Entity] = []
        time_words: list[str] = []
        landmark: Entity | None = None
        i = 0
        while i < len(words):
            if i in starts:
                m = starts[i]
                e = self.entity(m.entity_id)
                after_before = bool(time_words) and time_words[-1] in ("before", "preceded", "prior")
                if e.kind == "person" and after_before and i - 1 in time_at and landmark is None:
                    landmark = e
                elif all(x.id != e.id for x in entities):
                    tokens.append(_SLOT + str(len(entities)))
                    entities.append(e)
                i = m.end
                continue
            if i in time_at:
                time_words.append(words[i])
            elif i not in inside:
                tokens.append(words[i])
            i += 1
        return Frame(tuple(tokens), tuple(entities), tuple(time_words), landmark)

    def _fact(self, fact_id: int) -> Fact | None:
        try:
            return self.store.fact(fact_id, self.scopes)
        except Exception:  # a fact retired between the answer and now: nothing to remember
            return None

    def _named_people(self, fact: Fact) -> list[Entity]:
        return [self.entity(i) for i in self._people_in(fact)]

    def _people_in(self, fact: Fact) -> list[int]:
        """The people a fact is about; an object naming several ('Larry Page and Sergey Brin') names each."""
        out = []
        objects = [fact.object_id] if fact.object_id is not None else self._named_in(fact.object)
        for eid in (*objects, fact.subject_id):
            if eid is not None and eid not in out and self.entity(eid).kind == "person":
                out.append(eid)
        return out

    def _whole_name(self, name: str) -> list[int]:
        """Entities named by all of this name ('Adam Selipsky' is not 'Adam' D'Angelo)."""
        words = fold(name).split()
        found = self.answerer.index.find(words, self.scopes)
        return [m.entity_id for m in found if m.score >= 1.0 and (m.start, m.end) == (0, len(words))]

    def _named_in(self, text: str) -> list[int]:
        words = fold(text).split()
        found = self.answerer.index.find(words, self.scopes)
        return [m.entity_id for m in found if m.score >= 1.0]


def _after_person(
    words: Sequence[str], pronouns: Sequence[tuple[int, str]], resolved: Sequence[Entity]
) -> Entity | None:
    """The person in 'after him' / 'after her', once the pronoun is resolved."""
    people = [e for e in resolved if e.kind == "person"]
    for (i, _word), e in zip([p for p in pronouns if p[1] in PERSON_PRONOUNS], people, strict=False):
        if i > 0 and words[i - 1] in ("after", "succeeded", "replaced", "followed"):
            return e
    return None


def _takes_over(words: Sequence[str]) -> bool:
    """'who took over?', 'who replaced?', 'who came next?': a successor asked for, of no one named."""
    pairs = set(pairwise(words))
    return bool(
        pairs & {("took", "over"), ("take", "over"), ("taken", "over"), ("came", "next"), ("came", "after")}
        or {"replaced", "succeeded", "successor", "followed"} & set(words)
    )


def _part_of_a_name(question: str, reading: Reading) -> set[int]:
    """Entities named as the first part of a name factbot does not know ('Google Brain'): what the
    question was about is not Google, so 'it' cannot mean Google next."""
    out = set()
    for m in reading.mentions:
        if m.end >= len(reading.words) or reading.words[m.end] not in reading.unknown:
            continue
        nxt = reading.words[m.end]
        pattern = rf"(?i:\b{re.escape(m.surface)})\s+{re.escape(nxt[0].upper())}(?i:{re.escape(nxt[1:])}\b)"
        if re.search(pattern, question):
            out.add(m.entity_id)
    return out


def _asks_for_person(words: Sequence[str]) -> bool:
    """'who was CEO before …', 'whom did he replace': the answer names the person asked for."""
    rest = words[_lead_length(words) :]
    return bool(rest) and rest[0] in ("who", "whom", "whos", "whose")


def lead_is_and(words: Sequence[str]) -> bool:
    return _lead_length(words) > 0


def frame_org(frame: Frame) -> Entity | None:
    orgs = [e for e in frame.entities if e.kind not in ("person", "product")]
    return orgs[0] if orgs else None


def _frame_family(reader: Reader, frame: Frame) -> str | None:
    return reader.reading(frame.render()).family


def _family_word(family: str) -> str:
    return relations.label(relations.family_members(family)[0])


def _asks_when(frame: Frame) -> bool:
    return "when" in frame.tokens or "year" in frame.tokens


def _slot_for(entities: Sequence[Entity], new: Entity) -> int | None:
    """The entity a named one stands in for: the last of the same kind ('and arm?' after 'buy Mellanox')."""
    kind = _kind_class(new)
    same = [i for i, e in enumerate(entities) if _kind_class(e) == kind]
    return same[-1] if same else None


def _kind_class(e: Entity) -> str:
    return e.kind if e.kind in ("person", "product") else "organization"


_CAPITALISED = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][\w.-]+")


def _names_someone(question: str) -> bool:
    """A capitalised word past the start ('Geoffrey Hinton'): a name, even one factbot does not know."""
    return any(w not in ("I", "AI") for w in _CAPITALISED.findall(question.strip()))


def _lead_length(words: Sequence[str]) -> int:
    for lead in _LEADS:
        if tuple(words[: len(lead)]) == lead:
            return len(lead)
    return 0


def _time_positions(words: Sequence[str], inside: set[int]) -> set[int]:
    at: set[int] = set()
    for i, w in enumerate(words):
        if i in inside:
            continue
        if _YEAR.match(w):
            at.add(i)
            j = i - 1
            while j >= 0 and j not in inside and (words[j] in _MONTHS or words[j] in _TIME_LINKS):
                at.add(j)
                if words[j] in _TIME_LINKS:
                    break
                j -= 1
    for length in (3, 2, 1):
        for i in range(len(words) - length + 1):
            span = set(range(i, i + length))
            if span & inside or span & at:
                continue
            if tuple(words[i : i + length]) in TIME_PHRASES:
                at |= span
    return at


def _time_words(reading: Reading) -> tuple[str, ...]:
    words = reading.words
    positions = sorted(_time_positions(words, set()))
    said = tuple(words[i] for i in positions)
    if said and _YEAR.match(said[0]):
        said = ("in", *said)
    return said or (reading.time.said,)


def _or(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _clarify(text: str, suggestions: Sequence[str]) -> Reply:
    return Reply(text=text, suggestions=tuple(suggestions), kind=ReplyKind.CLARIFY, answered=False)
