"""Fragments that lean on the last question: 'and Cohere?', 'and in 2017?', 'and earlier?', 'and cto?',
'who took over?': the last question's frame with an entity, the time or the relation swapped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity
from factbot.bot.domain.text import fold
from factbot.bot.usecases import followup_fit as fit
from factbot.bot.usecases.conversation_state import (
    Focus,
    Frame,
    Understood,
    frame_asks_when,
    frame_org,
    without_version_tail,
)
from factbot.bot.usecases.deal_reading import DEAL_FAMILIES, DealReading
from factbot.bot.usecases.followup_words import (
    ELSE_WORDS,
    clarify_reply,
    family_word,
    lead_length,
    time_words_of,
)


class FragmentReading(DealReading):
    """Fragments completed from the conversation's frame."""

    def _others_in_deal(self, reading: Reading, named: Sequence[Entity], focus: Focus) -> Understood | None:
        """'who else invested (in anthropic)' after Amazon's investment in Anthropic: who invested in that
        company besides the party just talked about (and who else bought, likewise)."""
        family = reading.family
        if family not in DEAL_FAMILIES or not set(reading.words) & ELSE_WORDS or focus.frame is None:
            return None
        if any(e.kind == "person" for e in named) or len(named) > 1:
            return None
        deal = self.deal_of(focus.frame, focus.parties)
        asked = [e for e in focus.frame.entities if e.kind != "person"]
        alone = asked[0] if len(asked) == 1 else None
        target = named[0] if named else (deal[1] if deal is not None else alone)
        if target is None:
            return None
        said = [e for e in focus.frame.entities if e.kind != "person" and e.id != target.id]
        if deal is not None and deal[1].id == target.id and deal[0] not in said:
            said.append(deal[0])
        if deal is None and not said:  # 'who invested in Anthropic' listed them all: none besides those
            said = [self.entity(p) for p in focus.parties if p != target.id]
        if not said:
            return None
        verb = "invested in" if family == "invested_in" else "bought"
        return Understood(f"who {verb} {target.name}", rewritten=True, besides=tuple(said))

    def _successor_of_lead(self, focus: Focus) -> Understood | None:
        """'who took over?' in a talk about a role: who held it once the person in focus left it."""
        org = self._focus_org(focus, set())
        family = self.frame_family(focus.frame) if focus.frame is not None else None
        person = self._lead_person(focus, org)
        if org is None or person is None or family not in relations.ROLE_FAMILIES:
            return None
        text = self._after(person, family or "", org)
        if text is None:
            return None
        return Understood(text, rewritten=True, note=messages.AFTER.format(name=person.name), besides=(person,))

    def _with_family(self, question: str, reading: Reading, focus: Focus) -> Understood:
        """'and cto?', "who's the ceo", 'who was chair before?': the relation asked of the same organization."""
        org = self._focus_org(focus, set())
        last = self.frame_family(focus.frame) if focus.frame is not None else None
        if "there" in reading.words and len(focus.parties) == 1 and focus.asked_for is not None and last != "invested_in":
            # 'who bought graphcore' -> "who's the boss there": the buyer; a round's lead is no place one is
            # at ('who led it' -> "who's the ceo there now" is the company that raised)
            org = self.entity(focus.parties[0])
        if org is None:
            things = [self.entity(t) for t in reversed(focus.things)]
            if not things:
                return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
            org = things[0]
        words = reading.words[lead_length(reading.words) :]
        text = " ".join([*words, "of", org.name])
        if reading.time.kind == "past" and not any(m for m in reading.mentions):
            person = self._lead_person(focus, org)
            if person is not None and "before" in words and words[-1] == "before":
                text = " ".join([*words, person.name, "at", org.name])
        return Understood(text, rewritten=True, besides=self._others_than(words, focus, org))

    def _others_than(self, words: Sequence[str], focus: Focus, org: Entity) -> tuple[Entity, ...]:
        """'any other founders?': besides the people just named; 'cofounders?' after a founder: besides
        that founder."""
        if set(words) & ELSE_WORDS:
            return self._besides(words, focus, ())
        plural = set(words) & {"cofounders", "partners"} or ("co", "founders") in set(pairwise(words))
        person = self._lead_person(focus, org)
        if plural and person is not None and self.founded(person, org):
            return (person,)
        return ()

    def _with_frame(
        self, question: str, reading: Reading, focus: Focus, named: Sequence[Entity], lead: int
    ) -> Understood:
        """A fragment: 'and Cohere?', 'and in 2017?', 'and earlier?', 'and before ballmer?', 'since when?'."""
        frame = focus.frame
        assert frame is not None
        if (
            not named
            and {"one", "ones"} & set(reading.words)
            and any(e.kind == "product" for e in frame.entities)
        ):
            # "and the first one?" after Llama 2: the series' first (or latest) release by the same maker
            other = self._series_end(frame, reading)
            if other is None:
                return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
            product = next(e for e in frame.entities if e.kind == "product")
            swapped = tuple(other if e.id == product.id else e for e in frame.entities)
            tokens = without_version_tail(frame.tokens, frame.entities.index(product))
            return Understood(replace(frame, tokens=tokens, entities=swapped).render(), rewritten=True)
        shifted = _year_shifted(reading.words, frame)
        if not named and shifted is not None:
            return Understood(replace(frame, time=shifted).render(), rewritten=True)  # "and the year before?"
        career = self._career_when(reading, frame, named)
        if career is not None:
            return Understood(career, rewritten=True)
        if (
            not named
            and reading.asks_when
            and not focus.answered
            and not frame_asks_when(frame)
            and self.frame_family(frame) is None  # not 'when' after 'who else founded it': its founding
        ):
            # 'since when?' after 'which of them is at microsoft now' found nothing: there is no answer
            # whose start it asks for
            return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
        if not named and reading.time.kind == "past" and self._career_frame(frame):
            return self._career_before(frame)
        t = reading.time
        time_words: tuple[str, ...] | None = None
        landmark: Entity | None = frame.landmark
        people = [e for e in named if e.kind == "person"]
        if t.kind == "at":
            time_words = time_words_of(reading)
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
                    return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
        elif t.kind in ("first", "latest", "now"):
            time_words = (t.said,)
            landmark = None
        if named and self._career_frame(frame):
            return Understood(question)  # "and cohere?" after where someone was before: a question of its own
        if named and {e.id for e in named} <= {e.id for e in frame.entities}:
            # "and mixtral" read as a misspelt Mistral, already asked about: a name factbot does not know
            return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
        joined = self._joins_the_deal(frame, named)
        if joined is not None:
            return Understood(joined, rewritten=True, keeps_frame=True)
        stranded = self._stranded_person(frame, named)
        if stranded is not None:
            return stranded
        entities, tokens = list(frame.entities), frame.tokens
        for e in named:
            slot = self.slot_for_deal(entities, e, self.frame_family(frame))
            if slot is None:
                return Understood(question)  # nothing of its kind to stand in for: a question of its own
            if landmark is not None and e.kind != "person" and time_words is None:
                # "who was CEO before Pichai" -> "same for microsoft": before Microsoft's own holder
                landmark, time_words = None, frame.time
            if e.kind == "product":  # 'and llama 4?' after Llama 3.1: not 'Llama 4' '1'
                tokens = without_version_tail(tokens, slot)
            entities[slot] = e
        if not named and time_words is None and not reading.asks_when:
            return Understood(question)  # 'and gpt-3?' naming nothing known: answered (or not) as it stands
        new = replace(
            frame,
            tokens=tokens,
            entities=tuple(entities),
            time=frame.time if time_words is None else time_words,
            landmark=landmark if (time_words == ("before",) or time_words is None) else None,
        )
        text = new.render()
        if reading.asks_when and not frame_asks_when(frame):
            text = "when " + text if not named else text + " when"
        return Understood(text, rewritten=True)

    def _series_end(self, frame: Frame, reading: Reading) -> Entity | None:
        """The first or latest release whose name begins with the same word as the product talked about
        ('LLaMA' for 'and the first one?' after Llama 2), by the same maker; None when it is that product."""
        kind = reading.time.kind
        product = next(e for e in frame.entities if e.kind == "product")
        maker = self.answerer.lookup.maker(product, self.scopes)
        stem = fold(product.name).split()[:1]
        if kind not in ("first", "latest") or maker is None or not stem:
            return None
        released = [
            f
            for f in self.store.facts_about(maker.id, self.scopes, relations.family_members("released"))
            if f.object_id is not None and f.start and fold(f.object).split()[:1] == stem
        ]
        if not released:
            return None
        pick = min if kind == "first" else max
        end = pick(released, key=lambda f: dates.sort_key(f.start))
        return None if end.object_id in (None, product.id) else self.entity(end.object_id)

    def _stranded_person(self, frame: Frame, named: Sequence[Entity]) -> Understood | None:
        """'and amazon overall?' after 'who did he replace' at AWS: the person asked about held no such role
        at the new organization, so the question is its holder there, not whom he replaced at Amazon."""
        family = self.frame_family(frame)
        people = [e for e in frame.entities if e.kind == "person"]
        orgs = [e for e in named if e.kind == "organization"]
        if len(people) != 1 or len(orgs) != 1 or len(named) != 1 or family not in relations.ROLE_FAMILIES:
            return None
        if people[0].id in self._holders(orgs[0].id, family or ""):
            return None
        return Understood(f"who is the {family_word(family or '')} of {orgs[0].name}", rewritten=True)

    def _career_when(self, reading: Reading, frame: Frame, named: Sequence[Entity]) -> str | None:
        """'when?' after 'where was X before ORG' / 'where did X go after ORG': when X joined / left ORG."""
        if named or not reading.asks_when or not self._career_frame(frame):
            return None
        people = [e for e in frame.entities if e.kind == "person"]
        orgs = [e for e in frame.entities if e.kind != "person"]
        verb = "join" if "before" in set(frame.tokens) | set(frame.time) else "leave"
        return f"when did {people[0].name} {verb} {orgs[0].name}"

    @staticmethod
    def _career_frame(frame: Frame) -> bool:
        """'where was X before ORG' / 'where did X go after ORG'."""
        people = [e for e in frame.entities if e.kind == "person"]
        orgs = [e for e in frame.entities if e.kind != "person"]
        said = set(frame.tokens) | set(frame.time)
        return (
            frame.tokens[:1] == ("where",)
            and len(people) == 1
            and len(orgs) == 1
            and bool(said & {"before", "after"})
        )

    def _career_before(self, frame: Frame) -> Understood:
        """'and before that?' after where someone was before ORG: before the earliest place named then."""
        person = next(e for e in frame.entities if e.kind == "person")
        org = next(e for e in frame.entities if e.kind != "person")
        earlier = self.earliest_org_before(person, org)
        if earlier is None:
            refusal = fit.declined(messages.NO_EARLIER.format(name=person.name, then=org.name))
            return Understood(frame.render(), clarify=refusal)
        return Understood(f"where was {person.name} before {earlier.name}", rewritten=True)

    def _joins_the_deal(self, frame: Frame, named: Sequence[Entity]) -> str | None:
        """'and google?' after 'who invested in Anthropic': did Google, when the base says it did (a
        company it did not invest in is another question: 'who invested in OpenAI')."""
        family = self.frame_family(frame)
        orgs = [e for e in frame.entities if e.kind != "person"]
        if family not in DEAL_FAMILIES or len(named) != 1 or len(orgs) != 1 or frame.tokens[:1] != ("who",):
            return None
        new, target = named[0], orgs[0]
        if new.id == target.id or not self.linked(new, target, family or ""):
            return None
        verb = "invest in" if family == "invested_in" else "buy"
        return f"did {new.name} {verb} {target.name}"


_EARLIER = frozenset({"before", "earlier", "previous", "prior"})
_LATER = frozenset({"after", "later", "next", "following"})


def _year_shifted(words: Sequence[str], frame: Frame) -> tuple[str, ...] | None:
    """'and the year before?' after a question about 2019: the same question about 2018."""
    if "year" not in words or frame.landmark is not None:
        return None
    step = -1 if set(words) & _EARLIER else 1 if set(words) & _LATER else 0
    years = [i for i, w in enumerate(frame.time) if w.isdigit() and len(w) == 4]
    if not step or len(years) != 1:
        return None
    time = list(frame.time)
    time[years[0]] = str(int(time[years[0]]) + step)
    return tuple(time)
