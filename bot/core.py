"""The core's single entry point: handle(Request) -> Reply, for every adapter.

User errors (BotError) become short replies; anything else is logged with its traceback and answered
with one fixed apology, so no exception text ever reaches a chat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from bot import answers, curation, dates, messages, permissions, relations, validation
from bot.errors import BadArgument, BotError, NotAllowed, NotFound
from bot.limits import Limiter
from bot.model import Entity, Fact, FactDraft, visible_scopes
from bot.port import (
    AddFact,
    Ask,
    Complete,
    DecideProposal,
    EditFact,
    EndFact,
    Feedback,
    Field,
    Gaps,
    Help,
    Leadership,
    RemoveFact,
    Reply,
    Request,
    RestoreFact,
    ReviewProposals,
    Role,
    SearchFacts,
    ShowHistory,
    StaleFacts,
    SuggestFact,
    Undo,
    VerifyFact,
)
from bot.questions import Answerer
from bot.store import EDITABLE, Store
from bot.text import clean_input, fold

log = logging.getLogger("factbot.core")
MAX_PENDING_PROPOSALS = 5  # per person, so one member cannot bury the admins


class Core:
    def __init__(
        self,
        store: Store,
        today: Callable[[], date] = date.today,
        log_questions: bool = True,
        limiter: Limiter | None = None,
        stale_after_days: int = 182,
    ):
        self.store = store
        self.today = today
        self.answerer = Answerer(store)
        self.log_questions = log_questions
        self.limiter = limiter  # None: no limits (the console, scripts, benchmarks)
        self.stale_after_days = stale_after_days  # answers on facts checked longer ago say so

    def handle(self, request: Request, admitted: bool = False) -> Reply:
        """Answer any request. `admitted`: the caller already ran `admit` (see adapters.runner)."""
        try:
            if not admitted:
                refusal = self.admit(request)
                if refusal is not None:
                    return refusal
            return self._dispatch(request)
        except BotError as exc:
            return Reply(text=str(exc), kind="error", ephemeral=True)
        except Exception:
            log.exception("unexpected error handling %s", type(request.command).__name__)
            return Reply(text=messages.APOLOGY, kind="error", ephemeral=True)

    def _dispatch(self, request: Request) -> Reply:
        cmd = request.command
        match cmd:
            case Ask():
                return self.ask(request, cmd)
            case Leadership():
                return self.leadership(request, cmd.organization)
            case AddFact():
                return self.add(request, cmd)
            case EditFact():
                return self.edit(request, cmd)
            case EndFact():
                return self.end(request, cmd)
            case RemoveFact():
                return self.remove(request, cmd.fact_id, removed=True)
            case RestoreFact():
                return self.remove(request, cmd.fact_id, removed=False)
            case ShowHistory():
                return self.history(request, cmd.fact_id)
            case Undo():
                return self.undo(request)
            case SearchFacts():
                return self.search(request, cmd.text)
            case Gaps():
                return self.gaps(request)
            case StaleFacts():
                return self.stale(request, cmd.age)
            case VerifyFact():
                return self.verify(request, cmd)
            case Feedback():
                return self.feedback(request, cmd)
            case SuggestFact():
                return self.suggest(request, cmd)
            case ReviewProposals():
                return self.review(request)
            case DecideProposal():
                return self.decide(request, cmd)
            case Complete():
                return self.complete(request, cmd)
            case Help():
                return self.help(cmd.topic)
        raise BadArgument("Unknown command.")  # pragma: no cover - the match is exhaustive

    # -- questions --------------------------------------------------------------------------------------

    def admit(self, request: Request) -> Reply | None:
        """The rate-limit refusal for a question, or None. Cheap and free of I/O, so an adapter can ask
        before queueing work: a flood is turned away without waiting in line ahead of anyone else."""
        cmd = request.command
        if isinstance(cmd, Ask):
            question = clean_input(cmd.question)
            return self._limited(request, question) if fold(question) else None
        if isinstance(cmd, Leadership):
            return self._limited(request, f"leadership {cmd.organization}")
        if isinstance(cmd, Feedback):
            return self._limited(request, f"feedback {cmd.fact_ids} {cmd.helpful}")
        if isinstance(cmd, SuggestFact):
            return self._limited(request, f"suggest {cmd.subject} {cmd.relation} {cmd.object}")
        return None

    def _limited(self, request: Request, text: str) -> Reply | None:
        """A refusal when this user asks too fast or the channel just had the same question, else None."""
        if self.limiter is None or request.platform == "console":
            return None
        channel = f"{request.platform}:{request.channel_id}" if request.channel_id else None
        verdict = self.limiter.check(request.actor, channel, fold(text))
        if verdict == "ok":
            return None
        if verdict == "notice":
            wait = self.limiter.seconds_until_next(request.actor)
            return Reply(text=messages.SLOW_DOWN.format(seconds=wait), kind="limited", ephemeral=True)
        return Reply(text=messages.SLOW_DOWN_SHORT, kind="limited", ephemeral=True, silent=True)

    def ask(self, request: Request, cmd: Ask) -> Reply:
        question = clean_input(cmd.question)
        if not fold(question):
            raise BadArgument(messages.EMPTY_QUESTION)
        reply = self.answerer.answer(question, visible_scopes(request.scope), self.today())
        if self.log_questions and reply.kind != "help":
            self.store.log_question(
                question, reply.answered, reply.fact_ids, reply.confidence, request.platform, request.scope
            )
        reply = self._with_freshness(reply)
        return reply if cmd.explain else replace(reply, explanation=())

    def leadership(self, request: Request, name: str) -> Reply:
        org = self.resolve_entity(name, request.scope)
        facts = self.store.facts_about(org.id, visible_scopes(request.scope))
        return self._with_freshness(answers.leadership(org, facts, self.today()))

    def _with_freshness(self, reply: Reply) -> Reply:
        """Say so plainly when the answer rests on a fact last checked long ago."""
        dated = [s.as_of for s in reply.sources if s.as_of]
        if not reply.answered or not dated:
            return reply
        oldest = min(dated, key=dates.first_day)
        if (self.today() - dates.last_day(oldest)).days <= self.stale_after_days:
            return reply
        note = Field("Note", messages.MAY_HAVE_CHANGED.format(when=dates.month_year(oldest)))
        return replace(reply, fields=(*reply.fields, note))

    def resolve_entity(self, name: str, scope: str) -> Entity:
        """The entity a typed name means (typos forgiven), or NotFound with the closest names."""
        cleaned = clean_input(name, limit=200)
        if not fold(cleaned):
            raise BadArgument("Name an organization, e.g. Stability AI.")
        scopes = visible_scopes(scope)
        exact = self.store.find_entity(cleaned, scopes)
        if exact:
            return exact
        index = self.answerer.index
        words = fold(cleaned).split()
        mentions = index.find(words, scopes)
        if mentions:
            best = max(mentions, key=lambda m: (m.end - m.start, m.score))
            if best.end - best.start >= len(words) - 1 and best.score >= 0.75:
                return self.answerer.entity(best.entity_id)
        near = [self.answerer.entity(e).name for e in index.near(words)]
        hint = f" Did you mean: {', '.join(near)}?" if near else ""
        raise NotFound(messages.UNKNOWN_ORG.format(name=cleaned[:60]) + hint)

    # -- changing facts ---------------------------------------------------------------------------------

    def add(self, request: Request, cmd: AddFact) -> Reply:
        scope = permissions.scope_for_new_fact(request)
        draft = FactDraft(
            subject=cmd.subject,
            relation=cmd.relation,
            object=cmd.object,
            start=cmd.start,
            end=cmd.end,
            source_url=cmd.source_url,
            statement=cmd.statement,
        )
        with self.store.write():
            subject_name = self._existing_name(cmd.subject, scope)
            values = curation.prepare(
                self.store, replace(draft, subject=subject_name), scope, request.actor, self.today()
            )
            duplicate = self.store.find_duplicate(
                values["subject_id"], values["relation"], values["object"], values["start"], scope
            )
            if duplicate is not None:
                hint = (
                    " (removed; bring it back with fact restore)"
                    if self.store.fact(duplicate).removed
                    else ""
                )
                raise BadArgument(f"That fact is already stored as #{duplicate}{hint}.")
            fact_id = self.store.add_fact(values, request.actor)
        fact = self.store.fact(fact_id)
        return self._confirm(messages.ADDED.format(id=fact_id, statement=fact.statement), fact)

    def _existing_name(self, name: str, scope: str) -> str:
        """Use the stored spelling when the admin typed a known entity loosely ('stabilty ai')."""
        if not fold(name):
            return name
        try:
            return self.resolve_entity(name, scope).name
        except NotFound:
            return name

    def edit(self, request: Request, cmd: EditFact) -> Reply:
        fact = self._changeable(request, cmd.fact_id)
        changes: dict[str, str] = {}
        for field_name, raw in cmd.changes:
            name = field_name.strip().lower()
            if name not in EDITABLE:
                raise BadArgument(f"Cannot edit {name[:30]!r}; editable fields: {', '.join(EDITABLE)}.")
            changes[name] = raw
        if not changes:
            raise BadArgument("Say what to change, e.g. fact edit 12 end=2024-06.")
        merged: dict[str, object] = {k: getattr(fact, k) for k in EDITABLE} | changes
        start, end = validation.date_range(_s(merged["start"]), _s(merged["end"]))
        clean: dict[str, object] = {}
        for name, value in changes.items():
            text: str | None = value
            if name == "relation":
                clean[name] = validation.relation(text or "")
            elif name in ("start", "end"):
                clean[name] = start if name == "start" else end
            elif name == "as_of":
                clean[name] = dates.parse(text or "", "as_of")
            elif name == "source_url":
                clean[name] = validation.url(text)
            else:
                clean[name] = validation.text_field(text, name, required=name in ("object", "statement"))
        if "object" in clean:
            clean["object_id"] = curation.link_object(self.store, str(clean["object"]), None, fact.scope)
        self.store.update_fact(fact.id, clean, request.actor)
        updated = self.store.fact(fact.id)
        return self._confirm(messages.EDITED.format(id=fact.id, statement=updated.statement), updated)

    def end(self, request: Request, cmd: EndFact) -> Reply:
        fact = self._changeable(request, cmd.fact_id)
        if fact.end and not cmd.end:
            raise BadArgument(messages.ALREADY_ENDED.format(id=fact.id, end=dates.human(fact.end)))
        end = dates.parse(cmd.end, "end") if cmd.end else self.today().isoformat()
        validation.date_range(fact.start, end)
        self.store.update_fact(fact.id, {"end": end}, request.actor, action="end")
        return self._confirm(
            messages.ENDED.format(id=fact.id, end=dates.human(end), statement=fact.statement), fact
        )

    def remove(self, request: Request, fact_id: int, removed: bool) -> Reply:
        fact = self._changeable(request, fact_id)
        if fact.removed == removed:
            raise BadArgument(
                (messages.ALREADY_REMOVED if removed else messages.NOT_REMOVED).format(id=fact_id)
            )
        self.store.set_removed(fact_id, removed, request.actor)
        template = messages.REMOVED if removed else messages.RESTORED
        return self._confirm(template.format(id=fact_id, statement=fact.statement), fact)

    def verify(self, request: Request, cmd: VerifyFact) -> Reply:
        """Re-confirm a fact today (optionally with a new source); it goes into the history."""
        fact = self._changeable(request, cmd.fact_id)
        changes: dict[str, object] = {"as_of": self.today().isoformat()}
        if cmd.source_url.strip():
            url = validation.url(cmd.source_url)
            changes |= {"source_url": url, "source_title": validation.source_title_for(url)}
        self.store.update_fact(fact.id, changes, request.actor, action="verify")
        updated = self.store.fact(fact.id)
        return self._confirm(messages.VERIFIED.format(id=fact.id, as_of=updated.as_of), updated)

    def undo(self, request: Request) -> Reply:
        permissions.check_may_change_anything(request)
        entry = self.store.last_change(request.actor)
        if entry is None:
            raise NotFound(messages.NOTHING_TO_UNDO)
        fact = self.store.fact(entry.fact_id)
        permissions.check_may_change(request, fact)
        self.store.undo(entry, request.actor)
        return self._confirm(messages.UNDONE.format(action=entry.action, id=entry.fact_id), fact)

    def _changeable(self, request: Request, fact_id: int) -> Fact:
        permissions.check_may_change_anything(request)
        fact = self.store.fact(validation.fact_id(fact_id), permissions.scopes_to_change(request))
        permissions.check_may_change(request, fact)
        return fact

    @staticmethod
    def _confirm(text: str, fact: Fact) -> Reply:
        return Reply(
            text=text,
            kind="confirmation",
            ephemeral=True,
            fact_ids=(fact.id,),
            sources=answers.sources([fact]),
        )

    # -- looking at facts -------------------------------------------------------------------------------

    def history(self, request: Request, fact_id: int) -> Reply:
        fact = self.store.fact(validation.fact_id(fact_id), permissions.scopes_to_change(request))
        lines = []
        for h in self.store.history(fact.id):
            change = _describe_change(h.old, h.new)
            undone = " (undone)" if h.undone_by else ""
            lines.append(Field(f"{h.at} · {h.action} by {h.actor}{undone}", change or "—"))
        state = "removed" if fact.removed else "live"
        asked = self.store.ask_counts([fact.id])[fact.id]
        up, down = self.store.feedback_counts(fact.id)
        text = f"Fact #{fact.id} ({state}) · as of {fact.as_of} · asked {asked}× · 👍 {up} 👎 {down}: {fact.statement}"
        return Reply(
            text=text,
            fields=tuple(lines),
            kind="list",
            ephemeral=True,
            fact_ids=(fact.id,),
            sources=answers.sources([fact]),
        )

    def search(self, request: Request, text: str) -> Reply:
        cleaned = clean_input(text, limit=200)
        if not fold(cleaned):
            raise BadArgument("Say what to search for, e.g. fact search Stability.")
        scopes = visible_scopes(request.scope)
        found = self.store.search(cleaned, scopes, limit=10, match_all=True) or self.store.search(
            cleaned, scopes, limit=10
        )
        try:
            entity = self.resolve_entity(cleaned, request.scope)
            about = self.store.facts_about(entity.id, scopes)
            found = list({f.id: f for f in [*about, *found]}.values())[:15]
        except BotError:
            pass
        if not found:
            return Reply(
                text=messages.NO_SEARCH_RESULTS.format(text=cleaned[:60]), kind="list", ephemeral=True
            )
        fields = tuple(
            Field(
                f"#{f.id} {f.subject} · {relations.label(f.relation)} · {f.object}",
                f"{dates.span(f.start, f.end)} · as of {f.as_of} · {f.scope}",
            )
            for f in found
        )
        return Reply(
            text=f"{len(found)} facts match {cleaned[:60]!r}:",
            fields=fields,
            kind="list",
            ephemeral=True,
            fact_ids=tuple(f.id for f in found),
        )

    def stale(self, request: Request, age: str | None) -> Reply:
        """Facts due for re-checking: the most-asked first, then the oldest."""
        days = dates.parse_age(age) if age else self.stale_after_days
        cutoff = (self.today() - timedelta(days=days)).isoformat()
        facts = self.store.stale(cutoff, visible_scopes(request.scope))
        if not facts:
            return Reply(text=messages.NOTHING_STALE.format(days=days), kind="list", ephemeral=True)
        asked = self.store.ask_counts([f.id for f in facts])
        facts.sort(key=lambda f: (-asked[f.id], dates.first_day(f.as_of)))
        fields = tuple(
            Field(
                f"#{f.id} {f.subject} · {relations.label(f.relation)} · {f.object}",
                f"as of {f.as_of} · asked {asked[f.id]}×",
            )
            for f in facts[:25]
        )
        text = messages.STALE.format(count=len(facts), days=days)
        return Reply(
            text=text, fields=fields, kind="list", ephemeral=True, fact_ids=tuple(f.id for f in facts[:25])
        )

    def gaps(self, request: Request) -> Reply:
        """What to fix first: questions people asked in vain, and the facts they said were wrong."""
        scopes = visible_scopes(request.scope)
        rows = self.store.gaps(scopes)
        voted = self.store.most_downvoted(scopes)
        if not rows and not voted:
            return Reply(text=messages.NO_GAPS, kind="list", ephemeral=True)
        fields = [Field(f"{g.count}×", f"{g.question} (last asked {g.last_asked[:10]})") for g in rows]
        for fact_id, count, comment in voted:
            statement = self.store.fact(fact_id).statement
            said = f" — latest: {comment!r}" if comment else ""
            fields.append(Field(f"👎 {count}× · fact #{fact_id}", f"{statement}{said}"))
        return Reply(
            text="Most-asked questions I could not answer, then the facts most often marked wrong:",
            fields=tuple(fields),
            kind="list",
            ephemeral=True,
        )

    def suggest(self, request: Request, cmd: SuggestFact) -> Reply:
        """Anyone may propose a fact; it is checked now and answered only once an admin approves it."""
        waiting = self.store.proposals(None, proposer=request.actor)
        if len(waiting) >= MAX_PENDING_PROPOSALS:
            raise NotAllowed(messages.TOO_MANY_PROPOSALS.format(count=len(waiting)))
        fields = curation.check(
            FactDraft(
                subject=cmd.subject,
                relation=cmd.relation,
                object=cmd.object,
                start=cmd.start,
                end=cmd.end,
                source_url=cmd.source_url,
            )
        )
        pid = self.store.add_proposal(
            {
                "proposer": request.actor,
                "platform": request.platform,
                "user_id": request.user_id,
                "scope": request.scope,
                **fields,
            }
        )
        statement = curation.default_statement(
            fields["subject"], fields["relation"], fields["object"], fields["start"], fields["end"]
        )
        return Reply(
            text=messages.PROPOSED.format(id=pid, statement=statement), kind="confirmation", ephemeral=True
        )

    def review(self, request: Request) -> Reply:
        """Pending proposals this admin may decide on; adapters add approve / reject buttons."""
        permissions.check_may_change_anything(request)
        pending = self.store.proposals(permissions.scopes_to_change(request))
        if not pending:
            return Reply(text=messages.NO_PROPOSALS, kind="list", ephemeral=True)
        fields = tuple(
            Field(
                f"#{p.id} by {p.proposer} · {p.at[:10]}",
                curation.default_statement(p.subject, p.relation, p.object, p.start, p.end)
                + (f" Source: {p.source_url}" if p.source_url else ""),
            )
            for p in pending
        )
        return Reply(
            text=messages.PROPOSALS.format(count=len(pending)),
            fields=fields,
            kind="list",
            ephemeral=True,
            proposal_ids=tuple(p.id for p in pending),
        )

    def decide(self, request: Request, cmd: DecideProposal) -> Reply:
        """Approve (the proposal becomes a fact in the proposer's scope) or reject (the reason is kept)."""
        permissions.check_may_change_anything(request)
        proposal = self.store.proposal(validation.fact_id(cmd.proposal_id))
        scopes = permissions.scopes_to_change(request)
        if scopes is not None and proposal.scope not in scopes:
            raise NotFound(f"There is no proposal #{proposal.id}.")
        if request.role != Role.GLOBAL_ADMIN and proposal.scope != request.scope:
            raise NotAllowed(messages.NOT_ALLOWED_SCOPE)
        if proposal.status != "pending":
            raise BadArgument(f"Proposal #{proposal.id} was already {proposal.status}.")
        reason = validation.text_field(cmd.reason, "reason")
        if not cmd.approve:
            self.store.decide_proposal(proposal.id, "rejected", request.actor, reason, None)
            said = f": {reason}" if reason else ""
            return Reply(
                text=messages.REJECTED.format(pid=proposal.id, reason=said),
                kind="confirmation",
                ephemeral=True,
                notify=(proposal.user_id, messages.TOLD_REJECTED.format(pid=proposal.id, reason=said)),
            )
        draft = FactDraft(
            subject=proposal.subject,
            relation=proposal.relation,
            object=proposal.object,
            start=proposal.start,
            end=proposal.end,
            source_url=proposal.source_url,
            note=f"Proposed by {proposal.proposer} (proposal #{proposal.id}).",
        )
        with self.store.write():
            values = curation.prepare(self.store, draft, proposal.scope, request.actor, self.today())
            fact_id = self.store.add_fact(values, request.actor)
            self.store.decide_proposal(proposal.id, "approved", request.actor, reason, fact_id)
        fact = self.store.fact(fact_id)
        told = messages.TOLD_APPROVED.format(pid=proposal.id, statement=fact.statement)
        return replace(
            self._confirm(messages.APPROVED.format(pid=proposal.id, id=fact_id), fact),
            notify=(proposal.user_id, told),
        )

    def feedback(self, request: Request, cmd: Feedback) -> Reply:
        """Record 👍/👎 on an answer; the facts must be ones this workspace can see."""
        ids = tuple(dict.fromkeys(validation.fact_id(i) for i in cmd.fact_ids))[:20]
        if not ids:
            raise BadArgument("Feedback needs the ids of the facts the answer used.")
        for fact_id in ids:
            self.store.fact(fact_id, visible_scopes(request.scope))
        comment = validation.text_field(cmd.comment, "comment")
        self.store.log_feedback(ids, cmd.helpful, comment, request.platform, request.scope)
        return Reply(
            text=messages.THANKS_UP if cmd.helpful else messages.THANKS_DOWN,
            kind="confirmation",
            ephemeral=True,
            fact_ids=ids,
        )

    def complete(self, request: Request, cmd: Complete) -> Reply:
        """Entity names for an autocomplete box: prefix matches first, then typo-tolerant ones."""
        typed = fold(clean_input(cmd.text, limit=100))
        names = sorted(
            {
                e.name
                for e in self.store.entities(visible_scopes(request.scope))
                if cmd.kind in (None, e.kind)
            },
            key=str.casefold,
        )
        limit = max(1, min(cmd.limit, 25))
        if not typed:
            return Reply(text="", suggestions=tuple(names[:limit]), kind="list", ephemeral=True)
        starts = [n for n in names if fold(n).startswith(typed)]
        inside = [n for n in names if typed in fold(n) and n not in starts]
        close = [
            name
            for name, score, _ in process.extract(
                typed, [fold(n) for n in names], scorer=fuzz.WRatio, limit=limit, score_cutoff=70
            )
        ]
        by_folded = {fold(n): n for n in names}
        ranked = list(dict.fromkeys([*starts, *inside, *(by_folded[c] for c in close)]))
        return Reply(text="", suggestions=tuple(ranked[:limit]), kind="list", ephemeral=True)

    def help(self, topic: str) -> Reply:
        if topic.strip().lower() in ("fact", "facts"):
            text = messages.FACT_HELP.format(
                editable=", ".join(EDITABLE), relations=", ".join(relations.RELATIONS)
            )
        else:
            text = messages.HELP
        return Reply(text=text, kind="help", ephemeral=True)


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def _describe_change(old: dict[str, object] | None, new: dict[str, object] | None) -> str:
    if old is None and new is not None:
        return f"added: {new.get('statement') or new.get('object')}"
    keys = sorted(set(old or {}) | set(new or {}))
    return "; ".join(f"{k}: {(old or {}).get(k)!r} → {(new or {}).get(k)!r}" for k in keys)
