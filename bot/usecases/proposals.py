"""Members propose facts; admins approve (the fact is added) or reject (the reason is kept)."""

from __future__ import annotations

from dataclasses import replace

from factbot.bot.domain import messages, validation
from factbot.bot.domain.errors import BadArgument, NotAllowed, NotFound
from factbot.bot.domain.model import FactDraft
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
from factbot.bot.usecases.services import Services, confirm

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
    pending = ctx.store.proposals(permissions.scopes_to_change(request))
    if not pending:
        return Reply(text=messages.NO_PROPOSALS, kind=ReplyKind.LIST, ephemeral=True)
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
        kind=ReplyKind.LIST,
        ephemeral=True,
        proposal_ids=tuple(p.id for p in pending),
    )


def decide(ctx: Services, request: Request, cmd: DecideProposal) -> Reply:
    """Approve (the proposal becomes a fact in the proposer's scope) or reject (the reason is kept)."""
    permissions.check_may_change_anything(request)
    proposal = ctx.store.proposal(validation.fact_id(cmd.proposal_id))
    scopes = permissions.scopes_to_change(request)
    if scopes is not None and proposal.scope not in scopes:
        raise NotFound(f"There is no proposal #{proposal.id}.")
    if request.role != Role.GLOBAL_ADMIN and proposal.scope != request.scope:
        raise NotAllowed(messages.NOT_ALLOWED_SCOPE)
    if proposal.status != "pending":
        raise BadArgument(f"Proposal #{proposal.id} was already {proposal.status}.")
    reason = validation.text_field(cmd.reason, "reason")
    if not cmd.approve:
        ctx.store.decide_proposal(proposal.id, "rejected", request.actor, reason, None)
        said = f": {reason}" if reason else ""
        return Reply(
            text=messages.REJECTED.format(pid=proposal.id, reason=said),
            kind=ReplyKind.CONFIRMATION,
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
    with ctx.store.write():
        values = curation.prepare(ctx.store, draft, proposal.scope, request.actor, ctx.today())
        fact_id = ctx.store.add_fact(values, request.actor)
        ctx.store.decide_proposal(proposal.id, "approved", request.actor, reason, fact_id)
    fact = ctx.store.fact(fact_id)
    told = messages.TOLD_APPROVED.format(pid=proposal.id, statement=fact.statement)
    return replace(
        confirm(messages.APPROVED.format(pid=proposal.id, id=fact_id), fact),
        notify=(proposal.user_id, told),
    )
