"""Votes on answers, and the gaps report built from them and from unanswered questions."""

from __future__ import annotations

from factbot.bot.domain import messages, validation
from factbot.bot.domain.errors import BadArgument
from factbot.bot.domain.model import visible_scopes
from factbot.bot.domain.port import (
    Feedback,
    Field,
    Reply,
    ReplyKind,
    Request,
)
from factbot.bot.usecases import permissions
from factbot.bot.usecases.services import Services


def feedback(ctx: Services, request: Request, cmd: Feedback) -> Reply:
    """Record 👍/👎 on an answer; the facts must be ones this workspace can see."""
    ids = tuple(dict.fromkeys(validation.fact_id(i) for i in cmd.fact_ids))[:20]
    if not ids:
        raise BadArgument(messages.FEEDBACK_NEEDS_IDS)
    for fact_id in ids:
        ctx.store.fact(fact_id, visible_scopes(request.scope))
    comment = validation.text_field(cmd.comment, "comment")
    ctx.log.feedback(ids, cmd.helpful, comment, request.platform, request.text_scope)
    return Reply(
        text=messages.THANKS_UP if cmd.helpful else messages.THANKS_DOWN,
        kind=ReplyKind.CONFIRMATION,
        ephemeral=True,
        fact_ids=ids,
    )


def gaps(ctx: Services, request: Request) -> Reply:
    """What to fix first: questions people asked in vain, and the facts they said were wrong."""
    ctx.log.flush()
    scopes = permissions.text_scopes(request)  # people's words are shown only where they were written
    rows = ctx.store.gaps(scopes)
    voted = ctx.store.most_downvoted(scopes)
    if not rows and not voted:
        return Reply(text=messages.NO_GAPS, kind=ReplyKind.LIST, ephemeral=True)
    fields = [Field(f"{g.count}×", f"{g.question} (last asked {g.last_asked[:10]})") for g in rows]
    for fact_id, count, comment in voted:
        statement = ctx.store.fact(fact_id).statement
        said = f" — latest: {comment!r}" if comment else ""
        fields.append(Field(f"👎 {count}× · fact #{fact_id}", f"{statement}{said}"))
    return Reply(
        text=messages.GAPS_HEAD,
        fields=tuple(fields),
        kind=ReplyKind.LIST,
        ephemeral=True,
    )
