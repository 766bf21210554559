"""What a turn leaves in focus: the question's frame and what it named, and the people the answer put first
(the headline facts' people, then those the question named), so the next 'he' or 'it' can be read."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factbot.bot.domain import relations
from factbot.bot.domain.model import Entity, Fact
from factbot.bot.domain.port import Reply
from factbot.bot.usecases import followup_fit as fit
from factbot.bot.usecases import succession
from factbot.bot.usecases.clarify_replies import has_pronoun
from factbot.bot.usecases.conversation_lookups import Lookups
from factbot.bot.usecases.conversation_state import SLOT, Focus, Frame, Understood
from factbot.bot.usecases.followup_words import (
    asks_for_a_party,
    asks_for_a_thing,
    asks_for_person,
    asks_for_someone,
    part_of_a_name,
)

# 'his old job at google', 'when did he leave openai': a company named as where a person was, not what the
# conversation is about now
_PLACE_OF_A_PERSON = frozenset("at leave left leaving join joined joining quit from".split())


class Memory(Lookups):
    """The focus after each turn."""

    def remember(self, focus: Focus | None, understood: Understood, reply: Reply, typed: str = "") -> Focus:
        """The focus after this turn: the question's frame and what it named, and the answer's people.

        An unanswered question still says what the conversation is about ("what prize did he win" after
        a question about Geoffrey Hinton that found nothing); a clarification changes nothing but the
        question it leaves pending (`typed`, when a pronoun in it is what the bot asked about)."""
        focus = focus or Focus()
        focus.turn += 1
        if understood.clarify is not None:
            focus.pending = typed if has_pronoun(typed) else None
            focus.unknown_person = asks_for_someone(self.reading(typed or understood.question))
            return focus
        focus.pending = None
        focus.called.update(understood.called)
        reading = self.reading(understood.question)
        named = [self.entity(m.entity_id) for m in reading.mentions]
        if not reply.answered and not named:
            focus.unknown_thing = asks_for_a_thing(reading.words)
            focus.unknown_person = asks_for_someone(reading)
            focus.answered = False
            return focus
        frame = self.frame(reading) if named and not understood.keeps_frame else focus.frame
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
            # that year's CEO and its interim one: the one who held the role for good is 'he'
            then.sort(key=lambda f: f.relation.startswith("interim"))
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
        left = {e.id for e in understood.besides if e.kind == "person"}
        others = [p for p in first_rank if p not in left] or [p for p in second_rank if p not in left]
        if left and others:
            # 'who took over?' after Gelsinger: the ones who came next are talked about now, not him
            second_rank = [p for p in first_rank + second_rank if p not in others]
            first_rank = others
        shown = first_rank + second_rank
        asked = [e.id for e in named if e.kind == "person" and (landmark is None or e.id != landmark.id)]
        if len(asked) == 1 and not asks_for_person(reading.words):
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
        part = part_of_a_name(understood.question, reading)
        named_things = [e.id for e in named if e.kind != "person" and e.id not in part]
        things = [t for t in focus.things if t not in named_things]
        moved_to: int | None = None
        if named and all(e.kind == "person" for e in named):
            # "what did he found before that": the organizations of the answer are what 'it' may mean now.
            answered_at: list[int] = []
            for f in lead:
                for eid in (f.object_id, f.subject_id):
                    if eid is not None and self.entity(eid).kind != "person" and eid not in things + answered_at:
                        answered_at.append(eid)
                        moved_to = eid if moved_to is None else moved_to
            if focus.topic is not None and (
                # "when did he leave the board" after OpenAI's cofounder, answered with his roles at xAI:
                # the answer is a date
                reading.asks_when
                # "what did ive do before" after OpenAI's deal for io, answered with that deal (not 'what
                # did he start after'): the answer did not move him elsewhere
                or (
                    asks_for_a_party(reading.words, reading.family) is None
                    and any(focus.topic in (f.subject_id, f.object_id) for f in lead)
                )
            ):
                answered_at, moved_to = [], None  # the company talked about is still what 'it' means
            things += reversed(answered_at)  # the answer's first organization is what 'it' means next
        things += named_things
        orgs = [e for e in named if e.kind not in ("person", "product") and e.id not in part]
        org = orgs[0].id if orgs else focus.org
        if understood.topic is not None and self.entity(understood.topic).kind not in ("person", "product"):
            # "did google buy it": the conversation is still about what 'it' meant, not the other name
            org = understood.topic
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
        if fresh is not None and understood.topic is None and any(e.kind == "person" for e in named):
            # "what was his old job at google" after 01.ai's founder: Google is where he was, not what the
            # conversation is now about ('their models' next are 01.ai's)
            at = [m for m in reading.mentions if m.entity_id == fresh and m.start > 0]
            if at and reading.words[at[0].start - 1] in _PLACE_OF_A_PERSON:
                if fresh in things:  # nor what 'it' means next: the thing talked about before it is
                    things.remove(fresh)
                    things.insert(0, fresh)
                fresh = None
        # "what's she doing now" answered with another company: 'they' next is that company
        topic = fresh if fresh is not None else (moved_to if moved_to is not None else focus.topic)
        asked_ids = {e.id for e in named}
        parties = [
            eid
            for f in lead
            for eid in (f.subject_id, f.object_id)
            if eid is not None and eid not in asked_ids and self.entity(eid).kind not in ("person", "product")
        ]
        # Two organizations named afresh side by side ('did microsoft invest in mistral'): 'it' next could
        # be either. One that a pronoun continued ('did google buy it') is the one talked about.
        paired = [e.id for e in named if e.kind == "organization" and e.id not in part]
        rivals = paired if understood.topic is None and len(set(paired)) > 1 else []
        called = {**focus.called, **dict(understood.called)}
        return Focus(
            asked_for=asks_for_a_party(reading.words, reading.family) if reply.answered else None,
            # not "whats their chatbot": the company 'their' meant is still what 'it' means
            unknown_thing=not reply.answered and understood.topic is None and asks_for_a_thing(reading.words),
            answered=reply.answered,
            unknown_person=not reply.answered and asks_for_someone(reading),
            moved_to=moved_to,
            called=called,
            rivals=rivals,
            parties=list(dict.fromkeys(parties)),
            frame=frame,
            people=people,
            earlier=list(focus.people[0]) if focus.people else [],
            when=lead[0].start if lead and reply.answered else None,
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
        frame = Frame(("who", "is", "the", "ceo", "of", SLOT + "0"), (org,))
        return Focus(frame=frame, people=focus.people, things=things[-6:], org=org.id, turn=focus.turn + 1)

