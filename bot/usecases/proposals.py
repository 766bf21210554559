"""Members propose facts; admins approve (the fact is added) or reject (the reason is kept)."""

from __future__ import annotations

from dataclasses import replace

from factbot.bot.domain import dates, messages, validation
from factbot.bot.domain.errors import BadArgument, NotAllowed, NotFound
from factbot.bot.domain.model import FactDraft, Proposal
from factbot.bot.domain.port import (
    DecideProposal,
    Field,
    Reply,
    ReplyKind,
    Request,
    Role,
    SuggestFact,
)
from factbot.bot.usecases import curation, permissions
from factbot.bot.usecases.services import Services, confirm, subject_for_new_fact

MAX_PENDING_PROPOSALS = 5  # per person, so one member cannot bury the admins


def suggest(ctx: Services, request: Request, cmd: SuggestFact) -> Reply:
    """Anyone may propose a fact; it is checked now and answered only once an admin approves it."""
    waiting = ctx.store.proposals(None, proposer=request.actor)
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
    _known, fields["subject"] = subject_for_new_fact(ctx, fields["subject"], request.scope)
    pid = ctx.store.add_proposal(
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
        text=messages.PROPOSED.format(id=pid, statement=statement),
        kind=ReplyKind.CONFIRMATION,
        ephemeral=True,
    )


def review(ctx: Services, request: Request) -> Reply:
    """Pending proposals this admin may decide on; adapters add approve / reject buttons."""
    permissions.check_may_change_anything(request)
    pending = ctx.store.proposals(permissions.proposal_scopes(request))
    if not pending:
        return Reply(text=messages.NO_PROPOSALS, kind=ReplyKind.LIST, ephemeral=True)
    fields = tuple(
        Field(
            f"#{p.id} by {p.proposer} · {p.at[:10]}",
            describe(p) + (f" Source: {p.source_url}" if p.source_url else ""),
        )
        for p in pending
    )
    return Reply(
        text=messages.PROPOSALS.format(count=len(pending)),
        fields=fields,
        kind=ReplyKind.LIST,
        ephemeral=True,
        proposal_ids=tuple(p.id for p in pending),
    )


def describe(p: Proposal) -> str:
    """One line for the review queue: what approving the proposal would do."""
    if p.change == "end":
        text = f"End fact #{p.target_fact_id} ({p.subject}: {p.object}) on {dates.human(p.end or '')}."
    elif p.change == "dates":
        text = f"Change the dates of fact #{p.target_fact_id} ({p.subject}: {p.object}) to {dates.span(p.start, p.end)}."
    else:
        text = curation.default_statement(p.subject, p.relation, p.object, p.start, p.end)
    return f"{text} ({p.note})" if p.note else text


def decide(ctx: Services, request: Request, cmd: DecideProposal) -> Reply:
    """Approve (the proposal becomes a fact in the proposer's scope) or reject (the reason is kept)."""
    permissions.check_may_change_anything(request)
    proposal = ctx.store.proposal(validation.fact_id(cmd.proposal_id))
    scopes = permissions.proposal_scopes(request)
    if scopes is not None and proposal.scope not in scopes:
        raise NotFound(messages.NO_PROPOSAL.format(id=proposal.id))
    if request.role != Role.GLOBAL_ADMIN and proposal.scope != request.scope:
        raise NotAllowed(messages.NOT_ALLOWED_SCOPE)
    if proposal.status != "pending":
        raise BadArgument(messages.ALREADY_DECIDED.format(id=proposal.id, status=proposal.status))
    reason = validation.text_field(cmd.reason, "reason")
    if not cmd.approve:
        ctx.store.decide_proposal(proposal.id, "rejected", request.actor, reason, None)
        said = f": {reason}" if reason else ""
        return Reply(
            text=messages.REJECTED.format(pid=proposal.id, reason=said),
            kind=ReplyKind.CONFIRMATION,
            ephemeral=True,
            notify=_notify(proposal, messages.TOLD_REJECTED.format(pid=proposal.id, reason=said)),
        )
    if proposal.change in ("end", "dates"):
        return _apply_to_fact(ctx, request, proposal, reason)
    draft = FactDraft(
        subject=proposal.subject,
        relation=proposal.relation,
        object=proposal.object,
        start=proposal.start,
        end=proposal.end,
        source_url=proposal.source_url,
        source_title=_wikidata_title(proposal),
        note=f"Proposed by {proposal.proposer} (proposal #{proposal.id}).",
    )
    with ctx.store.write():
        values = curation.prepare(ctx.store, draft, proposal.scope, request.actor, ctx.today())
        fact_id = ctx.store.add_fact(values, request.actor)
        ctx.store.decide_proposal(proposal.id, "approved", request.actor, reason, fact_id)
    fact = ctx.store.fact(fact_id)
    told = messages.TOLD_APPROVED.format(pid=proposal.id, statement=fact.statement)
    return replace(
        confirm(messages.APPROVED.format(pid=proposal.id, id=fact_id), fact),
        notify=_notify(proposal, told),
    )


def _apply_to_fact(ctx: Services, request: Request, proposal: Proposal, reason: str) -> Reply:
    """A sync's ended role or changed dates: approving changes the stored fact (recorded in its history)."""
    assert proposal.target_fact_id is not None
    fact = ctx.store.fact(proposal.target_fact_id)
    if fact.removed:
        raise BadArgument(messages.TARGET_REMOVED.format(id=fact.id, pid=proposal.id))
    permissions.check_may_change(request, fact)
    start, end = validation.date_range(
        proposal.start if proposal.change == "dates" else fact.start, proposal.end
    )
    changes: dict[str, object] = {"end": end}
    if proposal.change == "dates":
        changes["start"] = start
    with ctx.store.write():
        ctx.store.update_fact(
            fact.id, changes, request.actor, action="end" if proposal.change == "end" else "edit"
        )
        ctx.store.decide_proposal(proposal.id, "approved", request.actor, reason, fact.id)
    return confirm(messages.APPLIED.format(pid=proposal.id, id=fact.id), ctx.store.fact(fact.id))


def _wikidata_title(proposal: Proposal) -> str:
    return f"Wikidata {proposal.source_url.rsplit('/', 1)[-1]}" if proposal.origin == "wikidata" else ""


def _notify(proposal: Proposal, text: str) -> tuple[str, str] | None:
    """Tell the member who proposed it; a sync's proposals have no one to tell."""
    return (proposal.user_id, text) if proposal.user_id else None
