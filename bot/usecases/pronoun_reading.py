"""Follow-ups with pronouns: 'him' is the most salient person whose pronoun fits, 'it' the thing just talked
about, 'their' the company; the role and organization are carried when the question leans on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from factbot.bot.answering.forms import EARLIER_CUES
from factbot.bot.answering.matcher import Reading
from factbot.bot.domain import messages, relations
from factbot.bot.domain.model import Entity
from factbot.bot.usecases.career_followups import career_question
from factbot.bot.usecases.conversation_state import Focus, Understood
from factbot.bot.usecases.deal_reading import DEAL_FAMILIES, DealReading
from factbot.bot.usecases.followup_words import (
    ELSE_WORDS,
    JOB_WORDS,
    PARTNER_NOUNS,
    TENURE_WORDS,
    after_person,
    clarify_reply,
    either,
    family_word,
    lead_is_and,
    lead_length,
)
from factbot.bot.usecases.pronouns import GROUP_PRONOUNS, PERSON_PRONOUNS, THING_PRONOUNS

_TRIED = 4  # at most this many people tried one by one for a pronoun two or more of them fit

# What people do, not companies: 'where did they work before', 'where did they study'.
_PEOPLE_VERBS = frozenset(
    "work worked working study studied studying meet met born grow grew live lived go went come came".split()
)
_COMPANY_MOVES = frozenset({"public", "ipo", "bankrupt", "under", "private"})  # 'when did they go public'
# 'where were they before': a place people were, unless a company's own place is asked ('based')
_PLACE_WORDS = frozenset({"based", "headquartered", "located", "hq", "headquarters", "from"})


def _asks_what_people_do(asked: set[str]) -> bool:
    if asked & _COMPANY_MOVES:
        return False
    # 'where were they before', 'and where are they now': where people were or are
    at_a_time = asked & (EARLIER_CUES | {"now"})
    return bool(asked & _PEOPLE_VERBS) or ("where" in asked and bool(at_a_time) and not asked & _PLACE_WORDS)

# 'invest in it', 'buy it', 'a stake in it': the pronoun is the deal's other party.
_TAKES_OBJECT = frozenset(
    {"in", "into", "buy", "bought", "acquire", "acquired", "for", "of", "back", "backed"}
)


# People told by what they are, then who they are: 'the two transformer authors who cofounded it'
_PEOPLE_NOUNS = frozenset(
    "authors founders cofounders researchers engineers executives execs people guys folks employees scientists".split()
)


def _described_people(words: Sequence[str]) -> bool:
    return any(w in _PEOPLE_NOUNS and nxt in ("who", "that") for w, nxt in pairwise(words))


class PronounReading(DealReading):
    """Pronouns replaced by whom and what the conversation is about."""

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
        called: list[tuple[int, str]] = []
        alongside: list[Entity] = []
        parties = self._parties(pronouns, focus)
        group = self._people_meant(reading, pronouns, focus, named)
        if group is not None:
            return group
        described = _described_people(words)
        if described and any(w in ("they", "them", "their") for _, w in pronouns):
            # "and the two transformer authors who cofounded it, where'd they go": 'they' are people told
            # only by description, not the company
            return Understood(question, clarify=clarify_reply(messages.WHO_IS_MEANT.format(word="they"), []))
        for i, w in pronouns:
            if w in PERSON_PRONOUNS:
                if any(e.kind == "person" for e in named):
                    continue  # "who did Sam Altman say he…": the question names its own person
                def answered_with(person: Entity, at: int = i, said: str = w) -> bool:
                    tried = list(words)
                    tried[at] = person.name + ("'s" if said in ("his", "hers") else "")
                    return self.answers(" ".join(tried), focus)

                choice = self._person_for(w, focus, named_ids, reading.family, answered_with)
                if isinstance(choice, Understood):
                    return choice
                person, note = choice
                if w in ("his", "her", "hers"):
                    partners = self._partners(words, i, focus, person, note)
                    if partners is not None:
                        return partners
                words[i] = person.name + ("'s" if w in ("his", "hers") else "")
                if i > 0 and words[i - 1] == "with":
                    alongside.append(person)  # 'who cofounded baidu with him': someone besides him
                resolved.append(person)
                called.append((person.id, PERSON_PRONOUNS[w]))
                if note:
                    notes.append(note)
                continue
            if parties is not None:
                # 'who did they hire from it': 'they' the actor, 'it' the other party, never the same one
                thing: Entity | None = parties[0] if w in GROUP_PRONOUNS else parties[1]
            else:
                rivals = [self.entity(r) for r in focus.rivals if r not in named_ids]
                party = self._party_in_deal(reading, i, focus) if len(rivals) > 1 else None
                if party is not None:
                    rivals = [party]  # "what ai lab did it buy": the buyer of the deal just talked about
                elif len(rivals) > 1:
                    # "when did their first claude model come out": the one that makes the product named
                    makers = self._makers_of(named)
                    making = [r for r in rivals if r.id in makers]
                    if len(making) == 1:
                        rivals, party = making, making[0]
                if len(rivals) > 1 and not any(m.start < i for m in reading.mentions):
                    # "did microsoft invest in mistral" -> "who runs it": either could be meant
                    names = either([e.name for e in rivals])
                    return Understood(
                        question, clarify=clarify_reply(messages.WHICH_ONE.format(word=w, names=names), [])
                    )
                thing = party if party is not None else self._thing_for(w, focus, named_ids)
            if thing is None:
                if any(m.start < i for m in reading.mentions):
                    continue  # "when did DeepMind say it would…": its own 'it'
                return Understood(question, clarify=clarify_reply(messages.WHO_IS_MEANT.format(word=w), []))
            words[i] = thing.name
            resolved.append(thing)
            topic = thing.id
        if not resolved:
            return Understood(question)
        org = self._focus_org(focus, {e.id for e in resolved})
        if len(resolved) == 1 and resolved[0].kind == "person" and not named and org is not None:
            moved = career_question(reading.words[lead_length(reading.words) :], resolved[0], org)
            if moved is not None:  # "where was he before that": before the organization, not the role
                note = notes[0] if notes else ""
                return Understood(moved, note=note, rewritten=True, about=tuple(resolved), called=tuple(called))
        text = " ".join(words)
        rereading = self.reading(text)
        kinds = {self.entity(m.entity_id).kind for m in rereading.mentions}
        family = rereading.family
        opening = words[lead_length(words) :][:1]
        asks_who = opening in (["who"], ["whom"], ["whos"], ["before"], ["earlier"], ["prior"])
        after = after_person(words, pronouns, resolved)
        # "who had the job before him" carries the role; "what was her job at openai" asks for it.
        carries_role = asks_who and (
            any(w in JOB_WORDS for w in words)
            or rereading.time.kind in ("past", "first", "at")
            or after is not None
        )
        if opening == ["after"] or (lead_is_and(words) and after is not None):
            carries_role = True
        if family is None and carries_role and focus.frame is not None:
            family = self.frame_family(focus.frame)
            if family is not None:
                text += f" {family_word(family)}"
        org = self._focus_org(focus, {m.entity_id for m in rereading.mentions})
        people = [e for e in resolved if e.kind == "person"]
        tenure = self._tenure(words, rereading, focus, people, org) if kinds <= {"person"} else None
        if tenure is not None:
            return Understood(
                tenure, note=notes[0] if notes else "", rewritten=True, topic=topic, about=tuple(resolved), called=tuple(called)
            )
        talked_about = focus.frame is not None and family == self.frame_family(focus.frame)
        elsewhere = bool(set(words) & ELSE_WORDS) and bool(people) and kinds <= {"person"}
        if elsewhere and org is not None:
            # "what else does he run": besides the organization just talked about, never it again
            note = notes[0] if notes else ""
            plain = " ".join(w for w in text.split() if w not in ELSE_WORDS)
            return Understood(plain, note=note, rewritten=True, about=tuple(resolved), called=tuple(called), besides=(org,))
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
        besides = self._besides(words, focus, resolved)
        if alongside and family == "founder":
            for person in alongside:
                text = text.replace(f" with {person.name}", "")
            besides = (*besides, *alongside)
        return Understood(
            text, note=note, rewritten=True, topic=topic, about=tuple(resolved), called=tuple(called), besides=besides
        )

    def answers(self, question: str, focus: Focus) -> bool:
        """Whether the question, read against this focus, would be answered; the reader that can answer
        says (conversation.Reader), a reader that cannot tries no one."""
        return False

    def _partners(
        self, words: Sequence[str], i: int, focus: Focus, person: Entity, note: str
    ) -> Understood | None:
        """'and his cofounders?': who founded, with this person, the company they founded that is talked
        about (or the one the base says they founded)."""
        nxt = tuple(words[i + 1 : i + 3])
        if not nxt or not (nxt[0] in PARTNER_NOUNS or nxt == ("co", "founders") or nxt == ("co", "founder")):
            return None
        org = self.founded_by(person, focus)
        if org is None:
            return None
        return Understood(
            f"who founded {org.name}", note=note, rewritten=True, topic=org.id, besides=(person,)
        )

    def _people_meant(
        self, reading: Reading, pronouns: Sequence[tuple[int, str]], focus: Focus, named: Sequence[Entity]
    ) -> Understood | None:
        """'where did they work before' after an answer naming people (Mistral's founders, or one CEO):
        'they' is those people, when the question asks what people do (work, study), not a company's."""
        said = [(i, w) for i, w in pronouns if w in ("they", "them")]
        asked = set(reading.words)
        if len(said) != 1 or len(pronouns) != 1 or named or not _asks_what_people_do(asked):
            return None
        top = focus.people[0] if focus.people else []
        if not top:
            return None  # ('they' for one person too: 'who runs openai' -> 'where did they work before')
        people = [self._who(p, focus) for p in top[:4]]
        names = either([e.name for e in people], "and")
        words = list(reading.words)
        words[said[0][0]] = names
        text = " ".join(words)
        if focus.org is not None and words[-1] in ("before", "earlier", "previously"):
            text += f" {self.entity(focus.org).name}"  # before the company talked about
        return Understood(text, rewritten=True, about=tuple(people))

    def _makers_of(self, named: Sequence[Entity]) -> set[int]:
        """The makers of the products the question names."""
        makers = (self.answerer.lookup.maker(e, self.scopes) for e in named if e.kind == "product")
        return {m.id for m in makers if m is not None}

    def _party_in_deal(self, reading: Reading, i: int, focus: Focus) -> Entity | None:
        """A deal question ('what did it buy', 'who did it invest in') after a deal of two parties: 'it' as
        the subject is the party that bought or invested, as the object the other one."""
        if reading.family not in DEAL_FAMILIES or focus.frame is None:
            return None
        deal = self.deal_of(focus.frame, focus.parties)
        if deal is None:
            return None
        before = reading.words[i - 1] if i > 0 else ""
        return deal[1] if before in _TAKES_OBJECT else deal[0]

    def _parties(self, pronouns: Sequence[tuple[int, str]], focus: Focus) -> tuple[Entity, Entity] | None:
        """'they' and 'it' in one question mean two parties: the one that acted (named first in the last
        question, or its deal's party) and the other."""
        said = {w for _, w in pronouns}
        if not said & GROUP_PRONOUNS or not said & THING_PRONOUNS or focus.frame is None:
            return None
        deal = self.deal_of(focus.frame, focus.parties)
        if deal is not None:
            return deal[0], deal[1]
        orgs = [e for e in focus.frame.entities if e.kind != "person"]
        return (orgs[0], orgs[1]) if len(orgs) == 2 else None

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
        if not any(w in TENURE_WORDS for w in words) or (reading.family not in (None, "founder", "resigned")):
            return None
        if "sabbatical" in reading.unknown:
            return None  # 'when did he take that leave': his leave of absence, not the role
        family = self.frame_family(focus.frame)
        if family is None or family == "founder" or family not in relations.ROLE_FAMILIES:
            return None
        return f"when was {people[0].name} {family_word(family)} of {org.name}"

    def _person_for(
        self,
        pronoun: str,
        focus: Focus,
        exclude: set[int],
        family: str | None = None,
        answered_with: Callable[[Entity], bool] | None = None,
    ) -> tuple[Entity, str] | Understood:
        gender = PERSON_PRONOUNS[pronoun]
        ranks = [[p for p in rank if p not in exclude] for rank in focus.people]
        ranks = [r for r in ranks if r]
        everyone = [self._who(p, focus) for rank in ranks for p in rank]
        fitting_ranks = [
            [p for p in rank if self.pronoun_fits(p, gender) and focus.called.get(p, gender) == gender]
            for rank in ranks
        ]
        fitting_ranks = [r for r in fitting_ranks if r]
        if not fitting_ranks:
            return Understood(
                pronoun,
                clarify=clarify_reply(
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
        before = [p for p in top if p in focus.earlier]
        if len(top) > 1 and len(before) == 1:
            # "who's perplexity's ceo" -> 'when was it founded' (four founders) -> 'where did he work b4': the
            # one talked about before the answer that named the others beside him
            person = self._who(before[0], focus)
            return person, messages.TAKING.format(word=pronoun, name=person.name)
        if 1 < len(top) <= _TRIED and answered_with is not None:
            # 'who founded scale ai' -> "what's he doing now": the one of them the base can say that of
            # (said with whom 'he' was taken for), of those the base itself calls so; else asked back
            known = [p for p in top if p > 0 and self.pronoun_of(p) == gender]
            fits = [p for p in known if answered_with(self._who(p, focus))]
            if len(fits) == 1:
                person = self._who(fits[0], focus)
                return person, messages.TAKING.format(word=pronoun, name=person.name)
        if len(top) > 1:
            names = [self._who(p, focus).name for p in top]
            return Understood(
                pronoun,
                clarify=clarify_reply(
                    messages.WHICH_ONE.format(word=pronoun, names=either(names)),
                    [messages.PERSON_QUESTION.format(name=n) for n in names[:3]],
                ),
            )
        person = self._who(top[0], focus)
        others = sum(len(r) for r in fitting_ranks) - 1
        unsure = person.id < 0 or self.pronoun_of(person.id) is None
        note = messages.TAKING.format(word=pronoun, name=person.name) if others or unsure else ""
        return person, note

    def _thing_for(self, pronoun: str, focus: Focus, exclude: set[int]) -> Entity | None:
        order = list(reversed(focus.things))
        group = pronoun in GROUP_PRONOUNS
        if focus.topic is not None and (group or focus.topic_fresh):
            # 'their chatbot' means the company being talked about; 'it' the thing just talked about
            if focus.topic in order:
                order.remove(focus.topic)
            order.insert(0, focus.topic)
        if len(focus.parties) == 1 and focus.asked_for is not None and (group or focus.asked_for != "who"):
            # 'who bought windsurf' -> 'who runs them': the buyer the answer named, not Windsurf again
            party = focus.parties[0]
            if party in order:
                order.remove(party)
            order.insert(0, party)
        things = [self.entity(t) for t in order if t not in exclude]
        if pronoun in GROUP_PRONOUNS:
            orgs = [e for e in things if e.kind != "product"]
            return orgs[0] if orgs else (things[0] if things else None)
        return things[0] if things else None
