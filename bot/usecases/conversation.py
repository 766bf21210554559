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
from collections.abc import Sequence
from dataclasses import replace

from factbot.bot.answering.careers import asks_what_happened_to_former
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import dates, messages, relations
from factbot.bot.domain.model import Entity
from factbot.bot.domain.text import fold
from factbot.bot.usecases.answer_fit import AnswerFit
from factbot.bot.usecases.career_followups import as_pronoun
from factbot.bot.usecases.clarify_replies import corrected_words, corrects, named_reply, with_name
from factbot.bot.usecases.conversation_memory import Memory
from factbot.bot.usecases.conversation_state import Conversations, Focus, Frame, Understood
from factbot.bot.usecases.followup_words import (
    CONNECTIVE_WORDS,
    COUNT_WORDS,
    ELSE_WORDS,
    FRAGMENT_WORDS,
    ROLE_QUALIFIERS,
    clarify_reply,
    family_word,
    lead_length,
    named_then_asked,
    names_someone,
    same_lead_length,
    takes_over,
    unknown_names,
)
from factbot.bot.usecases.fragment_reading import FragmentReading
from factbot.bot.usecases.pronoun_reading import PronounReading
from factbot.bot.usecases.pronouns import (
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    THING_PRONOUNS,
    is_dummy_it,
)
from factbot.bot.usecases.version_reading import VersionReading

__all__ = ["Conversations", "Focus", "Frame", "Reader", "Understood"]


_PAST = frozenset({"was", "were", "did", "had", "ran", "led"})


def _then_as_time(reading: Reading, focus: Focus) -> str | None:
    """A trailing 'then' in a question about the past, as the time meant: the last question's time ('who
    ran google in 2010' -> 'and who ran microsoft then': in 2010), else the date of the last answer ('what
    was it valued at then' after Anthropic's Series F: September 2025). 'ok who runs it then' is 'in that
    case', not a time."""
    if reading.words[-1:] != ["then"] or reading.time.kind is not None or not _PAST & set(reading.words):
        return None
    if focus.frame is not None and focus.frame.time:
        return " ".join([*reading.words[:-1], *focus.frame.time])
    if focus.when:
        return " ".join([*reading.words[:-1], "in", dates.human(focus.when)])
    return None


def _person_and_the_company(words: Sequence[str], org: Entity) -> Understood | None:
    """A question naming a person, read against the company talked about: "what else did shashua found"
    after AI21 Labs is besides it; 'is igor still there' after xAI's founders is at xAI."""
    if set(words) & ELSE_WORDS:
        return Understood(" ".join(w for w in words if w not in ELSE_WORDS), rewritten=True, besides=(org,))
    if "there" in words:
        return Understood(" ".join(f"at {org.name}" if w == "there" else w for w in words), rewritten=True)
    return None


def _without_the_one_talked_about(focus: Focus) -> Focus:
    """'the other guy': not the person just talked about (of two, the one talked about the turn before)."""
    top = focus.people[0] if focus.people else []
    gone = top if len(top) == 1 else [p for p in top if p in focus.earlier] if len(top) == 2 else []
    if len(gone) != 1:
        return focus
    people = [[p for p in rank if p != gone[0]] for rank in focus.people]
    return replace(focus, people=[r for r in people if r])


class Reader(PronounReading, FragmentReading, VersionReading, Memory, AnswerFit):
    """Reads questions against a focus: which kind of follow-up a question is, and its standalone text."""

    def understand(self, question: str, focus: Focus | None) -> Understood:
        reading = self.reading(question)
        plain, which = as_pronoun(question)
        if not reading.mentions and plain != question:
            reading = self.reading(plain)  # "where did the new guy work before": 'he'
            if which == "other" and focus is not None:
                focus = _without_the_one_talked_about(focus)
            elif which is not None and focus is not None:
                focus = self._by_tenure(focus, newest=which == "new")
        if reading.greeting:
            return Understood(question)
        if focus is not None and reading.mentions:
            kinds = [self.entity(m.entity_id).kind for m in reading.mentions]
            asked_of_it = named_then_asked(reading.words, reading.mentions, kinds)
            if asked_of_it is not None:
                return self.understand(asked_of_it, focus)  # 'and what about tencent who runs it'
        reply_to = self._named_in_reply(question, reading, focus) or self._corrected_fragment(
            question, reading, focus
        )
        if reply_to is not None:
            return reply_to
        if focus is not None and focus.unknown_thing and not reading.mentions:
            back = _back_to_the_thing(reading.words)
            if back is not None:
                # 'what team did he co-lead' found nothing -> 'who ran it with him': that team, not his company
                return Understood(question, clarify=clarify_reply(messages.WHO_IS_MEANT.format(word=back), []))
        if focus is not None and focus.unknown_person and not reading.mentions:
            unsure = self._unsure_person_pronoun(reading.words, focus)
            if unsure is not None:
                # 'and their cfo?' found no one -> 'who did she replace': she may be that CFO, not the CEO
                # talked about before, whom the base never calls 'she' or 'he'
                return Understood(question, clarify=clarify_reply(messages.WHO_IS_MEANT.format(word=unsure), []))
        among = self._one_of_them(reading, focus) if focus is not None else None
        if among is not None:
            return among
        surname = self._surname_in_talk(question, reading, focus) if focus is not None else None
        if surname is not None:
            return self.understand(surname, focus)  # "where'd gross go" after SSI's founders: Daniel Gross
        then = _then_as_time(reading, focus) if focus is not None else None
        if then is not None and focus is not None:
            return self.understand(then, replace(focus, when=None))
        gone = self._what_happened_to_former(reading, focus) if focus is not None else None
        if gone is not None:
            return gone
        doing = _that_doing(reading.words) if focus is not None else None
        if doing is not None:
            # 'when did that launch' after Bard was named: 'that' is the thing just talked about, as 'it'
            return self.understand(" ".join(w if i != doing else "it" for i, w in enumerate(reading.words)), focus)
        same = same_lead_length(reading.words)
        if same and (focus is None or focus.frame is None):
            return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
        if same and focus is not None and focus.frame is not None:
            # "same for intel": the last question again, with what follows in place of its like.
            again = self.reading("and " + " ".join(reading.words[same:]))
            named_again = [self.entity(m.entity_id) for m in again.mentions]
            if named_again:
                return self._with_frame(question, again, focus, named_again, 1)
            return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
        words = reading.words
        inside = {i for m in reading.mentions for i in range(m.start, m.end)}
        named = [self.entity(m.entity_id) for m in reading.mentions]
        pronouns = [
            (i, w) for i, w in enumerate(words) if w in PRONOUNS and i not in inside and not is_dummy_it(words, i)
        ]
        lead = lead_length(words)
        if focus is None or (focus.frame is None and not focus.people and not focus.things):
            return self._alone(question, reading, pronouns, lead)
        deal = self._about_the_deal(words[lead:], named, pronouns, focus, reading)
        if deal is not None:
            # 'how much did google pay' read against the deal talked about is not asked again alone
            return Understood(deal, rewritten=True, about=tuple(named))
        if pronouns and self._own_person(question, reading, pronouns, named):
            return Understood(question)  # "where did Geoffrey Hinton work before he quit": its own 'he'
        if pronouns:
            return self._resolve_pronouns(question, reading, pronouns, focus, named)
        by_whom = _by_whom(words, focus, self.frame_family(focus.frame) if focus.frame is not None else None)
        if by_whom is not None:
            return Understood(by_whom, rewritten=True)
        that = self._object_that(words, named, focus)
        if that is not None:
            return that
        fragment = words[lead:]
        other_round = self.other_round(words, focus) if not named else None
        if other_round is not None:
            return Understood(other_round, rewritten=True)  # 'and the series a?' after Mistral's seed
        version = self._other_version(question, reading, focus, lead) if not named else None
        version = version or self._product_of_talked_about(question, reading, focus)
        if version is not None:
            return self.understand(version, focus)  # it names the product: read once more, then done
        longer = self._longer_name(reading) if named and lead else None
        if longer is not None:
            # "and google brain then?": a name the base lacks, not Google again
            return Understood(question, clarify=clarify_reply(messages.NOTHING_ON.format(what=longer), []))
        family = reading.family
        others = self._others_in_deal(reading, named, focus)
        if others is not None:
            return others
        org = self._focus_org(focus, {e.id for e in named})
        if named and org is not None and all(e.kind == "person" for e in named):
            at_org = _person_and_the_company(words, org)
            if at_org is not None:
                return at_org
        if named and family is not None:
            return Understood(question)  # "and microsoft's cto?": complete by itself
        if named and not lead and (reading.asks_when or len(fragment) > 3 or reading.time.kind is None):
            return Understood(
                question
            )  # "who runs inflection now?", "when did taylor take over": a new question
        if not named and takes_over(fragment):
            succession = self._successor_of_lead(focus)
            if succession is not None:
                return succession  # "who took over in the interim?": after the person just talked about
        if family is not None and not named:
            if any(w not in CONNECTIVE_WORDS | COUNT_WORDS | ROLE_QUALIFIERS for w in reading.unknown):
                return Understood(question)  # "and zhipu's ceo?": a name I don't know, not this company's
            return self._with_family(question, reading, focus)
        if (
            any(w in ELSE_WORDS for w in fragment)
            and not named
            and focus.frame is not None
            and not self._words_of_its_own(reading, focus)  # 'who else is in china ai': its own question
        ):
            frame = replace(focus.frame, landmark=None, time=())
            return Understood(frame.render(), rewritten=True, besides=self._besides(words, focus, ()))
        if focus.frame is None:
            return Understood(question)
        if not named and self._words_of_its_own(reading, focus):
            return Understood(question)  # "what is the weather today": words of its own, not a fragment
        if focus.pending is not None and not named:
            # 'who founded it' was asked back ("Who do you mean by 'it'?"): 'when' next continues that
            # question, whose 'it' is still unknown, not the one answered before it
            return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
        return self._with_frame(question, reading, focus, named, lead)

    def _what_happened_to_former(self, reading: Reading, focus: Focus) -> Understood | None:
        """'what happened to the old one' after "who's the cto there": where the previous holder went."""
        if reading.mentions or focus.frame is None or not asks_what_happened_to_former(reading.words):
            return None
        family = self.frame_family(focus.frame)
        org = self._focus_org(focus, set())
        if family not in relations.ROLE_FAMILIES or org is None:
            return None
        return Understood(f"what happened to the previous {family_word(family or '')} of {org.name}", rewritten=True)

    def answers(self, question: str, focus: Focus) -> bool:
        """The question, read against this focus, gets an answer that fits it (a trial: nothing kept)."""
        understood = self.understand(question, focus)
        if understood.clarify is not None:
            return False
        reply = self.answerer.answer(understood.question, self.scopes, self.today)
        return self.fit(understood, reply, focus).answered

    def _named_in_reply(self, question: str, reading: Reading, focus: Focus | None) -> Understood | None:
        """'perplexity' after "Who do you mean by 'it'?": the question left pending, about that name;
        'i mean anthropic' after an answer: the last question again, about that name."""
        if focus is None:
            return None
        names = named_reply(question, reading, self.entity)
        if names is None:
            return None
        pending = focus.pending
        if pending is not None:
            text = with_name(pending, names)
            if text is not None:
                understood = self.understand(text, replace(focus, pending=None))
                return understood if understood.clarify is not None else replace(understood, rewritten=True)
        if corrects(question) and focus.frame is not None:
            return self.understand("and " + " ".join(e.name for e in names), replace(focus, pending=None))
        return None

    def _corrected_fragment(self, question: str, reading: Reading, focus: Focus | None) -> Understood | None:
        """'sorry i meant the president' after who runs Anthropic, 'no i meant gemma' after Gemini: the
        last question again with what the correction says in place ('and the president?', 'and gemma?'),
        not a message that changed its question midway."""
        if focus is None or focus.frame is None or reading.mentions:
            return None
        rest = corrected_words(question)
        if rest is None:
            return None
        return self.understand(f"and {rest}?", replace(focus, pending=None))

    def _unsure_person_pronoun(self, words: Sequence[str], focus: Focus) -> str | None:
        """The 'he' or 'she' of a question when the person talked about is not known by it: neither the
        base's statements nor this conversation ever called them so."""
        word = _person_pronoun(words)
        lead = next((rank[0] for rank in focus.people if rank), None)
        if word is None or lead is None:
            return None
        gender = PERSON_PRONOUNS[word]
        if focus.called.get(lead) == gender or (lead > 0 and self.pronoun_of(lead) == gender):
            return None
        return word

    def _one_of_them(self, reading: Reading, focus: Focus) -> Understood | None:
        """'which of them went on to start xai' after OpenAI's founders: who founded xAI, and the answer
        must name one of them."""
        words = reading.words
        at = next((i for i in range(1, len(words) - 2) if words[i : i + 2] == ["of", "them"]), None)
        rest = words[at + 2 :] if at is not None and words[at - 1] in ("which", "who", "whos") else None
        if rest is None and words[:2] == ["which", "one"] and len(words) > 3:
            rest = words[2:]  # 'which one was on the transformer paper' after Sakana's founders
        top = focus.people[0] if focus.people else []
        if rest is None or len(top) < 2:
            return None
        people = tuple(self._who(p, focus) for p in top)
        asked = self.understand(" ".join(["who", *rest]), replace(focus, people=[]))
        if asked.clarify is not None:
            return asked
        return replace(asked, rewritten=True, about=people)

    def _surname_in_talk(self, question: str, reading: Reading, focus: Focus) -> str | None:
        """The question with a word the base does not know that is the surname of exactly one person just
        talked about ('gross' after Sutskever, Daniel Gross and Daniel Levy) given as their full name."""
        if reading.mentions:
            return None
        people = [self._who(p, focus) for rank in focus.people for p in rank]
        for word in reading.unknown:
            same = {e.name for e in people if len(word) > 2 and fold(e.name).split()[-1:] == [word]}
            if len(same) == 1:
                found = re.search(rf"\b{re.escape(word)}\b", question, re.IGNORECASE)
                if found:
                    return f"{question[: found.start()]}{same.pop()}{question[found.end() :]}"
        return None

    def _words_of_its_own(self, reading: Reading, focus: Focus) -> bool:
        """Words the base does not know that are neither a fragment's nor the names of people talked about."""
        return any(w not in FRAGMENT_WORDS | self._names_in_talk(focus) for w in reading.unknown)

    def _names_in_talk(self, focus: Focus) -> frozenset[str]:
        """The words of the names of the people talked about ('and before zhang?' after Daniel Zhang)."""
        people = [self._who(p, focus) for rank in focus.people for p in rank]
        return frozenset(w for e in people for w in fold(e.name).split())

    def _about_the_deal(
        self,
        words: Sequence[str],
        named: Sequence[Entity],
        pronouns: Sequence[tuple[int, str]],
        focus: Focus,
        reading: Reading,
    ) -> str | None:
        """'how much (was it)', 'when did it start', 'how much did amazon put in': the deal talked about."""
        if named:
            return self.dangling_target(words, named, focus)
        if any(w not in THING_PRONOUNS and w not in GROUP_PRONOUNS for _, w in pronouns):
            return None  # 'how much did he get' is about a person
        if reading.time.kind is not None and not reading.asks_when:
            return None  # 'and in 2024?': the frame's time swapped, not the deal
        return self.round_lead(words, focus) or self.deal_amount(words, focus, reading.family)

    @staticmethod
    def _own_person(
        question: str, reading: Reading, pronouns: Sequence[tuple[int, str]], named: Sequence[Entity]
    ) -> bool:
        """The question names a person the base does not know, and its 'he'/'she' comes after the name."""
        if any(e.kind == "person" for e in named) or not any(w in PERSON_PRONOUNS for _, w in pronouns):
            return False
        inside = {reading.words[i] for m in reading.mentions for i in range(m.start, m.end)}
        unknown = [w for w in unknown_names(question) if fold(w) not in inside]
        first = next(i for i, w in pronouns if w in PERSON_PRONOUNS)
        return bool(unknown) and any(fold(w) in reading.words[:first] for w in unknown)

    def _longer_name(self, reading: Reading) -> str | None:
        """A known name with an unknown word right after it ('google brain'), as typed."""
        if not reading.unknown_next_to_entity:
            return None
        words = reading.words
        for m in reading.mentions:
            if m.end < len(words) and words[m.end] in reading.unknown and words[m.end] not in CONNECTIVE_WORDS:
                return " ".join(words[m.start : m.end + 1])
        return None

    def _object_that(self, words: Sequence[str], named: Sequence[Entity], focus: Focus) -> Understood | None:
        """'who founded that', 'who runs that company now' after an answer that named one other party
        (what Databricks bought) or moved to another company (where he was before): that one, not the
        company the question was about."""
        if named:
            return None
        tail = list(words)
        while tail and tail[-1] in _THAT_TAIL:
            tail.pop()  # 'now', 'today', 'company': 'who runs that company now'
        if len(tail) < 2 or tail[-1] not in _THAT or tail[-2] in _NOT_A_DEED:
            return None
        if len(focus.parties) == 1:
            thing = self.entity(focus.parties[0])
        elif focus.moved_to is not None:
            thing = self.entity(focus.moved_to)
        else:
            return None
        when = [w for w in words[len(tail) :] if w in _THAT_TIME]
        text = " ".join([*tail[:-1], thing.name, *when])
        return Understood(text, rewritten=True, topic=thing.id, about=(thing,))

    def _by_tenure(self, focus: Focus, newest: bool) -> Focus:
        """'the new guy': of the people in focus, the one whose role at the organization began last first
        ('the old one': first)."""
        if focus.org is None:
            return focus
        began: dict[int, str] = {}
        for f in self.store.facts_about(focus.org, self.scopes):
            if f.object_id is not None and f.start and _family(f.relation) in relations.ROLE_FAMILIES:
                began[f.object_id] = max(began.get(f.object_id, ""), f.start)
        people = [p for rank in focus.people for p in rank if p in began]
        if not people:
            return focus
        pick = (max if newest else min)(people, key=lambda p: began[p])
        rest = [[p for p in rank if p != pick] for rank in focus.people]
        return replace(focus, people=[[pick], *[r for r in rest if r]])

    def _alone(
        self, question: str, reading: Reading, pronouns: Sequence[tuple[int, str]], lead: int
    ) -> Understood:
        """No conversation to lean on: a pronoun or a fragment with nothing named is not a fresh question."""
        if reading.mentions or names_someone(question):
            return Understood(question)  # "where did Geoffrey Hinton work before he quit": its own 'he'
        dangling = [w for _, w in pronouns if w in PERSON_PRONOUNS or w in THING_PRONOUNS]
        if dangling:
            return Understood(
                question, clarify=clarify_reply(messages.WHO_IS_MEANT.format(word=dangling[0]), [])
            )
        if pronouns or (lead and len(reading.words) - lead <= 4):
            return Understood(question, clarify=clarify_reply(messages.WHAT_IS_MEANT, []))
        return Understood(question)


_BY_WHOM = (("by", "who"), ("by", "whom"), ("and", "by", "who"), ("and", "by", "whom"), ("by", "whom", "though"))
_WHEN_DONE = re.compile(r"^(?:when|what year) (?:was|were|is) (?P<what>.+) (?P<done>\w+ed)$")


def _by_whom(words: Sequence[str], focus: Focus, family: str | None) -> str | None:
    """'by who?' after 'when was Nvidia founded' (or 'nvidia founded when'): who founded Nvidia."""
    if tuple(words) not in _BY_WHOM or focus.frame is None:
        return None
    asked = _WHEN_DONE.match(replace(focus.frame, time=()).render())
    if asked:
        return f"who {asked['done']} {asked['what']}"
    orgs = [e for e in focus.frame.entities if e.kind != "person"]
    done = {"founder": "founded", "acquired": "bought"}.get(family or "")
    return f"who {done} {orgs[0].name}" if done and len(orgs) == 1 else None


_THAT = frozenset({"that", "this"})
_DOES = frozenset({"did", "does", "do", "was", "is", "will", "has", "had"})
_NOUNS_AFTER_THAT = frozenset(
    "company lab startup firm one deal round model product guy person chatbot thing year month day".split()
)


def _person_pronoun(words: Sequence[str]) -> str | None:
    return next((w for w in words if w in PERSON_PRONOUNS), None)


def _back_to_the_thing(words: Sequence[str]) -> str | None:
    """The word that points back at a thing ('it', 'that company', 'who runs that'), if one does."""
    for i, w in enumerate(words):
        if w in ("it", "its") and not is_dummy_it(words, i):
            return w
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _THAT and i > 0 and words[i - 1] not in _NOT_A_DEED and (not nxt or nxt in _THAT_TAIL):
            return f"{w} {nxt}".strip()
    return None


def _that_doing(words: Sequence[str]) -> int | None:
    """Where 'that'/'this' stands as the subject of a verb ('when did that launch', 'when was this
    founded'), not before a noun ('that company') or at the end ('when was that')."""
    for i, w in enumerate(words[1:-1], 1):
        nxt = words[i + 1]
        if w in _THAT and words[i - 1] in _DOES and nxt.isalpha() and nxt not in _NOUNS_AFTER_THAT | _NOT_A_DEED:
            return i
    return None
_THAT_TIME = frozenset({"now", "today", "currently"})
_THAT_TAIL = _THAT_TIME | frozenset("company lab startup firm one place".split())
# 'when was that', 'how much was that', 'and before that': the deal or the time, not a thing's name
_NOT_A_DEED = frozenset(
    "is was were be been did do does before after than like about at by in on of for and when since with "
    "then since from to".split()
)


def _family(relation: str) -> str:
    rel = relations.RELATIONS.get(relation)
    return rel.family if rel else ""
