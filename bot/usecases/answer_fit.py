"""Does the answer to a rewritten follow-up keep what it carried (the person a pronoun stood for, the year,
the person before whom)? Otherwise it is declined (the checks themselves are in followup_fit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Reply
from factbot.bot.domain.text import fold
from factbot.bot.usecases import followup_fit as fit
from factbot.bot.usecases.conversation_lookups import Lookups
from factbot.bot.usecases.conversation_state import Focus, Understood, frame_org
from factbot.bot.usecases.deal_reading import round_span
from factbot.bot.usecases.followup_words import either, family_word, lead_length, time_words_of
from factbot.bot.usecases.succession import names_person


class AnswerFit(Lookups):
    """Answers checked against their follow-up."""

    def stands_alone(self, question: str) -> bool:
        """The question names something and asks something of it ('who founded arm?'), unlike a bare
        fragment ('and arm?'), which answered alone would describe Arm instead of what was asked."""
        reading = self.reading(question)
        if not reading.mentions:
            return False
        inside = {i for m in reading.mentions for i in range(m.start, m.end)}
        rest = [w for i, w in enumerate(reading.words) if i not in inside][lead_length(reading.words) :]
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
        round_asked = _round_asked(reading.words)
        every = [f for f in (self._fact(i) for i in reply.fact_ids) if f is not None]
        if round_asked and not any(round_asked in fold(f"{f.object} {f.statement}") for f in every):
            # 'and the series b?' after ASML's Series C investment: not the Series C fact again
            return fit.no_round(round_asked.title())
        target = _deal_target(reading, [self.entity(m.entity_id) for m in reading.mentions])
        if target is not None and facts and all(f.subject_id == target.id for f in facts):
            # 'who invested in Google' answered with Google's own investments: the other way round
            return fit.nothing_on(target.name)
        if about and not fit.names_any(facts, about) and not any(names_person(reply.text, e) for e in about):
            # ('Before Karandeep Anand …: Dominic Perella' names him in its own words, from Perella's fact)
            return fit.nothing_on(either([e.name for e in about[:4]]))
        people = [e for e in understood.besides if e.kind == "person"]
        if people and not self._names_others(facts, people):
            return fit.no_one_else(people)
        things = [e for e in understood.besides if e.kind != "person"]
        if things and not self._names_other_things(facts, things, understood.about):
            return fit.nothing_else(things)
        if things and reply.fields:
            reply = self._without(reply, things)  # 'who else invested': not Amazon's investment again
        org = frame_org(frame)
        t = reading.time
        if t.kind == "at" and t.lo is not None and t.hi is not None and not fit.reaches(facts, t.lo, t.hi):
            what = org or (frame.entities[0] if frame.entities else None)
            return fit.not_then(what.name if what else "that", " ".join(time_words_of(reading)))
        if landmark is not None:
            role = family_word(reading.family) if reading.family in relations.ROLE_FAMILIES else ""
            refusal = fit.no_predecessor(facts, landmark, role, org.name if org else "")
            if refusal is not None:
                return refusal
        return reply

    def _without(self, reply: Reply, besides: Sequence[Entity]) -> Reply:
        """The reply's listed facts without those the organizations just talked about made."""
        skip = {e.id for e in besides}
        theirs = {f.statement for f in (self._fact(i) for i in reply.fact_ids) if f and f.subject_id in skip}
        kept = tuple(field for field in reply.fields if field.value not in theirs)
        return replace(reply, fields=kept) if kept else reply

    def _names_others(self, facts: Sequence[Fact], besides: Sequence[Entity]) -> bool:
        """The facts name a person other than these: a known person, or a full name in the text."""
        skip = {e.id for e in besides}
        for f in facts:
            people = self._people_in(f) + [
                i for i in self._named_in(f"{f.object} {f.statement}") if self.entity(i).kind == "person"
            ]
            if any(p not in skip for p in people):
                return True
            for name in fit.full_names(f.statement):
                known = self._whole_name(name)
                if not known and not any(names_person(name, e) for e in besides) and not self._holds_a_thing(name):
                    return True
                if any(i not in skip and self.entity(i).kind == "person" for i in known):
                    return True
        return False

    def _holds_a_thing(self, name: str) -> bool:
        """'Former Google' (of 'Former Google DeepMind staff …') holds a company's name: it is no one."""
        return any(self.entity(i).kind != "person" for i in self._named_in(name))

    def _names_other_things(
        self, facts: Sequence[Fact], besides: Sequence[Entity], about: Sequence[Entity]
    ) -> bool:
        """The facts are about an organization or product other than these (and the one asked about)."""
        skip = {e.id for e in (*besides, *about)}
        for f in facts:
            for eid in (f.subject_id, f.object_id):
                if eid is not None and eid not in skip and self.entity(eid).kind != "person":
                    return True
        return False


def _round_asked(words: Sequence[str]) -> str:
    """'series b' when the question names a lettered round, else ''."""
    span = round_span(words)
    return " ".join(words[span[0] : span[1]]) if span and words[span[0]] == "series" else ""


def _deal_target(reading: Reading, named: Sequence[Entity]) -> Entity | None:
    """The one organization a 'who invested in X' / 'who bought X' question asks about."""
    if reading.family not in ("invested_in", "acquired") or reading.words[:1] not in (["who"], ["whos"]):
        return None
    if len(named) != 1 or named[0].kind == "person" or len(reading.mentions) != 1:
        return None
    # 'who invested in X' (the cue before X), not 'who did X buy' (X did it)
    return named[0] if 0 <= reading.cue_position < reading.mentions[0].start else None
